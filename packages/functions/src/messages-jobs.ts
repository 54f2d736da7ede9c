import { sendDueMessages } from "@tongxin/core/messages/due";
import { remindOverdueTasks } from "@tongxin/core/messages/reminders";

/**
 * The scheduled message jobs (stacks/Messages.ts, every 15 minutes; locally a timer in
 * `npm start`): overdue approvals and the daily digest, then the scheduled messages — the
 * day-before activity reminder, overdue summaries, the end of a 公示. Both are idempotent.
 */
export async function runMessageJobs(now = new Date()) {
  // Both run even when the other fails; the run fails after, so the scheduler retries it.
  const [overdue, due] = await Promise.allSettled([remindOverdueTasks(now), sendDueMessages(now)]);
  if (overdue.status === "rejected") throw overdue.reason;
  if (due.status === "rejected") throw due.reason;
  return { overdueTasks: overdue.value, due: due.value };
}

export async function handler(): Promise<Awaited<ReturnType<typeof runMessageJobs>>> {
  return runMessageJobs();
}
