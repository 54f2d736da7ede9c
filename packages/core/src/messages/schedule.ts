import { shanghaiInstant, summaryDueAt } from "../activities/time";
import type { ChangeRecord } from "./events";

/**
 * Messages that are due at a time rather than on a change — the day-before reminder of an
 * activity, the organizer's overdue summary, the end of a campaign's 公示 — are scheduled from
 * the stream: a change to an activity or campaign (re)sets or cancels its due item, and the
 * due-messages job finds due items by Query on their day (never a Scan). Pure.
 */
export const DUE_KINDS = ["activity.tomorrow", "activity.summary_overdue", "campaign.notice_ended"] as const;
export type DueKind = (typeof DUE_KINDS)[number];

/** One scheduled message: what it is about and when it is due (an ISO instant). */
export interface DueItem {
  kind: DueKind;
  subjectId: string;
  dueAt: string;
  /** What the job compares with the subject as it is then (start time, end time, 公示 end). */
  basis: string;
}

export type ScheduleChange = { set: DueItem } | { cancel: { kind: DueKind; subjectId: string } };

/** The hour (Beijing) at which reminders of the day are sent: nobody's phone buzzes at midnight. */
export const REMINDER_HOUR = 9;

/**
 * 09:00 Beijing on the day before a local Shanghai start time.
 * @example dayBeforeAt("2026-12-20T14:00") // "2026-12-19T01:00:00.000Z"
 */
export function dayBeforeAt(startsAt: string, hour = REMINDER_HOUR): string {
  const dayBefore = new Date(Date.parse(`${startsAt.slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return shanghaiInstant(`${dayBefore}T${String(hour).padStart(2, "0")}:00`).toISOString();
}

type Item = Record<string, unknown>;
const str = (value: unknown) => (typeof value === "string" ? value : "");
const changed = (record: ChangeRecord, ...fields: string[]) =>
  record.eventName === "INSERT" || !record.oldImage || fields.some((field) => JSON.stringify(record.oldImage?.[field] ?? null) !== JSON.stringify(record.newImage?.[field] ?? null));

function activity(record: ChangeRecord, item: Item): ScheduleChange[] {
  const activityId = str(item.activityId);
  if (!activityId) return [];
  if (record.eventName === "REMOVE") return [{ cancel: { kind: "activity.tomorrow", subjectId: activityId } }, { cancel: { kind: "activity.summary_overdue", subjectId: activityId } }];
  const changes: ScheduleChange[] = [];
  const startsAt = str(item.startsAt);
  // Only the fields a reminder depends on: a sign-up changing the counters schedules nothing.
  if (changed(record, "startsAt", "status") && startsAt) {
    changes.push(item.status === "cancelled" ? { cancel: { kind: "activity.tomorrow", subjectId: activityId } } : { set: { kind: "activity.tomorrow", subjectId: activityId, dueAt: dayBeforeAt(startsAt), basis: startsAt } });
  }
  const endsAt = str(item.endsAt);
  if (changed(record, "endsAt", "summary", "status") && endsAt) {
    const noSummaryNeeded = Boolean(item.summary) || item.status === "cancelled";
    changes.push(noSummaryNeeded ? { cancel: { kind: "activity.summary_overdue", subjectId: activityId } } : { set: { kind: "activity.summary_overdue", subjectId: activityId, dueAt: summaryDueAt({ endsAt }), basis: endsAt } });
  }
  return changes;
}

function campaign(record: ChangeRecord, item: Item): ScheduleChange[] {
  const campaignId = str(item.campaignId);
  if (!campaignId || !changed(record, "status", "noticeEndsAt")) return [];
  const noticeEndsAt = str(item.noticeEndsAt);
  if (record.eventName !== "REMOVE" && item.status === "notice" && noticeEndsAt) return [{ set: { kind: "campaign.notice_ended", subjectId: campaignId, dueAt: noticeEndsAt, basis: noticeEndsAt } }];
  return [{ cancel: { kind: "campaign.notice_ended", subjectId: campaignId } }];
}

/**
 * The due items one stream record sets or cancels (none for most records).
 * @example schedulesOf({ eventName: "INSERT", sequence: "1", newImage: { type: "ballot" } }) // []
 */
export function schedulesOf(record: ChangeRecord): ScheduleChange[] {
  const item = record.newImage ?? record.oldImage;
  if (item?.type === "activity") return activity(record, item);
  if (item?.type === "campaign") return campaign(record, item);
  return [];
}
