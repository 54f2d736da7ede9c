import { ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { countOpenTasks } from "./inbox-store";

/**
 * Repair of the inbox badge (scripts/recount-inbox.ts). The badge is the sum of a person's count
 * shards, moved in the same transactions as the tasks (inbox-store.ts); tasks written before the
 * shards existed were never counted, so after that deploy — or if a count is ever doubted — the
 * shards are brought back to what the inbox index holds.
 *
 * The fix is a correction, not an overwrite: it ADDs (tasks − badge) to shard 0, so a task moved by
 * a concurrent approval between the two reads is not lost by a SET. A move in that window can still
 * leave the badge off by the tasks it moved; the recount then reads again (up to three passes) and
 * reports anyone still off, which is why it is meant for a quiet hour.
 */
export interface InboxRecount {
  accountId: string;
  tasks: number;
  badge: number;
}

/** Every account with an inbox task or a count shard: a Scan, for this maintenance job only. */
export async function accountsWithInboxes(): Promise<string[]> {
  const accounts = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: "begins_with(gsi2pk, :inbox) OR begins_with(pk, :count)",
        ExpressionAttributeValues: { ":inbox": "INBOX#", ":count": "INBOXCOUNT#" },
        ProjectionExpression: "pk, gsi2pk",
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const key = typeof item.gsi2pk === "string" && item.gsi2pk.startsWith("INBOX#") ? item.gsi2pk.slice("INBOX#".length) : String(item.pk).slice("INBOXCOUNT#".length);
      accounts.add(key);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return [...accounts].sort();
}

async function measure(accountId: string): Promise<InboxRecount> {
  const [tasks, badge] = await Promise.all([countOpenTasks(accountId), storedBadge(accountId)]);
  return { accountId, tasks, badge };
}

/** The shards' sum as stored (the badge route clamps it at zero; a repair must see a negative sum). */
async function storedBadge(accountId: string): Promise<number> {
  const items = await queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": Keys.inboxCountOf(accountId).pk }, ConsistentRead: true });
  return items.reduce((sum, item) => sum + Number(item.open ?? 0), 0);
}

/**
 * Brings each account's badge to its inbox's task count. Returns the accounts found off (before any
 * fix) and, when writing, those still off after three passes.
 */
export async function recountInboxes(accountIds: string[], options: { write: boolean }): Promise<{ checked: number; off: InboxRecount[]; stillOff: InboxRecount[] }> {
  const off: InboxRecount[] = [];
  const stillOff: InboxRecount[] = [];
  for (const accountId of accountIds) {
    let seen = await measure(accountId);
    if (seen.tasks === seen.badge) continue;
    off.push(seen);
    if (!options.write) continue;
    for (let pass = 0; pass < 3 && seen.tasks !== seen.badge; pass += 1) {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: Keys.inboxCountShard(accountId, 0),
          UpdateExpression: "ADD #open :delta SET #type = :type, accountId = :account",
          ExpressionAttributeNames: { "#open": "open", "#type": "type" },
          ExpressionAttributeValues: { ":delta": seen.tasks - seen.badge, ":type": "inbox_count", ":account": accountId },
        }),
      );
      seen = await measure(accountId);
    }
    if (seen.tasks !== seen.badge) stillOff.push(seen);
  }
  return { checked: accountIds.length, off, stillOff };
}
