import { createHash } from "node:crypto";
import type { PrimaryKey } from "../db/keys";
import type { Channel } from "./model";

/**
 * Key builders of the messages module (pure). The ids are derived from (event, recipient,
 * channel), so a replayed event writes to the same key and its conditional put refuses it.
 */
export const MessageKeys = {
  /**
   * One in-app message in its reader's partition; gsi2 lists them newest first, gsi3 holds
   * the unread ones only (removed on read), so the bell's count is one COUNT Query.
   */
  message: (accountId: string, messageId: string): PrimaryKey => ({ pk: `MSGS#${accountId}`, sk: `MSG#${messageId}` }),
  messageListed: (accountId: string, createdAt: string, messageId: string) => ({ gsi2pk: `MSGS#${accountId}`, gsi2sk: `${createdAt}#${messageId}` }),
  unread: (accountId: string, createdAt: string, messageId: string) => ({ gsi3pk: `UNREAD#${accountId}`, gsi3sk: `${createdAt}#${messageId}` }),
  messagesOf: (accountId: string) => ({ gsi2pk: `MSGS#${accountId}` }),
  unreadOf: (accountId: string) => ({ gsi3pk: `UNREAD#${accountId}` }),

  /** The record of one SMS or e-mail, claimed before it is sent. */
  delivery: (deliveryId: string): PrimaryKey => ({ pk: `DELIVERY#${deliveryId}`, sk: "DELIVERY" }),
  /** gsi1: an account's deliveries, newest last. */
  deliveryOfAccount: (accountId: string, createdAt: string, deliveryId: string) => ({ gsi1pk: `ACCOUNT#${accountId}`, gsi1sk: `DELIVERY#${createdAt}#${deliveryId}` }),

  /** The local outbox (npm start and tests): by address, and all of it newest first on gsi2. */
  outboxEntry: (to: string, deliveryId: string): PrimaryKey => ({ pk: `OUTBOX#${to}`, sk: `MSG#${deliveryId}` }),
  outboxListed: (at: string, deliveryId: string) => ({ gsi2pk: "OUTBOX", gsi2sk: `${at}#${deliveryId}` }),
  outboxOf: (to: string) => ({ pk: `OUTBOX#${to}`, skPrefix: "MSG#" }),

  /** A person's channel preferences. */
  preferences: (accountId: string): PrimaryKey => ({ pk: `ACCOUNT#${accountId}`, sk: "MESSAGE_PREFS" }),

  /** An SMS the request path asked for (sign-in code, invitation), with its parameters sealed until sent. */
  outgoing: (outgoingId: string): PrimaryKey => ({ pk: `OUTGOING#${outgoingId}`, sk: "OUTGOING" }),

  /** A scheduled message (schedule.ts): one per kind and subject, re-set when its time moves. */
  dueItem: (kind: string, subjectId: string): PrimaryKey => ({ pk: `REMIND#${kind}#${subjectId}`, sk: "REMIND" }),
  /** gsi3 while it waits: due items by the (UTC) day they fall due, so the job reads each day by Query. */
  dueOnDay: (dueAt: string, kind: string, subjectId: string) => ({ gsi3pk: `REMIND#${dueAt.slice(0, 10)}`, gsi3sk: `${dueAt}#${kind}#${subjectId}` }),

  /** A 催办: one per instance and Beijing day, the record of who nudged whom. */
  nudge: (instanceId: string, day: string): PrimaryKey => ({ pk: `NUDGE#${instanceId}`, sk: `DAY#${day}` }),

  /** Where a stream consumer has got to in one shard. */
  checkpoint: (consumer: string, shardId: string): PrimaryKey => ({ pk: `STREAMPOS#${consumer}`, sk: `SHARD#${shardId}` }),
  checkpointsOf: (consumer: string) => ({ pk: `STREAMPOS#${consumer}`, skPrefix: "SHARD#" }),
} as const;

/**
 * The id of the message of one event for one person on one channel.
 * @example deliveryIdOf("task#i1#a1#t", "a1", "inapp") === deliveryIdOf("task#i1#a1#t", "a1", "inapp")
 */
export function deliveryIdOf(eventId: string, accountId: string, channel: Channel): string {
  return createHash("sha256").update(`${eventId}\u0000${accountId}\u0000${channel}`).digest("base64url").slice(0, 22);
}
