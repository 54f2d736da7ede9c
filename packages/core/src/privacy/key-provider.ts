import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type * as Kms from "@aws-sdk/client-kms";
import { AppError } from "../errors";

/**
 * Where data keys come from (envelope encryption): in a deploy, the stage's customer-managed
 * KMS key (`PII_KMS_KEY_ID`, set by the Api stack) makes and unwraps them; locally and in tests,
 * a 32-byte master key in a file under `.data/` (created on first use, mode 0600) wraps them
 * with AES-256-GCM. The rest of the privacy module sees one interface.
 */
export interface KeyProvider {
  /** Which master key, recorded with every wrapped key (`kms:<key id>` or `local`). */
  readonly id: string;
  generateDataKey(): Promise<{ plaintext: Buffer; wrapped: Buffer }>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

function kmsProvider(keyId: string): KeyProvider {
  let client: Promise<{ send: (command: unknown) => Promise<unknown>; commands: typeof Kms }> | undefined;
  const kms = () => {
    client ??= import("@aws-sdk/client-kms").then((module) => {
      const instance = new module.KMSClient({});
      return { send: (command: unknown) => instance.send(command as never), commands: module };
    });
    return client;
  };
  return {
    id: `kms:${keyId}`,
    async generateDataKey() {
      const { send, commands } = await kms();
      const result = (await send(new commands.GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256" }))) as { Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array };
      if (!result.Plaintext || !result.CiphertextBlob) throw new AppError("internal.error", "KMS returned no data key");
      return { plaintext: Buffer.from(result.Plaintext), wrapped: Buffer.from(result.CiphertextBlob) };
    },
    async unwrap(wrapped) {
      const { send, commands } = await kms();
      const result = (await send(new commands.DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped }))) as { Plaintext?: Uint8Array };
      if (!result.Plaintext) throw new AppError("internal.error", "KMS returned no plaintext");
      return Buffer.from(result.Plaintext);
    },
  };
}

/**
 * The local master key: read from the file, or created there if missing. Creation writes a
 * temporary file and hard-links it into place, so two processes starting at once end up with
 * the same key (the loser of the link reads the winner's).
 */
export function localMasterKey(path: string): Buffer {
  try {
    return readKey(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(temporary, randomBytes(32), { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readKey(path);
}

function readKey(path: string): Buffer {
  const key = readFileSync(path);
  if (key.length !== 32) throw new AppError("internal.error", `${path} is not a 32-byte key`);
  return key;
}

function localProvider(path: string): KeyProvider {
  let master: Buffer | undefined;
  const key = () => (master ??= localMasterKey(path));
  return {
    id: "local",
    async generateDataKey() {
      const plaintext = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key(), iv);
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    async unwrap(wrapped) {
      const decipher = createDecipheriv("aes-256-gcm", key(), wrapped.subarray(0, 12));
      decipher.setAuthTag(wrapped.subarray(12, 28));
      return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
    },
  };
}

/** The local key file: `PII_KEY_FILE`, else `<DATA_DIR or .data>/pii-master.key`. */
export function localKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PII_KEY_FILE || join(env.DATA_DIR || ".data", "pii-master.key");
}

let cached: KeyProvider | undefined;

export function keyProvider(): KeyProvider {
  cached ??= process.env.PII_KMS_KEY_ID ? kmsProvider(process.env.PII_KMS_KEY_ID) : localProvider(localKeyPath());
  return cached;
}

/** Forget the provider (tests that change the environment). */
export function resetKeyProvider(): void {
  cached = undefined;
}
