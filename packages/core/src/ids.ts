import { createHash, randomBytes } from "node:crypto";

/** A new random id: 128 bits, URL-safe. */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * A stable id derived from a client's Idempotency-Key, so a retried create writes the
 * same item and its conditional put tells a retry from a new request.
 * @example idFromIdempotencyKey("org", accountId, key) // same inputs → same id
 */
export function idFromIdempotencyKey(scope: string, actorId: string, key: string): string {
  return createHash("sha256").update(`${scope}\u0000${actorId}\u0000${key}`).digest("base64url").slice(0, 22);
}

export function nowIso(): string {
  return new Date().toISOString();
}
