import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys, type PrimaryKey } from "../db/keys";
import { isConditionFailure } from "../db/transactions";
import { AppError } from "../errors";
import type { Account } from "./accounts";
import { normalizeLogin } from "./login-id";
import { decoyPasswordHash, verifyPassword } from "./password";
import { startSession } from "./sessions";
import { ACCOUNT_POLICY, afterFailure, CLIENT_POLICY, throttleDecision, type ThrottlePolicy, type ThrottleState } from "./throttle";

const THROTTLE_TTL_SECONDS = 24 * 60 * 60;

interface Attempt {
  login: string;
  password: string;
  /** The client's address, as the transport saw it. */
  client: string;
  now?: number;
}

/**
 * Checks a login and password and starts a session. Failures are counted per login and
 * per client address; too many in a row slow the next attempts down, then lock them.
 */
export async function logIn({ login: rawLogin, password, client, now = Date.now() }: Attempt) {
  const login = normalizeLogin(rawLogin);
  const throttles = [
    { key: Keys.throttle("login", login), policy: ACCOUNT_POLICY },
    { key: Keys.throttle("client", client), policy: CLIENT_POLICY },
  ];
  const { Responses } = await db().send(
    new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: [...throttles.map((t) => t.key), Keys.login(login)] } } }),
  );
  const found = Responses?.[tableName()] ?? [];
  const itemFor = (key: { pk: string }) => found.find((item) => item.pk === key.pk);
  const states = throttles.map((throttle) => itemFor(throttle.key) as ThrottleState | undefined);

  // The attempt is counted as a failure before the password is checked, conditional on the
  // state it was judged on: parallel guesses cannot all pass on one allowance. Someone who
  // lost that race (two devices signing in at once) is judged again on the fresh state.
  for (let round = 0; ; round += 1) {
    refuseIfThrottled(throttles, states, now);
    if (await reserveAttempt(throttles[0]!.key, ACCOUNT_POLICY, states[0], now)) break;
    if (round === 4) throw new AppError("auth.throttled", "登录尝试过于频繁，请稍后再试", { retryAfter: 1 });
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: throttles[0]!.key, ConsistentRead: true }));
    states[0] = Item as ThrottleState | undefined;
  }

  const loginItem = itemFor(Keys.login(login)) as { accountId: string } | undefined;
  const account = loginItem
    ? ((await db().send(new GetCommand({ TableName: tableName(), Key: Keys.account(loginItem.accountId) }))).Item as Account | undefined)
    : undefined;
  const valid = await verifyPassword(password, account?.passwordHash ?? (await decoyPasswordHash()));
  if (!account || !account.passwordHash || !valid) {
    await recordClientFailure(throttles[1]!.key, CLIENT_POLICY, states[1], now);
    throw new AppError("auth.invalid_credentials", "账号或密码不正确");
  }
  return startSession(account, [{ Delete: { TableName: tableName(), Key: throttles[0]!.key } }]);
}

function throttleTtl(now: number) {
  return Math.floor(now / 1000) + THROTTLE_TTL_SECONDS;
}

function refuseIfThrottled(throttles: Array<{ policy: ThrottlePolicy }>, states: Array<ThrottleState | undefined>, now: number): void {
  for (const [index, throttle] of throttles.entries()) {
    const decision = throttleDecision(throttle.policy, states[index], now);
    if (!decision.allowed) {
      const message = decision.reason === "locked" ? "登录失败次数过多，账号已暂时锁定，请稍后再试" : "登录尝试过于频繁，请稍后再试";
      throw new AppError(decision.reason === "locked" ? "auth.locked" : "auth.throttled", message, { retryAfter: decision.retryAfterSeconds });
    }
  }
}

/** Counts the attempt; false when the counter moved since it was read. */
async function reserveAttempt(key: PrimaryKey, policy: ThrottlePolicy, state: ThrottleState | undefined, now: number): Promise<boolean> {
  const next = afterFailure(policy, state, now);
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, type: "throttle", ...next, expiresAt: throttleTtl(now) },
        ConditionExpression: state ? "failures = :seen AND lastFailureAt = :seenAt" : "attribute_not_exists(pk)",
        ExpressionAttributeValues: state ? { ":seen": state.failures, ":seenAt": state.lastFailureAt } : undefined,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function recordClientFailure(key: PrimaryKey, policy: ThrottlePolicy, state: ThrottleState | undefined, now: number) {
  const lockExpired = state?.lockedUntil !== undefined && now >= state.lockedUntil;
  if (!state || lockExpired) {
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...key, type: "throttle", ...afterFailure(policy, undefined, now), expiresAt: throttleTtl(now) } }));
    return;
  }
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: "ADD failures :one SET lastFailureAt = :now, expiresAt = :ttl",
      ExpressionAttributeValues: { ":one": 1, ":now": now, ":ttl": throttleTtl(now) },
      ReturnValues: "ALL_NEW",
    }),
  );
  if ((Attributes?.failures as number) >= policy.lockAfter && Attributes?.lockedUntil === undefined) {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: "SET lockedUntil = if_not_exists(lockedUntil, :until)",
        ExpressionAttributeValues: { ":until": now + policy.lockSeconds * 1000 },
      }),
    );
  }
}
