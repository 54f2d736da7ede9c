import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import type { Page } from "../db/paging";
import { countAll, queryPage } from "../db/query";
import { isConditionFailure } from "../db/transactions";
import { nowIso } from "../ids";
import { MessageKeys } from "./keys";
import type { DomainEvent, Message } from "./model";
import { render } from "./templates";

/**
 * 站内信: written once per (event, person) by a conditional put, so a replayed event finds
 * its message already there. @returns false when it was there already.
 */
export async function writeInAppMessage(event: DomainEvent, accountId: string, messageId: string, at = nowIso()): Promise<boolean> {
  const { title, body } = render(event.template, event.params);
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...MessageKeys.message(accountId, messageId),
          ...MessageKeys.messageListed(accountId, at, messageId),
          ...MessageKeys.unread(accountId, at, messageId),
          type: "message",
          channel: "inapp",
          status: "delivered",
          accountId,
          messageId,
          eventId: event.eventId,
          template: event.template,
          title,
          body,
          link: event.link,
          createdAt: at,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function toMessage(item: Record<string, unknown>): Message {
  const { messageId, eventId, template, title, body, link, createdAt, readAt } = item as unknown as Message;
  return { messageId, eventId, template, title, body, link, createdAt, ...(readAt ? { readAt } : {}) };
}

/** A person's messages, newest first: one Query. */
export async function listMessages(accountId: string, options: { cursor?: string; limit?: number } = {}): Promise<Page<Message>> {
  const page = await queryPage(
    { IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :pk", ExpressionAttributeValues: { ":pk": MessageKeys.messagesOf(accountId).gsi2pk }, ScanIndexForward: false },
    { ...options, defaultLimit: 20 },
  );
  return { items: page.items.map(toMessage), cursor: page.cursor };
}

/** How many messages the bell shows: a COUNT Query on the unread index. */
export function unreadCount(accountId: string): Promise<number> {
  return countAll({ IndexName: "gsi3", KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: { ":pk": MessageKeys.unreadOf(accountId).gsi3pk } });
}

/**
 * Marks messages read (the given ones, or every unread one). Only the reader's own partition
 * is touched, so someone else's message id marks nothing. @returns how many changed.
 */
export async function markRead(accountId: string, target: { messageIds: string[] } | { all: true }): Promise<number> {
  const ids =
    "all" in target
      ? (
          await db().send(
            new QueryCommand({
              TableName: tableName(),
              IndexName: "gsi3",
              KeyConditionExpression: "gsi3pk = :pk",
              ExpressionAttributeValues: { ":pk": MessageKeys.unreadOf(accountId).gsi3pk },
              ProjectionExpression: "messageId",
              Limit: 500,
            }),
          )
        ).Items?.map((item) => item.messageId as string) ?? []
      : target.messageIds;
  const at = nowIso();
  const results = await Promise.all(
    ids.map(async (messageId) => {
      try {
        await db().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: MessageKeys.message(accountId, messageId),
            UpdateExpression: "SET readAt = :at REMOVE gsi3pk, gsi3sk",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(readAt)",
            ExpressionAttributeValues: { ":at": at },
          }),
        );
        return 1;
      } catch (error) {
        if (isConditionFailure(error)) return 0;
        throw error;
      }
    }),
  );
  return results.reduce<number>((sum, n) => sum + n, 0);
}
