import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors";
import { keyProvider } from "./key-provider";

/**
 * Envelope encryption of one value: AES-256-GCM (node:crypto) under a data key that the stage's
 * KMS key made (or the local master key wrapped); the wrapped data key travels with the value.
 * A container reuses one data key for a while (like the AWS Encryption SDK's caching materials
 * manager) and remembers the data keys it has unwrapped, so a list of records costs no KMS call
 * per record. `context` (the record's identity) is bound to the ciphertext as additional
 * authenticated data: a value copied onto another record does not open.
 *
 * Sealed form: `v1.<wrapped key>.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
const DATA_KEY_MAX_AGE_MS = 5 * 60_000;
const DATA_KEY_MAX_USES = 10_000;
const UNWRAPPED_CACHE_SIZE = 256;

let current: { key: Promise<{ plaintext: Buffer; wrapped: Buffer }>; since: number; uses: number } | undefined;
const unwrapped = new Map<string, Promise<Buffer>>();

async function dataKey(): Promise<{ plaintext: Buffer; wrapped: Buffer }> {
  const now = Date.now();
  if (!current || now - current.since > DATA_KEY_MAX_AGE_MS || current.uses >= DATA_KEY_MAX_USES) {
    const key = keyProvider().generateDataKey();
    current = { key, since: now, uses: 0 };
    key.catch(() => {
      if (current?.key === key) current = undefined;
    });
  }
  current.uses += 1;
  return current.key;
}

function unwrap(wrapped: string): Promise<Buffer> {
  let key = unwrapped.get(wrapped);
  if (!key) {
    if (unwrapped.size >= UNWRAPPED_CACHE_SIZE) unwrapped.delete(unwrapped.keys().next().value!);
    key = keyProvider().unwrap(Buffer.from(wrapped, "base64url"));
    unwrapped.set(wrapped, key);
    key.catch(() => unwrapped.delete(wrapped));
  }
  return key;
}

export async function seal(plaintext: string, context: string): Promise<string> {
  const { plaintext: key, wrapped } = await dataKey();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", wrapped.toString("base64url"), iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export async function open(sealed: string, context: string): Promise<string> {
  const [version, wrapped, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !wrapped || !iv || !tag || body === undefined) throw new AppError("internal.error", "Unknown sealed value format");
  const decipher = createDecipheriv("aes-256-gcm", await unwrap(wrapped), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** Forget the cached data keys (tests that change the key provider). */
export function resetEnvelopeKeys(): void {
  current = undefined;
  unwrapped.clear();
}
