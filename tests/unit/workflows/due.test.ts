/**
 * Approval steps' 时限 in working days (workflows/due.ts over calendar/working-days.ts): weekends
 * and 法定节假日 skipped, 调休 Saturdays counted, the office's override of a year obeyed; due at
 * 24:00 Beijing time of the last working day, counted from the day after the step begins.
 */
import { describe, expect, it } from "vitest";
import { stepDueAt } from "@tongxin/core/workflows/due";
import { isOverdue } from "@tongxin/core/workflows/machine";

describe("an approval step's due time in working days", () => {
  it("across the 国庆 week: begun Wednesday 2026-09-30 with 3 days → 10月8日, 9日 and the 调休 Saturday 10日", () => {
    expect(stepDueAt(new Date("2026-09-30T02:00:00Z"), 3)).toBe("2026-10-10T16:00:00.000Z");
    // Begun late on the 30th Beijing time (after 16:00Z it is already 10月1日): the count starts after the holiday all the same.
    expect(stepDueAt(new Date("2026-09-30T17:00:00Z"), 3)).toBe("2026-10-10T16:00:00.000Z");
    // Five days: the 11th is a Sunday, so 12日 and 13日.
    expect(stepDueAt(new Date("2026-09-30T02:00:00Z"), 5)).toBe("2026-10-13T16:00:00.000Z");
  });

  it("across 春节 2026: begun Thursday 2月12日 with 3 days → 13日, the 调休 Saturday 14日, then 24日 after the holiday", () => {
    expect(stepDueAt(new Date("2026-02-12T02:00:00Z"), 3)).toBe("2026-02-24T16:00:00.000Z");
  });

  it("an ordinary week: begun Friday, 1 day → the Monday", () => {
    expect(stepDueAt(new Date("2026-11-06T02:00:00Z"), 1)).toBe("2026-11-09T16:00:00.000Z");
  });

  it("obeys the office's override of a year (here: a Monday made a holiday, a Saturday a workday)", () => {
    const overrides = new Map([[2026, { year: 2026, holidays: ["2026-11-09"], workdays: ["2026-11-07"] }]]);
    expect(stepDueAt(new Date("2026-11-06T02:00:00Z"), 1, overrides)).toBe("2026-11-07T16:00:00.000Z");
    expect(stepDueAt(new Date("2026-11-06T02:00:00Z"), 2, overrides)).toBe("2026-11-10T16:00:00.000Z");
  });

  it("a step is overdue only once its last working day has ended", () => {
    const dueAt = stepDueAt(new Date("2026-09-30T02:00:00Z"), 3);
    const state = { status: "in_review", step: { dueAt } } as Parameters<typeof isOverdue>[0];
    expect(isOverdue(state, new Date("2026-10-10T15:59:59Z"))).toBe(false);
    expect(isOverdue(state, new Date("2026-10-10T16:00:01Z"))).toBe(true);
  });
});
