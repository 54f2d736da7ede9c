import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { sessionSecret } from "../auth/secret";

/**
 * Parameters of an SMS the request path asks for (a sign-in code) travel to the stream
 * consumer sealed (AES-256-GCM, key derived from the session secret), and the consumer
 * removes them once sent: the table never holds a code in clear.
 */
async function key(): Promise<Buffer> {
  return Buffer.from(hkdfSync("sha256", await sessionSecret(), "tongxin", "outgoing-sms-params", 32));
}

export async function seal(params: Record<string, string>): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await key(), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(params), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64url");
}

export async function unseal(sealed: string): Promise<Record<string, string>> {
  const bytes = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", await key(), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8")) as Record<string, string>;
}
