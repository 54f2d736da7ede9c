import { createHash, createHmac, randomBytes } from "node:crypto";

/**
 * The election's secrets: one-time voting codes, tracking codes, and the per-election cast key.
 *
 * - A voting code is 80 random bits in Crockford base32 (16 characters, grouped by four for
 *   typing when a QR code will not scan; `code-format.ts` states the arithmetic); only its SHA-256
 *   is stored. 80 bits make guessing hopeless even from many addresses, so a fast hash suffices.
 * - A tracking code (查验码) is what the voter keeps and finds in the published bulletin. With an
 *   Idempotency-Key it is HMAC(castKey, election | voter | key): the same retried request gets
 *   the same code, yet nobody without both the cast key and the client's key can compute it.
 *   The cast key exists only while the vote is open: closing deletes it.
 */
import { CODE_ALPHABET as ALPHABET, CODE_LENGTH, isWellFormedCode, normalizeCode, printedCode } from "./code-format";

export { isWellFormedCode, normalizeCode };

export const SHARDS = 16;

function base32(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.slice(0, length);
}

const group = (text: string, size: number) => text.match(new RegExp(`.{1,${size}}`, "g"))!.join("-");

/** A fresh voting code: 80 random bits, shown as `XXXX-XXXX-XXXX-XXXX`. */
export function newVotingCode(): string {
  return printedCode(base32(randomBytes(10), CODE_LENGTH));
}

export function codeHash(code: string): string {
  return createHash("sha256").update(`tongxin-voting-code\u0000${normalizeCode(code)}`).digest("hex");
}

/** A shard 0..SHARDS-1 from the first byte of a hex or random string's hash. */
export function shardOf(value: string): number {
  return createHash("sha256").update(value).digest()[0]! % SHARDS;
}

export function newCastKey(): string {
  return randomBytes(32).toString("base64");
}

function hmac(key: string, ...parts: string[]): Buffer {
  return createHmac("sha256", Buffer.from(key, "base64")).update(parts.join("\u0000")).digest();
}

/** The tracking code for a cast: derived from the Idempotency-Key when there is one, else random. */
export function trackingCode(castKey: string, electionId: string, voterId: string, idempotencyKey: string | undefined): string {
  const bytes = idempotencyKey ? hmac(castKey, "track", electionId, voterId, idempotencyKey) : randomBytes(16);
  return group(base32(bytes, 16), 4);
}

/**
 * What the receipt keeps to recognise a replay of the same request: a MAC of the
 * Idempotency-Key under the cast key, in a different domain from the tracking code, so it
 * reveals nothing about the ballot. Useless once the cast key is destroyed at close.
 */
export function replayTag(castKey: string, electionId: string, voterId: string, idempotencyKey: string): string {
  return hmac(castKey, "replay", electionId, voterId, idempotencyKey).toString("base64url");
}
