import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { nowIso } from "../ids";
import { MessageKeys } from "./keys";

/** Which channels a person wants beside 站内信 (always on). Not personal data beyond the choice. */
export interface ChannelPreferences {
  sms: boolean;
  email: boolean;
}

export const DEFAULT_PREFERENCES: ChannelPreferences = { sms: false, email: false };

export async function getPreferences(accountId: string): Promise<ChannelPreferences> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: MessageKeys.preferences(accountId) }));
  return { sms: Item?.sms === true, email: Item?.email === true };
}

export async function setPreferences(accountId: string, preferences: ChannelPreferences): Promise<ChannelPreferences> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...MessageKeys.preferences(accountId), type: "message_prefs", accountId, ...preferences, updatedAt: nowIso() } }));
  return preferences;
}
