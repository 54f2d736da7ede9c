import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { isConditionFailure } from "../db/transactions";
import { nowIso } from "../ids";
import { PermanentSendError, type ChannelAdapter, type OutgoingMessage } from "./channels/channel";
import { MessageKeys } from "./keys";
import { maskAddress } from "./mask";
import type { Delivery, DeliveryStatus } from "./model";

/** Sends that fail this often are left as failed; the stream record is no longer retried for them. */
export const MAX_ATTEMPTS = 3;

async function update(deliveryId: string, status: DeliveryStatus, fields: { providerId?: string; error?: string }): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: MessageKeys.delivery(deliveryId),
      UpdateExpression: "SET #status = :status, updatedAt = :at, providerId = :provider, #error = :error",
      ExpressionAttributeNames: { "#status": "status", "#error": "error" },
      ExpressionAttributeValues: { ":status": status, ":at": nowIso(), ":provider": fields.providerId ?? null, ":error": fields.error ?? null },
    }),
  );
}

/**
 * Sends one SMS or e-mail at most once, keeping its record (who, event, channel, status,
 * provider id, error). The record is claimed before the provider is called, so a replay of
 * the same event finds it: sent → nothing to do; interrupted mid-send → sent again only
 * through a provider that de-duplicates by id (the local outbox), otherwise marked
 * `uncertain` rather than risk a second SMS. A failed send is retried with the stream record
 * up to `MAX_ATTEMPTS` times (the error is rethrown), a permanent refusal is not.
 * @returns the delivery's final status for this attempt.
 */
export async function sendOnce(adapter: ChannelAdapter, message: OutgoingMessage, who: { eventId: string; accountId: string }): Promise<DeliveryStatus> {
  const now = nowIso();
  const record: Delivery & { attempts: number } = {
    deliveryId: message.deliveryId,
    eventId: who.eventId,
    accountId: who.accountId,
    channel: adapter.channel,
    template: message.template,
    toMasked: maskAddress(message.to),
    status: "sending",
    createdAt: now,
    updatedAt: now,
    attempts: 1,
  };
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...MessageKeys.delivery(message.deliveryId), ...MessageKeys.deliveryOfAccount(who.accountId, now, message.deliveryId), type: "delivery", provider: adapter.provider, ...record },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: MessageKeys.delivery(message.deliveryId), ConsistentRead: true }));
    const existing = Item as (Delivery & { attempts?: number }) | undefined;
    const attempts = existing?.attempts ?? 1;
    const resendable = existing?.status === "failed" && attempts < MAX_ATTEMPTS && !existing.error?.startsWith("permanent:");
    if (existing?.status === "sending" && !adapter.idempotent) {
      await update(message.deliveryId, "uncertain", { error: "interrupted while sending; not sent again to avoid a duplicate" });
      return "uncertain";
    }
    if (existing?.status !== "sending" && !resendable) return existing?.status ?? "sent";
    await db().send(
      new UpdateCommand({ TableName: tableName(), Key: MessageKeys.delivery(message.deliveryId), UpdateExpression: "SET attempts = :n, #status = :sending", ExpressionAttributeNames: { "#status": "status" }, ExpressionAttributeValues: { ":n": attempts + 1, ":sending": "sending" } }),
    );
    record.attempts = attempts + 1;
  }
  try {
    const { providerId } = await adapter.send(message);
    await update(message.deliveryId, "sent", { providerId });
    return "sent";
  } catch (error) {
    const permanent = error instanceof PermanentSendError;
    await update(message.deliveryId, "failed", { error: `${permanent ? "permanent: " : ""}${(error as Error).message}`.slice(0, 500) });
    if (!permanent && record.attempts < MAX_ATTEMPTS) throw error;
    return "failed";
  }
}

/** One delivery's record (tests, support). */
export async function getDelivery(deliveryId: string): Promise<(Delivery & { attempts: number; provider: string }) | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: MessageKeys.delivery(deliveryId), ConsistentRead: true }));
  return Item as (Delivery & { attempts: number; provider: string }) | undefined;
}
