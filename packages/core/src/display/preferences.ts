import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import { nowIso } from "../ids";

/** How a person wants the pages drawn. Only 长辈版 so far; absent on the account until first chosen. */
export interface DisplayPreferences {
  elderMode: boolean;
}

/**
 * Records the account's 长辈版 choice on the account item itself: every request already reads that
 * item with the session (auth/sessions.ts), so GET /me reports the choice without another read.
 */
export async function setDisplayPreferences(accountId: string, preferences: DisplayPreferences): Promise<DisplayPreferences> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.account(accountId),
        UpdateExpression: "SET elderMode = :elder, displayChangedAt = :at",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":elder": preferences.elderMode, ":at": nowIso() },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException") throw new AppError("auth.required", "请先登录");
    throw error;
  }
  return { elderMode: preferences.elderMode };
}
