import { describe, expect, it } from "vitest";
import { addWorkingDays, dateInWords, dayInfo, isWorkingDay, packageYear, periodInWords, workingDayPeriod, type YearOverride } from "@tongxin/core/calendar/working-days";

/** An instant given in Beijing wall-clock time. */
const beijing = (wall: string) => new Date(`${wall}+08:00`);

describe("the Chinese working-day calendar (chinese-days data)", () => {
  it("knows the 2026 国庆 week: 10月1日–7日 off, 中秋 9月25日–27日 off, 9月20日 (Sunday) and 10月10日 (Saturday) worked", () => {
    for (const date of ["2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-07"]) expect(isWorkingDay(date), date).toBe(false);
    expect(dayInfo("2026-10-01")).toEqual({ date: "2026-10-01", kind: "holiday", working: false, name: "国庆节", source: "package" });
    expect(dayInfo("2026-10-10")).toEqual({ date: "2026-10-10", kind: "adjusted_workday", working: true, name: "国庆节", source: "package" });
    expect(dayInfo("2026-09-20")).toMatchObject({ kind: "adjusted_workday", working: true });
    expect(dayInfo("2026-10-11")).toMatchObject({ kind: "weekend", working: false });
    expect(dayInfo("2026-10-08")).toMatchObject({ kind: "workday", working: true });
  });

  it("counts 5 working days from a confirmation on 9月30日 across 国庆 and its 调休 Saturday: 10月8日, 9日, 10日 (Sat), 12日, 13日", () => {
    expect(addWorkingDays("2026-09-30", 5)).toBe("2026-10-13");
    const period = workingDayPeriod(beijing("2026-09-30T10:00:00"), 5);
    expect(period).toEqual({ workingDays: 5, firstDay: "2026-10-08", lastDay: "2026-10-13", endsAt: "2026-10-13T16:00:00.000Z", unknownYears: [] });
    // Confirmed half an hour after midnight Beijing time (still 9月30日 in UTC): the same period.
    expect(workingDayPeriod(beijing("2026-10-01T00:30:00"), 5).lastDay).toBe("2026-10-13");
    // Confirmed late on 9月29日 Beijing time (already 9月29日 15:30 UTC): day one is 9月30日.
    expect(workingDayPeriod(beijing("2026-09-29T23:30:00"), 5)).toMatchObject({ firstDay: "2026-09-30", lastDay: "2026-10-12" });
    expect(periodInWords(period)).toBe("公示期为5个工作日，自2026年10月8日（星期四）起至2026年10月13日（星期二）24时止");
  });

  it("counts across 春节 2026: 2月14日 (Saturday) worked, 2月15日–23日 off, 2月28日 (Saturday) worked", () => {
    expect(dayInfo("2026-02-14")).toMatchObject({ kind: "adjusted_workday", name: "春节" });
    expect(dayInfo("2026-02-17")).toMatchObject({ kind: "holiday", name: "春节" });
    // Confirmed Friday 2月13日: 14日 (Sat, 调休) is day 1, then 24日–27日; 28日 (Sat, 调休) is day 6, 3月2日 day 7.
    expect(workingDayPeriod(beijing("2026-02-13T16:00:00"), 5)).toMatchObject({ firstDay: "2026-02-14", lastDay: "2026-02-27", endsAt: "2026-02-27T16:00:00.000Z" });
    expect(addWorkingDays("2026-02-13", 6)).toBe("2026-02-28");
    expect(addWorkingDays("2026-02-13", 7)).toBe("2026-03-02");
  });

  it("ends at once for 0 days (rehearsals)", () => {
    const at = beijing("2026-10-01T09:00:00");
    expect(workingDayPeriod(at, 0)).toEqual({ workingDays: 0, endsAt: at.toISOString(), unknownYears: [] });
    expect(periodInWords(workingDayPeriod(at, 0))).toBe("不设公示期");
  });

  it("counts weekends only in a year the package does not know, and says so; an office override replaces it", () => {
    expect(packageYear(2027)).toEqual({ year: 2027, holidays: [], workdays: [] });
    // 2026-12-31 (Thu) + 5 working days, weekends only: 1月1日 (Fri), 4日, 5日, 6日, 7日.
    expect(workingDayPeriod(beijing("2026-12-31T10:00:00"), 5)).toMatchObject({ firstDay: "2027-01-01", lastDay: "2027-01-07", unknownYears: [2027] });
    expect(dayInfo("2027-01-01")).toMatchObject({ kind: "workday", source: "weekends" });
    // The office enters 元旦 (1月1日–3日 off) and a 调休 Saturday 1月9日 for 2027.
    const y2027: YearOverride = { year: 2027, holidays: ["2027-01-01"], workdays: ["2027-01-09"] };
    const overrides = new Map([[2027, y2027]]);
    expect(dayInfo("2027-01-01", overrides)).toEqual({ date: "2027-01-01", kind: "holiday", working: false, source: "override" });
    expect(dayInfo("2027-01-09", overrides)).toMatchObject({ kind: "adjusted_workday", working: true, source: "override" });
    // 4日, 5日, 6日, 7日, 8日.
    expect(workingDayPeriod(beijing("2026-12-31T10:00:00"), 5, overrides)).toMatchObject({ firstDay: "2027-01-04", lastDay: "2027-01-08", unknownYears: [] });
    expect(addWorkingDays("2026-12-31", 6, overrides)).toBe("2027-01-09");
  });

  it("lets an override correct a year the package knows: its lists replace the package's for that year", () => {
    const noNationalDay = new Map([[2026, { year: 2026, holidays: [], workdays: [] }]]);
    expect(isWorkingDay("2026-10-01", noNationalDay)).toBe(true);
    expect(isWorkingDay("2026-10-10", noNationalDay)).toBe(false);
    expect(packageYear(2026).workdays).toEqual(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]);
  });

  it("writes dates in words with the weekday", () => {
    expect(dateInWords("2026-10-13")).toBe("2026年10月13日（星期二）");
    expect(dateInWords("2026-02-01")).toBe("2026年2月1日（星期日）");
  });
});
