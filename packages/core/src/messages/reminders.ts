import { queryAll } from "../db/query";
import { taskDue } from "../workflows/instances";
import { deliverEvent, type Channels } from "./deliver";
import { beijingTime } from "./events";
import type { DomainEvent } from "./model";

/** How far back the job looks for tasks still open past their due day. */
export const OVERDUE_LOOKBACK_DAYS = 30;

/**
 * The overdue reminder of one open task on one (Beijing) day: its id names the day, so a
 * task is reminded when it falls due and then at most once a day, however often the job runs.
 */
export function overdueReminder(task: Record<string, unknown>, now: Date): DomainEvent {
  const day = beijingTime(now.toISOString()).slice(0, 10);
  const instanceId = String(task.instanceId);
  return {
    eventId: `overdue#${instanceId}#${String(task.accountId)}#${day}`,
    template: "approval.overdue",
    recipients: [String(task.accountId)],
    params: { title: String(task.title), step: String(task.stepName), due: beijingTime(String(task.dueAt)) },
    link: `/instances/${instanceId}`,
  };
}

/**
 * Reminds the assignee of every task past due: one Query per due day on the due-task index
 * (gsi3 `DUE#<day>`), never a Scan. A task acted on is gone from the index, so it gets nothing.
 * @returns how many open overdue tasks were found.
 */
export async function remindOverdueTasks(now = new Date(), channels?: Channels): Promise<number> {
  const nowIso = now.toISOString();
  let found = 0;
  for (let back = OVERDUE_LOOKBACK_DAYS; back >= 0; back -= 1) {
    const day = new Date(now.getTime() - back * 86_400_000).toISOString();
    const { gsi3pk } = taskDue(day, "", "");
    const tasks = await queryAll({
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :pk AND gsi3sk < :now",
      ExpressionAttributeValues: { ":pk": gsi3pk, ":now": nowIso },
    });
    for (const task of tasks.filter((item) => item.type === "task")) {
      found += 1;
      await deliverEvent(overdueReminder(task, now), channels);
    }
  }
  return found;
}
