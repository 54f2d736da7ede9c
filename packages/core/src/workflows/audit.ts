import { createHash } from "node:crypto";

/**
 * The append-only audit log: each entry carries the hash of the one before it, so changing
 * or removing any entry breaks every link after it.
 */
export interface AuditEntry {
  seq: number;
  at: string;
  /** What happened, as recorded (action, actor, step, comment, ...). */
  event: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(entry: Omit<AuditEntry, "hash">): string {
  return createHash("sha256").update(canonicalJson({ seq: entry.seq, at: entry.at, event: entry.event, prevHash: entry.prevHash })).digest("hex");
}

/** The next entry after `previous` (or the first). */
export function nextEntry(previous: Pick<AuditEntry, "seq" | "hash"> | undefined, event: Record<string, unknown>, at: string): AuditEntry {
  const base = { seq: (previous?.seq ?? 0) + 1, at, event, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...base, hash: entryHash(base) };
}

export type ChainVerdict = { valid: true; length: number } | { valid: false; length: number; brokenAt: number; reason: string };

/** Checks a whole chain in order and reports the first broken link. */
export function verifyChain(entries: AuditEntry[]): ChainVerdict {
  let previous: AuditEntry | undefined;
  for (const [index, entry] of entries.entries()) {
    const expectedSeq = index + 1;
    if (entry.seq !== expectedSeq) return { valid: false, length: entries.length, brokenAt: expectedSeq, reason: `第${expectedSeq}条记录缺失或顺序错乱` };
    if (entry.prevHash !== (previous?.hash ?? GENESIS_HASH)) {
      return { valid: false, length: entries.length, brokenAt: entry.seq, reason: `第${entry.seq}条记录与上一条的哈希不相连` };
    }
    if (entryHash(entry) !== entry.hash) return { valid: false, length: entries.length, brokenAt: entry.seq, reason: `第${entry.seq}条记录的内容被改动` };
    previous = entry;
  }
  return { valid: true, length: entries.length };
}
