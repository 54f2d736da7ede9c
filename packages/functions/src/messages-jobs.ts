import { sendDueMessages } from "@tongxin/core/messages/due";
import { remindOverdueTasks } from "@tongxin/core/messages/reminders";
import { eraseDuePersonalData, SCHEDULED_LOOK_BACK_DAYS } from "@tongxin/core/privacy/retention";

/**
 * The scheduled message jobs (stacks/Messages.ts, every 15 minutes; locally a timer in
 * `npm start`): overdue approvals and the daily digest, then the scheduled messages — the
 * day-before activity reminder, overdue summaries, the end of a 公示 — and the erasure of personal
 * answers past their form's retention (privacy/retention.ts). All are idempotent.
 */
export async function runMessageJobs(now = new Date()) {
  // Each runs even when another fails; the run fails after, so the scheduler retries it.
  const [overdue, due, retention] = await Promise.allSettled([remindOverdueTasks(now), sendDueMessages(now), eraseDuePersonalData(now, SCHEDULED_LOOK_BACK_DAYS)]);
  if (overdue.status === "rejected") throw overdue.reason;
  if (due.status === "rejected") throw due.reason;
  if (retention.status === "rejected") throw retention.reason;
  return { overdueTasks: overdue.value, due: due.value, erased: retention.value.erased };
}

export async function handler(): Promise<Awaited<ReturnType<typeof runMessageJobs>>> {
  return runMessageJobs();
}
