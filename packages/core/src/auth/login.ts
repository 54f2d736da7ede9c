import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import type { Account } from "./accounts";
import { normalizeLogin } from "./login-id";
import { decoyPasswordHash, verifyPassword } from "./password";
import { guardPasswordCheck } from "./password-guard";
import { startSession } from "./sessions";

interface Attempt {
  login: string;
  password: string;
  /** The client's address, as the transport saw it. */
  client: string;
  now?: number;
}

/**
 * Checks a login and password and starts a session. Each check is taken from the throttle of
 * (login, client address) before the password is compared (password-guard.ts): failures slow
 * down the address they came from, and never lock the account for its owner elsewhere.
 */
export async function logIn({ login: rawLogin, password, client, now = Date.now() }: Attempt) {
  const login = normalizeLogin(rawLogin);
  const { guard, also } = await guardPasswordCheck({ subject: login, client, now, also: [Keys.login(login)] });
  const loginItem = also[0] as { accountId: string } | undefined;
  const account = loginItem
    ? ((await db().send(new GetCommand({ TableName: tableName(), Key: Keys.account(loginItem.accountId), ConsistentRead: true }))).Item as Account | undefined)
    : undefined;
  const valid = await verifyPassword(password, account?.passwordHash ?? (await decoyPasswordHash()));
  if (!account || !account.passwordHash || !valid) {
    await guard.recordFailure();
    throw new AppError("auth.invalid_credentials", "账号或密码不正确");
  }
  return startSession(account, guard.clearOnSuccess, now);
}
