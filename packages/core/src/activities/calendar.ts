import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { decodeCursor, encodeCursor, type Page } from "../db/paging";
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

async function queryCalendar(orgId: string, range: CalendarRange): Promise<{ ids: string[]; cursor?: string }> {
  const bounded = range.from !== undefined || range.to !== undefined;
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi3",
      KeyConditionExpression: bounded ? "gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to" : "gsi3pk = :pk",
      ExpressionAttributeValues: { ":pk": Keys.calendarOf(orgId).gsi3pk, ...(bounded ? { ":from": range.from ?? "0000", ":to": `${range.to ?? "9999"}\uffff` } : {}) },
      ProjectionExpression: "activityId",
      Limit: range.limit,
      ExclusiveStartKey: decodeCursor(range.cursor),
    }),
  );
  return { ids: (result.Items ?? []).map((item) => item.activityId as string), cursor: encodeCursor(result.LastEvaluatedKey) };
}

async function activitiesByIds(ids: string[]): Promise<Activity[]> {
  const found = new Map((await batchGetAll(ids.map((id) => Keys.activity(id)))).map((item) => [item.activityId as string, pickFields<Activity>(item, ACTIVITY_FIELDS)]));
  return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
}

/** One page of the org's activities in a range of start times, earliest first. */
export async function listActivities(orgId: string, range: CalendarRange = {}, now = new Date()): Promise<Page<ActivityView>> {
  const { ids, cursor } = await queryCalendar(orgId, { ...range, limit: range.limit ?? 50 });
  return { items: (await activitiesByIds(ids)).map((activity) => activityView(activity, now)), cursor };
}

/** Every activity of the org's subtree starting in a month (`YYYY-MM`), earliest first. */
export async function monthCalendar(orgId: string, month: string, now = new Date()): Promise<ActivityView[]> {
  const { from, to } = monthRange(month);
  return (await allActivities(orgId, { from, to })).map((activity) => activityView(activity, now));
}

/** Every activity of the org's subtree (optionally in a range): for statistics rebuilds. */
export async function allActivities(orgId: string, range: Pick<CalendarRange, "from" | "to"> = {}): Promise<Activity[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryCalendar(orgId, { ...range, cursor });
    ids.push(...page.ids);
    cursor = page.cursor;
  } while (cursor);
  return activitiesByIds(ids);
}
