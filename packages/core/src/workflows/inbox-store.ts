import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import type { Page } from "../db/paging";
import { countAll, queryPage } from "../db/query";
import type { TransactItem } from "../db/transactions";
import type { ApprovalKind } from "../approvals/kinds";
import { nowIso } from "../ids";

/**
 * 待办 (the inbox) and its badge. Tasks live in their instance's partition and are listed by the
 * inbox index (gsi2). The badge does not count them: every transaction that puts or deletes tasks
 * also adds +1/−1 to one of the person's count shards (`inboxCountItems`), so the count is one
 * short Query however many tasks wait. Shards, because concurrent approvals often hand tasks to
 * the same next approver: a single counter item would make those transactions conflict.
 */
export const INBOX_COUNT_SHARDS = 8;

/**
 * The count writes for tasks moved in one transaction: one ADD per person whose number of open
 * tasks changes (a transaction may touch an item once, so deltas are summed per person first).
 */
export function inboxCountItems(changes: Array<{ accountId: string; delta: number }>, shard = Math.floor(Math.random() * INBOX_COUNT_SHARDS)): TransactItem[] {
  const deltas = new Map<string, number>();
  for (const { accountId, delta } of changes) deltas.set(accountId, (deltas.get(accountId) ?? 0) + delta);
  return [...deltas]
    .filter(([, delta]) => delta !== 0)
    .map(([accountId, delta]) => ({
      Update: {
        TableName: tableName(),
        Key: Keys.inboxCountShard(accountId, shard),
        UpdateExpression: "ADD #open :delta SET #type = :type, accountId = :account",
        ExpressionAttributeNames: { "#open": "open", "#type": "type" },
        ExpressionAttributeValues: { ":delta": delta, ":type": "inbox_count", ":account": accountId },
      },
    }));
}

export interface InboxTask {
  instanceId: string;
  title: string;
  /** What is being approved (活动申报, 形式审查 of a case entry, 候选人提名, a form); absent on tasks assigned before it was recorded. */
  approvalKind?: ApprovalKind;
  stepName: string;
  submitterName: string;
  unitName: string;
  dueAt: string;
  assignedAt: string;
  overdue: boolean;
}

/** A person's 待办, soonest due first: one Query on the inbox index. */
export async function inbox(accountId: string, options: { cursor?: string; limit?: number } = {}): Promise<Page<InboxTask>> {
  const page = await queryPage(
    { IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :pk", ExpressionAttributeValues: { ":pk": Keys.inboxOf(accountId).gsi2pk } },
    options,
  );
  const now = nowIso();
  return {
    items: page.items.map((item) => ({
      instanceId: item.instanceId as string,
      title: item.title as string,
      ...(item.approvalKind ? { approvalKind: item.approvalKind as ApprovalKind } : {}),
      stepName: item.stepName as string,
      submitterName: item.submitterName as string,
      unitName: item.unitName as string,
      dueAt: item.dueAt as string,
      assignedAt: item.assignedAt as string,
      overdue: (item.dueAt as string) < now,
    })),
    cursor: page.cursor,
  };
}

/** The badge: the sum of a person's count shards (one Query of at most `INBOX_COUNT_SHARDS` small items). */
export async function openTaskCount(accountId: string): Promise<number> {
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": Keys.inboxCountOf(accountId).pk },
      ProjectionExpression: "#open",
      ExpressionAttributeNames: { "#open": "open" },
      ConsistentRead: true,
    }),
  );
  // Never below zero: tasks written before the counter existed may be removed (npm run inbox:recount repairs such a count).
  return Math.max(0, (result.Items ?? []).reduce((sum, item) => sum + Number(item.open ?? 0), 0));
}

/** Open tasks by counting the inbox index itself (pages through it): what the badge must equal. */
export function countOpenTasks(accountId: string): Promise<number> {
  return countAll({ IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :pk", ExpressionAttributeValues: { ":pk": Keys.inboxOf(accountId).gsi2pk } });
}

/**
 * How many tasks wait in a person's inbox (the badge, from the count shards), and how many are
 * overdue (a Query over the overdue part of the inbox index only, which runs alongside).
 */
export async function inboxCounts(accountId: string): Promise<{ open: number; overdue: number }> {
  const [open, overdue] = await Promise.all([openTaskCount(accountId), countOverdueTasks(accountId)]);
  return { open, overdue };
}

/**
 * Tasks past their due time: the inbox index sorts by due time, so the Query covers only the
 * overdue ones — but DynamoDB Local still takes tens of ms for it in a 10,000-task partition
 * (bench: "overdue Query alone"), which is what the badge request now waits for.
 */
export function countOverdueTasks(accountId: string): Promise<number> {
  return countAll({ IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :pk AND gsi2sk < :to", ExpressionAttributeValues: { ":pk": Keys.inboxOf(accountId).gsi2pk, ":to": nowIso() } });
}
