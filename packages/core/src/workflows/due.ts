import { overridesFor } from "../calendar/overrides";
import { workingDayPeriod, type Overrides } from "../calendar/working-days";

/**
 * When an approval step is due: its `dueDays` are working days (工作日: weekends and 法定节假日
 * skipped, 调休 Saturdays counted — calendar/working-days.ts with the office's per-year overrides),
 * counted from the next working day after the (Beijing) day the step begins, and it is due at
 * 24:00 Beijing time of the last one. A step begun on Wednesday 2026-09-30 with 3 days is due at
 * the end of Saturday 2026-10-10 (10月8日, 9日, and the 调休 10日).
 */
export function stepDueAt(begins: Date, dueDays: number, overrides: Overrides = new Map()): string {
  return workingDayPeriod(begins, dueDays, overrides).endsAt;
}

/** The overrides a step beginning at `now` may need (this year and the next: 90 working days stay within them). One BatchGet. */
export function dueCalendar(now: Date): Promise<Overrides> {
  const year = Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now));
  return overridesFor([year, year + 1]);
}
