import { AppError } from "../errors";

/** A page of items and the opaque cursor of the next page, if any. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString("base64url") : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new AppError("validation.failed", "分页游标无效", { fields: { cursor: ["分页游标无效"] } });
}
