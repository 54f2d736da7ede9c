import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { joinNextWrite } from "../db/joined-write";
import { Keys } from "../db/keys";
import { isConditionFailure, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { newId } from "../ids";
import { objectIdOf, recordIdOf, type KeyScope } from "./fingerprint";

/** How long a key is remembered: a retry within it replays, the same key after it is a new request. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface Claim {
  /** The id the request's object gets: the same for every retry of the first request. */
  objectId: string;
  /** True when an earlier request with this key and body stored its object (this one is a retry). */
  retry: boolean;
}

interface ClaimItem {
  fingerprint: string;
  generation: string;
  expiresAt: number;
}

/** Two requests with one key at once: the one whose claim landed first made the object. */
const inProgress = () =>
  new AppError("idempotency.in_progress", "同一个 Idempotency-Key 的请求正在处理或刚刚完成：请稍后用同一个键重试，将得到第一次请求的结果");

/**
 * Claims an Idempotency-Key for a request before it writes anything, in its scope (account,
 * method, path). A key whose claim is stored (within 24 h) with the same body's fingerprint is a
 * retry: it gets the first request's object id, so the object's own conditional write finds that
 * object and the route replays it. A new key gets a fresh object id, and its claim is written in
 * the same transaction as the object (db/joined-write.ts): a claim exists only with its object,
 * so a request refused or failed before writing leaves the key free, and a stored claim means its
 * object was stored. Of concurrent first requests with one key, one stores claim and object; the
 * others are refused with 409 `idempotency.in_progress`, having written nothing.
 * @throws AppError `idempotency.key_reused` (422) when the key's stored body differs
 */
export async function claimKey(scope: KeyScope, key: string, fingerprint: string, now = new Date()): Promise<Claim> {
  const recordId = recordIdOf(scope, key);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const stored = (await db().send(new GetCommand({ TableName: tableName(), Key: Keys.idempotencyKey(recordId), ConsistentRead: true }))).Item as ClaimItem | undefined;
  // TTL deletes lazily: a record past its expiry counts as gone.
  if (stored && stored.expiresAt >= nowSeconds) {
    if (stored.fingerprint !== fingerprint) {
      throw new AppError("idempotency.key_reused", "这个 Idempotency-Key 已用于另一内容的请求：请为新请求换一个新的键", {
        fields: { "idempotency-key": ["已用于另一内容的请求（24 小时内同一个键只能对应同一个请求）"] },
      });
    }
    return { objectId: objectIdOf(recordId, stored.generation), retry: true };
  }
  const fresh: ClaimItem = { fingerprint, generation: newId(), expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS };
  const objectId = objectIdOf(recordId, fresh.generation);
  joinNextWrite({ marker: objectId, item: claimPut(recordId, fresh, now), refusal: inProgress });
  return { objectId, retry: false };
}

function claimPut(recordId: string, claim: ClaimItem, now: Date): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.idempotencyKey(recordId), type: "idempotency_key", ...claim, createdAt: now.toISOString() },
      ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
      ExpressionAttributeValues: { ":now": Math.floor(now.getTime() / 1000) },
    },
  };
}

/**
 * Stores a claim no write of its request carried (a route whose object write does not hold the
 * object id it was given): after the object, not with it, so that a retry still finds it.
 */
export async function storeUnjoinedClaim(item: TransactItem): Promise<void> {
  try {
    await db().send(new PutCommand(item.Put!));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
