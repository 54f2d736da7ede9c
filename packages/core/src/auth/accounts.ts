import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { newId, nowIso } from "../ids";
import { normalizeLogin } from "./login-id";
import { hashPassword } from "./password";

export interface Account {
  accountId: string;
  name: string;
  phone?: string;
  email?: string;
  /** Absent for members imported from a roll who have not been given a password yet. */
  passwordHash?: string;
  platformAdmin?: boolean;
  createdAt: string;
  /** Raised by 修改密码, 忘记密码 and 退出所有设备: sessions of an older epoch are over (sessions.ts). */
  sessionEpoch?: number;
  passwordChangedAt?: string;
}

export interface NewAccount {
  name: string;
  phone?: string;
  email?: string;
  password?: string;
  platformAdmin?: boolean;
}

/** The items that create an account and claim its logins, for use inside a larger transaction. */
export async function accountCreationItems(input: NewAccount, accountId = newId()) {
  const account: Account = {
    accountId,
    name: input.name,
    phone: input.phone ? normalizeLogin(input.phone) : undefined,
    email: input.email ? normalizeLogin(input.email) : undefined,
    passwordHash: input.password ? await hashPassword(input.password) : undefined,
    platformAdmin: input.platformAdmin || undefined,
    createdAt: nowIso(),
  };
  const logins = [account.phone, account.email].filter((login): login is string => Boolean(login));
  const items = [
    { Put: { TableName: tableName(), Item: { ...Keys.account(accountId), type: "account", ...account }, ConditionExpression: "attribute_not_exists(pk)" } },
    ...logins.map((login) => ({
      Put: {
        TableName: tableName(),
        Item: { ...Keys.login(login), type: "login", login, accountId },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    })),
  ];
  return { account, logins, items };
}

/**
 * Creates an account; each phone or email may belong to one account only, enforced by
 * conditional writes in one transaction.
 */
export async function createAccount(input: NewAccount): Promise<Account> {
  const { account, logins, items } = await accountCreationItems(input);
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons) {
      const taken = logins.filter((_, index) => reasons[index + 1] === "ConditionalCheckFailed");
      if (taken.length > 0) {
        const fields = Object.fromEntries(taken.map((login) => [login.includes("@") ? "email" : "phone", ["该登录名已被使用"]]));
        throw new AppError("account.login_taken", "手机号或邮箱已被其他账号使用", { fields });
      }
    }
    throw error;
  }
  return account;
}

export async function getAccount(accountId: string): Promise<Account | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.account(accountId) }));
  return Item as Account | undefined;
}

/** Public view of an account: never the password hash. */
export function publicAccount(account: Account) {
  return {
    accountId: account.accountId,
    name: account.name,
    phone: account.phone,
    email: account.email,
    platformAdmin: Boolean(account.platformAdmin),
  };
}
