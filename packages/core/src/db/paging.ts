import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "../auth/secret";
import { AppError } from "../errors";

/** A page of items and the opaque cursor of the next page, if any. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** Longer than any cursor this module hands out (a few keys of at most a few hundred bytes). */
const MAX_CURSOR_LENGTH = 2048;

/**
 * What a cursor is bound to: the index, key condition, values and direction of the Query it
 * came from. A cursor of another list, partition or range fails the signature check.
 */
export interface CursorScope {
  IndexName?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeValues?: Record<string, unknown>;
  ScanIndexForward?: boolean;
}

let cursorKey: Promise<Buffer> | undefined;

/** A key of its own for cursors, derived from the session secret (never the secret itself). */
function key(): Promise<Buffer> {
  cursorKey ??= sessionSecret().then((secret) => createHmac("sha256", secret).update("tongxin/paging-cursor/v1").digest());
  return cursorKey.catch((error: unknown) => {
    cursorKey = undefined;
    throw error;
  });
}

function scopeOf(scope: CursorScope): string {
  return JSON.stringify([scope.IndexName ?? "", scope.KeyConditionExpression ?? "", scope.ExpressionAttributeValues ?? {}, scope.ScanIndexForward ?? true]);
}

async function signature(scope: CursorScope, payload: string): Promise<Buffer> {
  return createHmac("sha256", await key()).update(scopeOf(scope)).update("\0").update(payload).digest();
}

/**
 * The opaque cursor of the next page: the Query's LastEvaluatedKey, signed (HMAC-SHA256) together
 * with the Query it belongs to, so a client can neither forge a key nor carry it to another list.
 *
 * @example
 * const cursor = await encodeCursor(result.LastEvaluatedKey, query); // "eyJwayI6….Hc9…"
 */
export async function encodeCursor(lastKey: Record<string, unknown> | undefined, scope: CursorScope): Promise<string | undefined> {
  if (!lastKey) return undefined;
  const payload = Buffer.from(JSON.stringify(lastKey)).toString("base64url");
  return `${payload}.${(await signature(scope, payload)).toString("base64url")}`;
}

function invalidCursor(): AppError {
  return new AppError("request.invalid_cursor", "分页游标无效，请从第一页重新查询", { fields: { cursor: ["分页游标无效"] } });
}

/**
 * The ExclusiveStartKey a cursor of {@link encodeCursor} stands for, for the same Query.
 * @throws AppError `request.invalid_cursor` (400) for anything else: altered, truncated, from another list.
 */
export async function decodeCursor(cursor: string | undefined, scope: CursorScope): Promise<Record<string, unknown> | undefined> {
  if (cursor === undefined || cursor === "") return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalidCursor();
  const [payload, signed, extra] = cursor.split(".");
  if (!payload || !signed || extra !== undefined) throw invalidCursor();
  const expected = await signature(scope, payload);
  const given = Buffer.from(signed, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // a signed cursor always parses; fall through
  }
  throw invalidCursor();
}
