import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import type { PersonalField } from "../forms/personal-fields";
import { withValueAt } from "../forms/personal-fields";

/**
 * Retention (PIPL art. 19, 47): a form's `retentionDays` puts a due marker beside each submitted
 * submission (gsi1 `RETAIN_DUE#<day>`); the job Queries the markers of each day up to today (never
 * a Scan) and erases the personal answers: sealed values and their hashes removed, personal
 * answers in clear dropped from `data`, `erasedAt` set. A second run finds nothing (the marker is
 * deleted with the erasure, and the erasure is conditional on `erasedAt` not being set). Audit
 * chains keep account ids only, so they verify unchanged.
 */
const DAY_MS = 86_400_000;

/** The scheduled run looks a month back, so a job that was down for weeks still catches up. */
export const SCHEDULED_LOOK_BACK_DAYS = 31;

export function dueDay(submittedAt: string, retentionDays: number): string {
  return new Date(Date.parse(submittedAt) + retentionDays * DAY_MS).toISOString().slice(0, 10);
}

/** The marker written in the submission's own transaction when it is submitted. */
export function retentionItem(submissionId: string, submittedAt: string, retentionDays: number): TransactItem {
  return { Put: { TableName: tableName(), Item: { ...Keys.retentionDue(submissionId, dueDay(submittedAt, retentionDays)), type: "retention_due", submissionId } } };
}

async function eraseOne(submissionId: string, markerKey: { pk: string; sk: string }, at: string): Promise<boolean> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.submission(submissionId), ConsistentRead: true }));
  const deleteMarker: TransactItem = { Delete: { TableName: tableName(), Key: markerKey } };
  if (!Item || Item.erasedAt) {
    await db().send(new TransactWriteCommand({ TransactItems: [deleteMarker] }));
    return false;
  }
  let data = (Item.data ?? {}) as Record<string, unknown>;
  for (const field of (Item.personal ?? []) as PersonalField[]) data = withValueAt(data, field.path, undefined);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: Keys.submission(submissionId),
              UpdateExpression: "SET #data = :data, erasedAt = :at REMOVE sealed, sealedHashes",
              ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(erasedAt)",
              ExpressionAttributeNames: { "#data": "data" },
              ExpressionAttributeValues: { ":data": data, ":at": at },
            },
          },
          deleteMarker,
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationReasons(error)?.[0] === "ConditionalCheckFailed") return false;
    throw error;
  }
}

/** Erases what is due on or before `today`, looking back `lookBackDays` days; returns how many submissions were erased. */
export async function eraseDuePersonalData(today = new Date(), lookBackDays = 400): Promise<{ erased: number }> {
  let erased = 0;
  const at = new Date().toISOString();
  for (let back = lookBackDays; back >= 0; back -= 1) {
    const day = new Date(today.getTime() - back * DAY_MS).toISOString().slice(0, 10);
    const markers = await queryAll({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": Keys.retentionDueOn(day).gsi1pk } });
    for (const marker of markers) if (await eraseOne(marker.submissionId as string, { pk: marker.pk as string, sk: marker.sk as string }, at)) erased += 1;
  }
  return { erased };
}
