/**
 * Activity times are local Asia/Shanghai wall-clock times written `YYYY-MM-DDTHH:mm` (what
 * the proposal form's datetime fields hold). China keeps UTC+8 all year, so converting is
 * a fixed offset. Pure.
 */
const OFFSET = "+08:00";
const DAY_MS = 86_400_000;

/** How long after an activity ends its summary is due. */
export const SUMMARY_GRACE_DAYS = 7;

/** The instant a local Shanghai time stands for. */
export function shanghaiInstant(local: string): Date {
  return new Date(`${local}:00${OFFSET}`);
}

/** An instant as a local Shanghai time `YYYY-MM-DDTHH:mm`. */
export function shanghaiLocal(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** `2026` and `12` of `2026-12-12T14:00`. */
export function yearOf(local: string): string {
  return local.slice(0, 4);
}
export function monthOf(local: string): string {
  return local.slice(5, 7);
}

export function hasStarted(activity: { startsAt: string }, now: Date): boolean {
  return shanghaiInstant(activity.startsAt).getTime() <= now.getTime();
}

export function hasEnded(activity: { endsAt: string }, now: Date): boolean {
  return shanghaiInstant(activity.endsAt).getTime() <= now.getTime();
}

/** When the post-event summary is due (ISO instant). */
export function summaryDueAt(activity: { endsAt: string }): string {
  return new Date(shanghaiInstant(activity.endsAt).getTime() + SUMMARY_GRACE_DAYS * DAY_MS).toISOString();
}

/** No summary yet, more than seven days after the activity ended. */
export function isSummaryOverdue(activity: { endsAt: string; summary?: unknown }, now: Date): boolean {
  return !activity.summary && new Date(summaryDueAt(activity)).getTime() < now.getTime();
}

/** `YYYY-MM` → the start-time bounds covering that month (prefixes; the upper bound is closed with `\uffff` by the query). */
export function monthRange(month: string): { from: string; to: string } {
  return { from: month, to: month };
}
