import { queryAll } from "../db/query";
import { taskDue } from "../workflows/instances";
import { deliverEvent, type Channels } from "./deliver";
import { throwIfAny } from "./due";
import { beijingDay, beijingTime } from "./events";
import type { DomainEvent } from "./model";
import { REMINDER_HOUR } from "./schedule";

/** How far back the job looks for tasks still open past their due day. */
export const OVERDUE_LOOKBACK_DAYS = 30;

/** How many titles a digest names before "等". */
const DIGEST_TITLES = 3;

export { beijingDay };

/**
 * The reminder of a task on the day it falls overdue: its id names the task's due time, so
 * each assignment is reminded this way once, however often the job runs.
 */
export function overdueReminder(task: Record<string, unknown>): DomainEvent {
  const instanceId = String(task.instanceId);
  return {
    eventId: `overdue#${instanceId}#${String(task.accountId)}#${String(task.dueAt)}`,
    template: "approval.overdue",
    recipients: [String(task.accountId)],
    params: { title: String(task.title), step: String(task.stepName), due: beijingTime(String(task.dueAt)) },
    link: `/instances/${instanceId}`,
  };
}

/**
 * One person's daily digest: every task of theirs overdue since an earlier day, in one message
 * instead of one each. Its id names the person and the Beijing day: one a day at most.
 */
export function overdueDigest(accountId: string, tasks: Array<Record<string, unknown>>, now: Date): DomainEvent {
  const titles = [...new Set(tasks.map((task) => `「${String(task.title)}」`))];
  const named = titles.slice(0, DIGEST_TITLES).join("、") + (titles.length > DIGEST_TITLES ? "等" : "");
  return {
    eventId: `digest#${accountId}#${beijingDay(now)}`,
    template: "approval.digest",
    recipients: [accountId],
    params: { count: String(tasks.length), titles: named },
    link: "/inbox",
  };
}

/**
 * What the overdue job sends now (pure): a task that fell due today (Beijing) is reminded on its
 * own, once; tasks overdue since an earlier day are gathered into one digest per person, sent
 * from 09:00 Beijing. So no task is reminded more than once a day and nobody gets a message per task.
 */
export function overdueMessages(tasks: Array<Record<string, unknown>>, now: Date): DomainEvent[] {
  const today = beijingDay(now);
  const fresh = tasks.filter((task) => beijingDay(String(task.dueAt)) === today);
  const older = new Map<string, Array<Record<string, unknown>>>();
  for (const task of tasks) {
    if (beijingDay(String(task.dueAt)) === today) continue;
    const accountId = String(task.accountId);
    older.set(accountId, [...(older.get(accountId) ?? []), task]);
  }
  const digestTime = Number(beijingTime(now.toISOString()).slice(11, 13)) >= REMINDER_HOUR;
  return [...fresh.map(overdueReminder), ...(digestTime ? [...older].map(([accountId, mine]) => overdueDigest(accountId, mine, now)) : [])];
}

/**
 * Reminds assignees of open tasks past due: one Query per due day on the due-task index
 * (gsi3 `DUE#<day>`), never a Scan. A task acted on is gone from the index, so it gets nothing.
 * @returns how many open overdue tasks were found.
 */
export async function remindOverdueTasks(now = new Date(), channels?: Channels): Promise<number> {
  const nowIso = now.toISOString();
  const tasks: Array<Record<string, unknown>> = [];
  for (let back = OVERDUE_LOOKBACK_DAYS; back >= 0; back -= 1) {
    const day = new Date(now.getTime() - back * 86_400_000).toISOString();
    const { gsi3pk } = taskDue(day, "", "");
    const found = await queryAll({
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :pk AND gsi3sk < :now",
      ExpressionAttributeValues: { ":pk": gsi3pk, ":now": nowIso },
    });
    tasks.push(...found.filter((item) => item.type === "task"));
  }
  const failures: unknown[] = [];
  for (const event of overdueMessages(tasks, now)) await deliverEvent(event, channels).catch((error: unknown) => failures.push(error));
  throwIfAny(failures);
  return tasks.length;
}
