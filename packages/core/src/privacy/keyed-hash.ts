import { createHmac } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { isConditionFailure } from "../db/transactions";
import { AppError } from "../errors";
import { keyProvider } from "./key-provider";
import type { PersonalKind } from "./mask";

/**
 * Keyed hashes (HMAC-SHA256) of sensitive values, stored beside their ciphertext so that
 * "is this 身份证号 already on the roll?" is a key lookup, never a decryption of every record.
 * The HMAC key is one per table: made on first use, kept in the table wrapped by the stage's
 * KMS key (or the local master key), unwrapped once per container.
 */
let hmacKey: Promise<Buffer> | undefined;

async function loadOrCreate(): Promise<Buffer> {
  const key = Keys.keyring("hmac");
  const read = async () => (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
  let item = await read();
  if (!item) {
    const { plaintext, wrapped } = await keyProvider().generateDataKey();
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...key, type: "keyring", purpose: "hmac", provider: keyProvider().id, wrapped: wrapped.toString("base64url"), createdAt: new Date().toISOString() },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return plaintext;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      item = await read();
    }
  }
  if (!item || typeof item.wrapped !== "string") throw new AppError("internal.error", "The keyring item has no wrapped key");
  return keyProvider().unwrap(Buffer.from(item.wrapped, "base64url"));
}

function key(): Promise<Buffer> {
  hmacKey ??= loadOrCreate().catch((error: unknown) => {
    hmacKey = undefined;
    throw error;
  });
  return hmacKey;
}

/** The value as compared: 身份证号 upper-case, phones digits only, e-mail lower-case, text trimmed. */
export function canonical(kind: PersonalKind, value: string): string {
  const trimmed = value.trim();
  if (kind === "idcard") return trimmed.toUpperCase();
  if (kind === "phone") return trimmed.replace(/\D/g, "").replace(/^86(?=1\d{10}$)/, "");
  if (kind === "email") return trimmed.toLowerCase();
  return trimmed;
}

/** `kind`-scoped: the same digits as a phone and as text hash differently. */
export async function keyedHash(kind: PersonalKind, value: string): Promise<string> {
  return createHmac("sha256", await key()).update(`${kind}\u0000${canonical(kind, value)}`).digest("base64url");
}

export function resetKeyedHash(): void {
  hmacKey = undefined;
}
