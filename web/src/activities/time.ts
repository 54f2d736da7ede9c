import { hasEnded, hasStarted, shanghaiLocal } from "@tongxin/core/activities/time";

/**
 * Activity times are Asia/Shanghai wall-clock strings `YYYY-MM-DDTHH:mm`: shown as they are,
 * whatever the phone's time zone; "now" is taken in Shanghai too.
 */
const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

/** Now in Shanghai, `YYYY-MM-DDTHH:mm`. */
export const nowLocal = (): string => shanghaiLocal(new Date());
export const currentMonth = (): string => nowLocal().slice(0, 7);
export const currentYear = (): string => nowLocal().slice(0, 4);

/** `2026-11` moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export const isMonth = (value: string | null): value is string => value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** 0 (Sunday) … 6 of a `YYYY-MM-DD`. */
export const weekdayOf = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))).getUTCDay();

/** 11月23日 周一 */
export const dayLabel = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 ${WEEKDAYS[weekdayOf(day)]}`;

/** 09:00–16:00, or 09:00 – 11月24日 12:00 across days. */
export function timeRange(a: { startsAt: string; endsAt: string }): string {
  const start = a.startsAt.slice(11, 16);
  if (a.endsAt.slice(0, 10) === a.startsAt.slice(0, 10)) return `${start}–${a.endsAt.slice(11, 16)}`;
  return `${start} – ${Number(a.endsAt.slice(5, 7))}月${Number(a.endsAt.slice(8, 10))}日 ${a.endsAt.slice(11, 16)}`;
}

/** 2026年11月23日 周一 (of a local time or day). */
export const dateLabel = (local: string) => `${local.slice(0, 4)}年${dayLabel(local.slice(0, 10))}`;

/** 2026年11月23日 周一 09:00–16:00 */
export const whenLabel = (a: { startsAt: string; endsAt: string }) => `${dateLabel(a.startsAt)} ${timeRange(a)}`;

export const started = (a: { startsAt: string }) => hasStarted(a, new Date());
export const ended = (a: { endsAt: string }) => hasEnded(a, new Date());

/** Days of a month, `YYYY-MM-DD`. */
export function daysOf(month: string): string[] {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}
