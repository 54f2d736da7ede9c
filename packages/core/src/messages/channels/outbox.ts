import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../../db/client";
import { isConditionFailure } from "../../db/transactions";
import { nowIso } from "../../ids";
import { MessageKeys } from "../keys";
import type { ChannelAdapter, OutgoingMessage } from "./channel";

export interface OutboxEntry {
  deliveryId: string;
  channel: "sms" | "email";
  to: string;
  template: string;
  smsCode: string;
  params: Record<string, string>;
  title: string;
  body: string;
  at: string;
}

const printers: Array<(entry: OutboxEntry) => void> = [];

/** Called with every new outbox entry (`npm start` prints them). */
export function onOutbox(print: (entry: OutboxEntry) => void): void {
  printers.push(print);
}

/**
 * The local outbox: SMS and e-mail land in the table instead of a provider, keyed by the
 * delivery id, so a re-send writes nothing new. Used by `npm start` and the tests only.
 */
export function outboxChannel(channel: "sms" | "email"): ChannelAdapter {
  return {
    channel,
    provider: "outbox",
    idempotent: true,
    async send(message: OutgoingMessage) {
      const at = nowIso();
      const entry: OutboxEntry = { deliveryId: message.deliveryId, channel, to: message.to, template: message.template, smsCode: message.smsCode, params: message.params, title: message.title, body: message.body, at };
      try {
        await db().send(
          new PutCommand({
            TableName: tableName(),
            Item: { ...MessageKeys.outboxEntry(message.to, message.deliveryId), ...MessageKeys.outboxListed(at, message.deliveryId), type: "outbox", ...entry },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        for (const print of printers) print(entry);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      return { providerId: `outbox-${message.deliveryId}` };
    },
  };
}

/** What the outbox holds for one phone number or address, oldest first. */
export async function outboxFor(to: string): Promise<OutboxEntry[]> {
  const key = MessageKeys.outboxOf(to);
  const result = await db().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix }, ConsistentRead: true }),
  );
  return ((result.Items ?? []) as OutboxEntry[]).sort((a, b) => a.at.localeCompare(b.at));
}

/** The newest outbox entries (the /dev/outbox page). */
export async function latestOutbox(limit = 50): Promise<OutboxEntry[]> {
  const result = await db().send(
    new QueryCommand({ TableName: tableName(), IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :pk", ExpressionAttributeValues: { ":pk": "OUTBOX" }, ScanIndexForward: false, Limit: limit }),
  );
  return (result.Items ?? []) as OutboxEntry[];
}
