import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys, type PrimaryKey } from "../db/keys";
import { isConditionFailure, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { accountWindow, afterFailure, ceilingDecision, CLIENT_POLICY, liveState, PAIR_POLICY, throttleDecision, type ThrottleDecision, type ThrottleState } from "./throttle";

const PAIR_TTL_SECONDS = 24 * 60 * 60;
const RESERVE_ROUNDS = 5;

export interface PasswordGuard {
  /** Written with a successful check (the session's transaction): clears the pair's failures. */
  clearOnSuccess: TransactItem[];
  /** After a wrong password: counts it for the account's window and for the client address. */
  recordFailure(): Promise<void>;
}

interface GuardInput {
  /** Whose password is checked: the normalized login, or `account:<id>` for a signed-in check. */
  subject: string;
  /** The client's address, as the transport saw it. */
  client: string;
  now: number;
  /** Other items to read in the same BatchGetItem (e.g. the login claim). */
  also?: PrimaryKey[];
}

function throttled(decision: ThrottleDecision): void {
  if (!decision.allowed) throw new AppError("auth.throttled", "登录尝试过于频繁，请稍后再试", { retryAfter: decision.retryAfterSeconds });
}

/**
 * Takes one password check for (subject, client) before the password is compared (see
 * throttle.ts for the policy): refused with 429 `auth.throttled` and a Retry-After while a
 * delay runs; otherwise the pair's counter is moved by a write conditional on the state it
 * was judged on, so of parallel attempts each is judged on its own count. Someone who lost
 * that race (two devices signing in at once) is judged again on the fresh state.
 */
export async function guardPasswordCheck({ subject, client, now, also = [] }: GuardInput): Promise<{ guard: PasswordGuard; also: Array<Record<string, unknown> | undefined> }> {
  const window = accountWindow(now);
  const pairKey = Keys.throttle("pair", `${subject}#${client}`);
  const accountKey = Keys.throttle("account", `${subject}#${window.index}`);
  const clientKey = Keys.throttle("client", client);
  const keys = [pairKey, accountKey, clientKey, ...also];
  const { Responses } = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys, ConsistentRead: true } } }));
  const found = Responses?.[tableName()] ?? [];
  const itemAt = (key: PrimaryKey) => found.find((item) => item.pk === key.pk && item.sk === key.sk);
  let pair = itemAt(pairKey) as ThrottleState | undefined;
  const accountFailures = (itemAt(accountKey)?.failures as number | undefined) ?? 0;
  const clientState = itemAt(clientKey) as ThrottleState | undefined;

  for (let round = 0; ; round += 1) {
    throttled(throttleDecision(PAIR_POLICY, pair, now));
    throttled(ceilingDecision(accountFailures, liveState(PAIR_POLICY, pair, now), now));
    throttled(throttleDecision(CLIENT_POLICY, clientState, now));
    if (await reserve(pairKey, pair, now)) break;
    if (round === RESERVE_ROUNDS - 1) throttled({ allowed: false, retryAfterSeconds: 1 });
    pair = (await db().send(new GetCommand({ TableName: tableName(), Key: pairKey, ConsistentRead: true }))).Item as ThrottleState | undefined;
  }

  const guard: PasswordGuard = {
    clearOnSuccess: [{ Delete: { TableName: tableName(), Key: pairKey } }],
    recordFailure: async () => {
      await Promise.all([
        count(accountKey, Math.ceil(window.endsAt / 1000) + 60, now),
        // A forgotten client counter starts again (racing restarts may lose a count: it only slows).
        liveState(CLIENT_POLICY, clientState, now)
          ? count(clientKey, Math.floor(now / 1000) + PAIR_TTL_SECONDS, now)
          : restart(clientKey, Math.floor(now / 1000) + PAIR_TTL_SECONDS, now),
      ]);
    },
  };
  return { guard, also: also.map((key) => itemAt(key)) };
}

/** Counts the attempt on the pair; false when the counter moved since it was read. */
async function reserve(key: PrimaryKey, state: ThrottleState | undefined, now: number): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, type: "throttle", ...afterFailure(PAIR_POLICY, state, now), expiresAt: Math.floor(now / 1000) + PAIR_TTL_SECONDS },
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

async function count(key: PrimaryKey, expiresAt: number, now: number): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: "ADD failures :one SET lastFailureAt = :now, expiresAt = :ttl, #type = :type",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: { ":one": 1, ":now": now, ":ttl": expiresAt, ":type": "throttle" },
    }),
  );
}

async function restart(key: PrimaryKey, expiresAt: number, now: number): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...key, type: "throttle", ...afterFailure(CLIENT_POLICY, undefined, now), expiresAt } }));
}
