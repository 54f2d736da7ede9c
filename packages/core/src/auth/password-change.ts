import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import type { Account } from "./accounts";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password";
import { guardPasswordCheck } from "./password-guard";
import { passwordProblem, type PasswordOwner } from "./password-strength";
import { startSession } from "./sessions";

/** Refuses a weak password with 422 naming `field` (password-strength.ts has the rule). */
export function requireStrongPassword(password: string, owner: PasswordOwner, field: string): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw new AppError("validation.failed", problem, { fields: { [field]: [problem] } });
}

async function currentAccount(accountId: string): Promise<Account> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.account(accountId), ConsistentRead: true }));
  if (!Item) throw new AppError("auth.required", "请先登录");
  return Item as Account;
}

/**
 * The write that sets a new password and raises the account's session epoch, conditional on the
 * epoch it was read at: every session signed in before it ends.
 */
export async function newPasswordItem(account: Account, password: string): Promise<{ item: TransactItem; epoch: number }> {
  const seen = account.sessionEpoch ?? 0;
  return {
    epoch: seen + 1,
    item: {
      Update: {
        TableName: tableName(),
        Key: Keys.account(account.accountId),
        UpdateExpression: "SET passwordHash = :hash, passwordChangedAt = :at, sessionEpoch = :next",
        ConditionExpression: seen === 0 ? "attribute_exists(pk) AND (attribute_not_exists(sessionEpoch) OR sessionEpoch = :seen)" : "sessionEpoch = :seen",
        ExpressionAttributeValues: { ":hash": await hashPassword(password), ":at": nowIso(), ":next": seen + 1, ":seen": seen },
      },
    },
  };
}

/**
 * 修改密码: the current password is checked (throttled like a sign-in, per account and client
 * address), the new one must pass the strength rule; every session of the account ends and the
 * caller gets a fresh one, in the same transaction as the new password.
 */
export async function changePassword(input: { accountId: string; currentPassword: string; newPassword: string; client: string; now?: number }) {
  const now = input.now ?? Date.now();
  const account = await currentAccount(input.accountId);
  const { guard } = await guardPasswordCheck({ subject: `account:${account.accountId}`, client: input.client, now });
  const valid = await verifyPassword(input.currentPassword, account.passwordHash ?? (await decoyPasswordHash()));
  if (!account.passwordHash || !valid) {
    await guard.recordFailure();
    throw new AppError("validation.failed", "当前密码不正确", { fields: { currentPassword: ["当前密码不正确"] } });
  }
  requireStrongPassword(input.newPassword, account, "newPassword");
  if (input.newPassword === input.currentPassword) {
    throw new AppError("validation.failed", "新密码不能与当前密码相同", { fields: { newPassword: ["新密码不能与当前密码相同"] } });
  }
  const { item, epoch } = await newPasswordItem(account, input.newPassword);
  try {
    return await startSession({ ...account, sessionEpoch: epoch }, [item, ...guard.clearOnSuccess], now);
  } catch (error) {
    if (cancellationReasons(error)?.[1] === "ConditionalCheckFailed") throw new AppError("conflict.stale", "账号刚在别处修改过，请重新登录后再试");
    throw error;
  }
}
