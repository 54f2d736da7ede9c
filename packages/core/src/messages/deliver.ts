import { BatchGetCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { isConditionFailure } from "../db/transactions";
import { audienceOf } from "./audience";
import type { ChannelAdapter } from "./channels/channel";
import { channels as stageChannels } from "./channels";
import { sendOnce } from "./deliveries";
import { writeInAppMessage } from "./inbox";
import { deliveryIdOf, MessageKeys } from "./keys";
import type { DomainEvent } from "./model";
import { DEFAULT_PREFERENCES, type ChannelPreferences } from "./preferences";
import { unseal } from "./sealed";
import { render, smsCodeOf, smsParams, TEMPLATES } from "./templates";

export interface Channels {
  sms: ChannelAdapter;
  email: ChannelAdapter;
}

interface Person {
  accountId: string;
  phone?: string;
  email?: string;
  preferences: ChannelPreferences;
}

/** Accounts and their channel preferences, 100 keys per BatchGet. */
async function people(accountIds: string[]): Promise<Person[]> {
  const found = new Map<string, Record<string, unknown>>();
  const keys = accountIds.flatMap((id) => [Keys.account(id), MessageKeys.preferences(id)]);
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Array<Record<string, unknown>>; ProjectionExpression?: string }> | undefined = { [tableName()]: { Keys: keys.slice(i, i + 100) } };
    while (request && Object.keys(request).length > 0) {
      const result = await db().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of result.Responses?.[tableName()] ?? []) found.set(`${String(item.pk)}|${String(item.sk)}`, item);
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return accountIds.flatMap((accountId) => {
    const account = found.get(`ACCOUNT#${accountId}|ACCOUNT`);
    if (!account) return [];
    const prefs = found.get(`ACCOUNT#${accountId}|MESSAGE_PREFS`);
    return [{ accountId, phone: account.phone as string | undefined, email: account.email as string | undefined, preferences: prefs ? { sms: prefs.sms === true, email: prefs.email === true } : DEFAULT_PREFERENCES }];
  });
}

/** The longest comment a message quotes (an SMS parameter must stay short). */
export const QUOTE_LENGTH = 60;

/**
 * The event with the reviewer's comment in `comment`: read from the audit entry the action
 * wrote, cut to `QUOTE_LENGTH`. Without one (an old entry, no comment) the template's default stays.
 */
async function withQuote(event: DomainEvent): Promise<DomainEvent> {
  if (!event.quote) return event;
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.auditEntry(event.quote.instanceId, event.quote.seq), ConsistentRead: true }));
  const recorded = (Item?.event ?? {}) as { events?: Array<{ comment?: unknown }> };
  const comment = recorded.events?.map((e) => (typeof e.comment === "string" ? e.comment.trim() : "")).find(Boolean);
  if (!comment) return event;
  const quoted = comment.length > QUOTE_LENGTH ? `${comment.slice(0, QUOTE_LENGTH - 1)}…` : comment;
  return { ...event, params: { ...event.params, comment: `“${quoted}”` } };
}

/**
 * Delivers one event: a 站内信 to every recipient, and an SMS and e-mail to those who asked
 * for them (or by SMS always, for templates that exist to reach a phone). Every write is keyed
 * by (event, person, channel), so delivering the same event again sends nothing twice.
 */
export async function deliverEvent(given: DomainEvent, channels: Channels = stageChannels()): Promise<void> {
  const event = await withQuote(given);
  if (event.audience && "phone" in event.audience) return deliverToPhone(event, event.audience, channels.sms);
  const recipients = [...new Set([...event.recipients, ...(event.audience ? await audienceOf(event.audience) : [])])];
  const template = TEMPLATES[event.template];
  // Links in an SMS must be whole addresses: the site's URL (SITE_URL) before the path.
  const params = event.params.link?.startsWith("/") ? { ...event.params, link: `${process.env.SITE_URL ?? ""}${event.params.link}` } : event.params;
  const { title, body } = render(event.template, params);
  const message = { template: event.template, smsCode: smsCodeOf(event.template), params: smsParams(event.template, params), title, body };
  for (const person of await people(recipients)) {
    await writeInAppMessage(event, person.accountId, deliveryIdOf(event.eventId, person.accountId, "inapp"));
    const who = { eventId: event.eventId, accountId: person.accountId };
    if (person.phone && (person.preferences.sms || template.smsAlways)) {
      await sendOnce(channels.sms, { ...message, deliveryId: deliveryIdOf(event.eventId, person.accountId, "sms"), to: person.phone }, who);
    }
    if (person.email && person.preferences.email) {
      await sendOnce(channels.email, { ...message, deliveryId: deliveryIdOf(event.eventId, person.accountId, "email"), to: person.email }, who);
    }
  }
}

/** A sign-in code or invitation: an SMS to a number, its parameters unsealed here and then erased. */
async function deliverToPhone(event: DomainEvent, audience: { phone: string; outgoingId: string }, sms: ChannelAdapter): Promise<void> {
  let params: Record<string, string>;
  try {
    params = await unseal(event.params.sealed ?? "");
  } catch {
    return; // sealed under an older secret: nothing that can still be sent
  }
  // An invitation's link, like any link in an SMS, is a whole address.
  if (params.link?.startsWith("/")) params = { ...params, link: `${process.env.SITE_URL ?? ""}${params.link}` };
  const { title, body } = render(event.template, params);
  const deliveryId = deliveryIdOf(event.eventId, audience.phone, "sms");
  await sendOnce(sms, { deliveryId, to: audience.phone, template: event.template, smsCode: smsCodeOf(event.template), params: smsParams(event.template, params), title, body }, { eventId: event.eventId, accountId: params.accountId ?? "" });
  try {
    await db().send(new UpdateCommand({ TableName: tableName(), Key: MessageKeys.outgoing(audience.outgoingId), UpdateExpression: "REMOVE sealed", ConditionExpression: "attribute_exists(pk)" }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
