import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import type { Account } from "./accounts";
import { hashPassword } from "./password";
import { startSession } from "./sessions";
import { consumeSmsCode } from "./sms-code";

async function account(accountId: string): Promise<Account> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.account(accountId), ConsistentRead: true }));
  if (!Item) throw new AppError("auth.code_invalid", "验证码错误或已过期", { fields: { code: ["验证码错误或已过期"] } });
  return Item as Account;
}

/** 短信验证码登录: a valid code starts a session, for members with or without a password. */
export async function logInWithSmsCode(input: { phone: string; code: string }) {
  const accountId = await consumeSmsCode({ ...input, purpose: "login" });
  return startSession(await account(accountId));
}

/** 忘记密码: a valid reset code sets a new password (the member's own choice; no admin sees it). */
export async function resetPasswordWithSmsCode(input: { phone: string; code: string; password: string }): Promise<void> {
  const accountId = await consumeSmsCode({ phone: input.phone, code: input.code, purpose: "reset" });
  await account(accountId);
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: Keys.account(accountId),
      UpdateExpression: "SET passwordHash = :hash, passwordChangedAt = :at",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":hash": await hashPassword(input.password), ":at": nowIso() },
    }),
  );
}
