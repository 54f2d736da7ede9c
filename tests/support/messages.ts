import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@tongxin/core/db/client";
import { queryAll } from "@tongxin/core/db/query";
import { MessageKeys } from "@tongxin/core/messages/keys";
import { drainStream, type PollerOptions } from "@tongxin/core/messages/stream-poller";
import { newId } from "@tongxin/core/ids";
import { call } from "./api";

/**
 * A real reader of DynamoDB Local's stream for one test file: its own consumer name, started
 * at the present end of the stream so it handles only what the file's requests cause (other
 * files' records it meets later are de-duplicated like any replay).
 */
export async function streamConsumer(options: Omit<PollerOptions, "consumer"> = {}) {
  const consumer = `test-${newId()}`;
  await drainStream({ consumer, handle: false });
  return {
    consumer,
    drain: (extra: Partial<PollerOptions> = {}) => drainStream({ ...options, ...extra, consumer }),
    /** Where the consumer stands now, to rewind to later (a replay). */
    async positions() {
      const key = MessageKeys.checkpointsOf(consumer);
      return queryAll({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix }, ConsistentRead: true });
    },
    async rewind(positions: Array<Record<string, unknown>>) {
      for (const item of positions) await db().send(new PutCommand({ TableName: tableName(), Item: item }));
    },
  };
}

export interface MessageSeen {
  messageId: string;
  template: string;
  title: string;
  body: string;
  link: string;
  eventId: string;
  readAt?: string;
}

/** Someone's messages (through the API, as the web app reads them). */
export async function messagesOf(token: string): Promise<{ items: MessageSeen[]; unread: number }> {
  const response = await call("GET", "/messages?limit=100", { token });
  if (response.status !== 200) throw new Error(`GET /messages: ${response.status} ${response.text}`);
  return response.json;
}

/** The messages someone got that lead to one place. */
export async function messagesAbout(token: string, link: string): Promise<MessageSeen[]> {
  return (await messagesOf(token)).items.filter((message) => message.link === link);
}
