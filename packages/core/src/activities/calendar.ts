import { batchGetAll } from "../db/batch";
import { Keys } from "../db/keys";
import type { Page } from "../db/paging";
import { queryAll, queryPage } from "../db/query";
import { ACTIVITY_FIELDS, activityView, pickFields, type Activity, type ActivityView } from "./model";
import { monthRange } from "./time";

/**
 * The activity calendar of an org: every activity of the org and of every org beneath it,
 * by start time — one Query on gsi3 (each activity has an entry per ancestor-or-self org),
 * then one BatchGet for the live counters.
 */
export interface CalendarRange {
  /** Local start-time bounds, inclusive, compared as strings (`2026-12`, `2026-12-01`, `2026-12-12T14:00`). */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

function calendarQuery(orgId: string, range: Pick<CalendarRange, "from" | "to">) {
  const bounded = range.from !== undefined || range.to !== undefined;
  return {
    IndexName: "gsi3",
    KeyConditionExpression: bounded ? "gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to" : "gsi3pk = :pk",
    ExpressionAttributeValues: { ":pk": Keys.calendarOf(orgId).gsi3pk, ...(bounded ? { ":from": range.from ?? "0000", ":to": `${range.to ?? "9999"}\uffff` } : {}) },
    ProjectionExpression: "activityId",
  };
}

async function activitiesByIds(ids: string[]): Promise<Activity[]> {
  const found = new Map((await batchGetAll(ids.map((id) => Keys.activity(id)))).map((item) => [item.activityId as string, pickFields<Activity>(item, ACTIVITY_FIELDS)]));
  return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
}

/** One page of the org's activities in a range of start times, earliest first. */
export async function listActivities(orgId: string, range: CalendarRange = {}, now = new Date()): Promise<Page<ActivityView>> {
  const page = await queryPage(calendarQuery(orgId, range), { cursor: range.cursor, limit: range.limit });
  const ids = page.items.map((item) => item.activityId as string);
  return { items: (await activitiesByIds(ids)).map((activity) => activityView(activity, now)), cursor: page.cursor };
}

/** Every activity of the org's subtree starting in a month (`YYYY-MM`), earliest first. */
export async function monthCalendar(orgId: string, month: string, now = new Date()): Promise<ActivityView[]> {
  const { from, to } = monthRange(month);
  return (await allActivities(orgId, { from, to })).map((activity) => activityView(activity, now));
}

/** Every activity of the org's subtree (optionally in a range): for statistics rebuilds. */
export async function allActivities(orgId: string, range: Pick<CalendarRange, "from" | "to"> = {}): Promise<Activity[]> {
  const items = await queryAll(calendarQuery(orgId, range));
  return activitiesByIds(items.map((item) => item.activityId as string));
}
