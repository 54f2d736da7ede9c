import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import type { Account } from "./accounts";
import { normalizeLogin } from "./login-id";
import { newPasswordItem, requireStrongPassword } from "./password-change";
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

/**
 * 忘记密码: a valid reset code sets a new password (the member's own choice; no admin sees it),
 * under the same strength rule as 修改密码, and ends every session the account had. The rule is
 * applied with the phone before the code is used (a weak password keeps the code), and with the
 * account's name only after, so the answer never tells a stranger whose number it is.
 */
export async function resetPasswordWithSmsCode(input: { phone: string; code: string; password: string }): Promise<void> {
  requireStrongPassword(input.password, { phone: normalizeLogin(input.phone) }, "password");
  const accountId = await consumeSmsCode({ phone: input.phone, code: input.code, purpose: "reset" });
  const owner = await account(accountId);
  requireStrongPassword(input.password, owner, "password");
  const { item } = await newPasswordItem(owner, input.password);
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [item] }));
  } catch (error) {
    if (cancellationReasons(error)?.[0] === "ConditionalCheckFailed") throw new AppError("conflict.stale", "账号刚在别处修改过，请重新获取验证码再试");
    throw error;
  }
}
