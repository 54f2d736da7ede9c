import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { isConditionFailure } from "../db/transactions";
import { AppError } from "../errors";
import { newId } from "../ids";
import { objectIdOf, recordIdOf, type KeyScope } from "./fingerprint";

/** How long a key is remembered: a retry within it replays, the same key after it is a new request. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** A key's record as this request wrote it, to release it if the request is refused. */
export interface NewClaim {
  recordId: string;
  generation: string;
}

export interface Claim {
  /** The id the request's object gets: the same for every retry of the first request. */
  objectId: string;
  /** True when an earlier request with this key and body came first (this one is a retry). */
  retry: boolean;
  /** Set when this request made the record. */
  created?: NewClaim;
}

interface ClaimItem {
  fingerprint: string;
  generation: string;
  expiresAt: number;
}

/**
 * Claims an Idempotency-Key for a request before it writes anything. The first request stores
 * the body's fingerprint with the key (kept 24 h, by TTL); a retry with the same fingerprint
 * gets the same object id, so the object's own conditional write makes it exactly-once (also
 * when the first try's reply was lost, and for concurrent retries: one writes, the others find
 * its object and replay it). The same key with another body is refused, nothing written.
 * @throws AppError `idempotency.key_reused` (422)
 */
export async function claimKey(scope: KeyScope, key: string, fingerprint: string, now = new Date()): Promise<Claim> {
  const recordId = recordIdOf(scope, key);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const fresh: ClaimItem = { fingerprint, generation: newId(), expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS };
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...Keys.idempotencyKey(recordId), type: "idempotency_key", ...fresh, createdAt: now.toISOString() },
        // TTL deletes lazily: a record past its expiry counts as gone.
        ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
        ExpressionAttributeValues: { ":now": nowSeconds },
      }),
    );
    return { objectId: objectIdOf(recordId, fresh.generation), retry: false, created: { recordId, generation: fresh.generation } };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const stored = (await db().send(new GetCommand({ TableName: tableName(), Key: Keys.idempotencyKey(recordId), ConsistentRead: true }))).Item as ClaimItem | undefined;
  // Vanished between the two calls (expired and deleted): claim afresh.
  if (!stored) return claimKey(scope, key, fingerprint, now);
  if (stored.fingerprint !== fingerprint) {
    throw new AppError("idempotency.key_reused", "这个 Idempotency-Key 已用于另一内容的请求：请为新请求换一个新的键", {
      fields: { "idempotency-key": ["已用于另一内容的请求（24 小时内同一个键只能对应同一个请求）"] },
    });
  }
  return { objectId: objectIdOf(recordId, stored.generation), retry: true };
}

/**
 * Forgets a key whose first request was refused (4xx: invalid, not allowed, wrong state) before
 * it wrote anything, so the client may correct the request and send it again with the same key,
 * as Stripe does for requests that fail validation. Only the record that request made.
 */
export async function releaseClaim(claim: NewClaim): Promise<void> {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: Keys.idempotencyKey(claim.recordId),
        ConditionExpression: "generation = :generation",
        ExpressionAttributeValues: { ":generation": claim.generation },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
