import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level, so two bodies that mean the same thing (keys in
 * another order, other whitespace) have one text.
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const sha256 = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("base64url");

/** The request's fingerprint: a hash of its canonical body (no body hashes as `null`). */
export function fingerprintOf(body: unknown): string {
  return sha256(canonicalJson(body ?? null));
}

/** What a key is scoped to: the account and the operation with its target (method + path, which carries the path parameters). */
export interface KeyScope {
  accountId: string;
  method: string;
  path: string;
}

/**
 * The id of a key's record: the key within its scope, hashed (neither the account nor the key
 * is stored in clear).
 * @example recordIdOf({ accountId: "A1", method: "POST", path: "/api/forms/F1/submissions" }, "k1")
 */
export function recordIdOf(scope: KeyScope, key: string): string {
  return sha256("idempotency", scope.accountId, scope.method.toUpperCase(), scope.path.replace(/\/+$/, ""), key);
}

/**
 * The id of the object a keyed request creates: stable for the key, its scope and the record's
 * generation (a new record after expiry starts a new generation, so a reused old key makes a
 * new object), so a retry finds the object its first try wrote.
 */
export function objectIdOf(recordId: string, generation: string): string {
  return sha256("object", recordId, generation).slice(0, 22);
}
