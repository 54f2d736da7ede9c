import packageCalendar from "chinese-days/dist/chinese-days.json";

/**
 * China's working-day calendar (pure): weekends, 法定节假日 and their 调休 workdays, from the
 * maintained `chinese-days` data (the State Council's yearly 放假安排), with an office-edited
 * override per year for years the package does not know yet (or gets wrong). Dates are Beijing
 * calendar dates `YYYY-MM-DD`; weekdays are computed in UTC on the date itself, so nothing
 * depends on the server's or device's zone (the package's own functions do, so only its data
 * is used).
 */

export type IsoDate = string;

/** An office's override of one year: it replaces the package's holidays and 调休 workdays of that year. */
export interface YearOverride {
  year: number;
  /** Days off that would otherwise be working days (法定节假日 on weekdays). */
  holidays: IsoDate[];
  /** Weekend days worked (调休上班). */
  workdays: IsoDate[];
}

export type Overrides = ReadonlyMap<number, YearOverride>;

export type DayKind = "workday" | "weekend" | "holiday" | "adjusted_workday";

export interface DayInfo {
  date: IsoDate;
  kind: DayKind;
  working: boolean;
  /** 国庆节, 春节 … for holidays and their 调休 workdays, when known. */
  name?: string;
  /** Where the year's arrangement came from; `weekends` = neither knows the year (weekends only). */
  source: "override" | "package" | "weekends";
}

const data = packageCalendar as { holidays: Record<string, string>; workdays: Record<string, string> };

/** The years the package has an arrangement for (any holiday listed). */
export const PACKAGE_YEARS: ReadonlySet<number> = new Set(Object.keys(data.holidays).map((date) => Number(date.slice(0, 4))));

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** 0 = Sunday … 6 = Saturday, of the calendar date itself. */
export function weekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The Chinese name in the package's "English,中文,n" entries. */
const chineseName = (entry: string | undefined) => entry?.split(",")[1];

export function dayInfo(date: IsoDate, overrides: Overrides = new Map()): DayInfo {
  const year = Number(date.slice(0, 4));
  const weekend = weekday(date) === 0 || weekday(date) === 6;
  const override = overrides.get(year);
  if (override) {
    if (override.holidays.includes(date)) return { date, kind: "holiday", working: false, source: "override" };
    if (override.workdays.includes(date)) return { date, kind: "adjusted_workday", working: true, source: "override" };
    return { date, kind: weekend ? "weekend" : "workday", working: !weekend, source: "override" };
  }
  if (!PACKAGE_YEARS.has(year)) return { date, kind: weekend ? "weekend" : "workday", working: !weekend, source: "weekends" };
  const holiday = data.holidays[date];
  if (holiday !== undefined) return { date, kind: "holiday", working: false, name: chineseName(holiday), source: "package" };
  const adjusted = data.workdays[date];
  if (adjusted !== undefined) return { date, kind: "adjusted_workday", working: true, name: chineseName(adjusted), source: "package" };
  return { date, kind: weekend ? "weekend" : "workday", working: !weekend, source: "package" };
}

export function isWorkingDay(date: IsoDate, overrides: Overrides = new Map()): boolean {
  return dayInfo(date, overrides).working;
}

/** The `n`-th working day after `date` (not counting `date` itself); `date` for n = 0. */
export function addWorkingDays(date: IsoDate, n: number, overrides: Overrides = new Map()): IsoDate {
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day, overrides)) left--;
  }
  return day;
}

/** The package's arrangement of a year (what an override starts from), or empty lists if it does not know it. */
export function packageYear(year: number): YearOverride {
  const of = (map: Record<string, string>) => Object.keys(map).filter((date) => date.startsWith(`${year}-`)).sort();
  return { year, holidays: of(data.holidays), workdays: of(data.workdays) };
}

const OFFSET_MS = 8 * 3_600_000;

/** The Beijing calendar date of an instant. */
export function beijingDate(at: Date): IsoDate {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Beijing time of a date, as an instant. */
export function beijingMidnight(date: IsoDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

/** A period of N working days (公示期为N个工作日). */
export interface WorkingDayPeriod {
  workingDays: number;
  /** The first and last working day of the period (Beijing dates); absent for 0 days. */
  firstDay?: IsoDate;
  lastDay?: IsoDate;
  /** The instant it ends: 24:00 Beijing time of the last day (= the start for 0 days). */
  endsAt: string;
  /** Years in the period neither the package nor an override knows (counted with weekends only). */
  unknownYears: number[];
}

/**
 * A period of `n` working days opened at `start`: it counts from the next working day after the
 * day it opens (the notice goes up today; day one is the next working day), and ends at 24:00
 * Beijing time of the n-th. `n` = 0 ends at once (rehearsals).
 */
export function workingDayPeriod(start: Date, n: number, overrides: Overrides = new Map()): WorkingDayPeriod {
  if (n <= 0) return { workingDays: 0, endsAt: start.toISOString(), unknownYears: [] };
  const opened = beijingDate(start);
  const firstDay = addWorkingDays(opened, 1, overrides);
  const lastDay = addWorkingDays(opened, n, overrides);
  const unknownYears: number[] = [];
  for (let year = Number(opened.slice(0, 4)); year <= Number(lastDay.slice(0, 4)); year++) {
    if (!overrides.has(year) && !PACKAGE_YEARS.has(year)) unknownYears.push(year);
  }
  return { workingDays: n, firstDay, lastDay, endsAt: beijingMidnight(addDays(lastDay, 1)).toISOString(), unknownYears };
}

const WEEKDAYS = "日一二三四五六";

/** `2026年10月15日（星期四）`. */
export function dateInWords(date: IsoDate): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日（星期${WEEKDAYS[weekday(date)]}）`;
}

/** `公示期为5个工作日，自2026年10月9日（星期五）起至2026年10月15日（星期四）24时止` — the 公示 page's sentence. */
export function periodInWords(period: WorkingDayPeriod, what = "公示期"): string {
  if (!period.firstDay || !period.lastDay) return `不设${what}`;
  return `${what}为${period.workingDays}个工作日，自${dateInWords(period.firstDay)}起至${dateInWords(period.lastDay)}24时止`;
}
