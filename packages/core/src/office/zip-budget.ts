import { Unzip, UnzipInflate } from "fflate";

/**
 * How much an XLSX (a zip) really inflates to, measured before any parser sees it: a
 * half-megabyte file can inflate to hundreds of megabytes (a zip bomb). Entries are inflated
 * as a stream and thrown away chunk by chunk, stopping as soon as a budget is exceeded, so
 * neither memory nor time grows with what the file claims.
 */
export interface ZipBudget {
  /** Bytes of all entries together, inflated. */
  maxInflatedBytes: number;
  /** `<row>` elements across the workbook's worksheets. */
  maxRows: number;
}

export type ZipMeasure =
  | { ok: true; inflatedBytes: number; rows: number }
  /** `unreadable`: not a zip, or a damaged one. */
  | { ok: false; exceeded: "inflatedBytes" | "rows" | "unreadable"; inflatedBytes: number; rows: number };

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
const ROW_OPEN = [0x3c, 0x72, 0x6f, 0x77]; // "<row"

/** Compressed bytes fed per step: deflate inflates at most ~1,032×, so one step yields at most a few megabytes. */
const STEP = 4096;

/** Counts `<row ` / `<row>` / `<row/` in a stream of chunks; the last bytes carry over so a tag split across chunks counts once. */
function rowCounter() {
  let carry = new Uint8Array(0);
  return (chunk: Uint8Array): number => {
    const bytes = new Uint8Array(carry.length + chunk.length);
    bytes.set(carry);
    bytes.set(chunk, carry.length);
    let count = 0;
    const last = bytes.length - ROW_OPEN.length;
    for (let i = 0; i < last; i++) {
      if (bytes[i] !== 0x3c || bytes[i + 1] !== 0x72 || bytes[i + 2] !== 0x6f || bytes[i + 3] !== 0x77) continue;
      const next = bytes[i + 4];
      if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) count++;
    }
    carry = bytes.slice(Math.max(0, bytes.length - ROW_OPEN.length));
    return count;
  };
}

/**
 * Inflates every entry of a zip without keeping it and reports whether it stays within the budget.
 *
 * @example
 * measureZip(xlsxBytes, { maxInflatedBytes: 20 * 1024 * 1024, maxRows: 5001 })
 * // { ok: true, inflatedBytes: 14210, rows: 51 }
 */
export function measureZip(bytes: Uint8Array, budget: ZipBudget): ZipMeasure {
  let inflatedBytes = 0;
  let rows = 0;
  let exceeded: "inflatedBytes" | "rows" | "unreadable" | undefined;
  const unzip = new Unzip((file) => {
    if (exceeded) return;
    const countRows = WORKSHEET.test(file.name) ? rowCounter() : undefined;
    file.ondata = (error, chunk) => {
      if (exceeded) return;
      if (error) {
        exceeded = "unreadable";
        return;
      }
      inflatedBytes += chunk.length;
      if (countRows) rows += countRows(chunk);
      if (inflatedBytes > budget.maxInflatedBytes) exceeded = "inflatedBytes";
      else if (rows > budget.maxRows) exceeded = "rows";
      if (exceeded) file.terminate();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.length && !exceeded; offset += STEP) {
      unzip.push(bytes.subarray(offset, offset + STEP), offset + STEP >= bytes.length);
    }
  } catch {
    exceeded ??= "unreadable";
  }
  return exceeded ? { ok: false, exceeded, inflatedBytes, rows } : { ok: true, inflatedBytes, rows };
}
