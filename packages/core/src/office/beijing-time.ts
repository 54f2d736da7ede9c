/**
 * Beijing time (Asia/Shanghai) for every time a person reads: pages, CSV and XLSX exports, the
 * Word 台账. China has kept UTC+8 all year since 1991, so this is a fixed offset and does not
 * depend on the device's zone or on the runtime's time-zone data. Pure; the web imports it too.
 */
export const BEIJING_TIME_ZONE = "Asia/Shanghai";
const OFFSET_MS = 8 * 3_600_000;

function toDate(value: Date | string): Date | undefined {
  const date = typeof value === "string" ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The instant's Beijing wall clock as `YYYY-MM-DDTHH:mm:ss` (the UTC fields of a shifted Date). */
function wallClock(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 19);
}

/**
 * `2026-12-07 14:30`, the way sheets and pages show a time; `—` for none, the input itself if unreadable.
 *
 * @example
 * formatBeijingDateTime("2026-12-07T06:30:00.000Z") // "2026-12-07 14:30"
 */
export function formatBeijingDateTime(value: Date | string | undefined): string {
  if (value === undefined || value === "") return "—";
  const date = toDate(value);
  return date ? wallClock(date).slice(0, 16).replace("T", " ") : String(value);
}

/** `2026-12-07`. */
export function formatBeijingDate(value: Date | string | undefined): string {
  if (value === undefined || value === "") return "—";
  const date = toDate(value);
  return date ? wallClock(date).slice(0, 10) : String(value);
}

/** `14:30`. */
export function formatBeijingTime(value: Date | string): string {
  const date = toDate(value);
  return date ? wallClock(date).slice(11, 16) : String(value);
}

/** `2026年12月7日 14:30`, where a page speaks in Chinese words. */
export function formatBeijingWords(value: Date | string | undefined): string {
  if (value === undefined || value === "") return "—";
  const date = toDate(value);
  if (!date) return String(value);
  const clock = wallClock(date);
  return `${clock.slice(0, 4)}年${Number(clock.slice(5, 7))}月${Number(clock.slice(8, 10))}日 ${clock.slice(11, 16)}`;
}

/** A `datetime-local` input value (`YYYY-MM-DDTHH:mm`, seconds kept when set) in Beijing time. */
export function toBeijingInput(value: Date | string): string {
  const date = toDate(value);
  if (!date) return "";
  const clock = wallClock(date);
  return clock.endsWith(":00") ? clock.slice(0, 16) : clock;
}

/** The instant a Beijing `YYYY-MM-DDTHH:mm[:ss]` stands for; an invalid Date when unreadable. */
export function fromBeijingInput(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value.trim())) return new Date(Number.NaN);
  const local = value.trim().length === 16 ? `${value.trim()}:00` : value.trim();
  return new Date(`${local}+08:00`);
}

/**
 * A Date whose UTC fields are the Beijing wall clock: what an XLSX date cell needs, since a
 * spreadsheet's dates carry no zone (write-excel-file counts a Date's UTC days).
 */
export function beijingSheetDate(value: Date | string): Date | undefined {
  const date = toDate(value);
  return date ? new Date(date.getTime() + OFFSET_MS) : undefined;
}

/** The number format sheets give time cells. */
export const SHEET_DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm";
