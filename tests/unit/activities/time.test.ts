import { describe, expect, it } from "vitest";
import { hasEnded, hasStarted, isSummaryOverdue, monthOf, shanghaiInstant, shanghaiLocal, summaryDueAt, yearOf } from "@tongxin/core/activities/time";

describe("activity times (Asia/Shanghai, UTC+8)", () => {
  it("reads local times as instants and back", () => {
    expect(shanghaiInstant("2026-12-12T14:00").toISOString()).toBe("2026-12-12T06:00:00.000Z");
    expect(shanghaiLocal(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01T00:30");
    expect([yearOf("2026-12-12T14:00"), monthOf("2026-12-12T14:00")]).toEqual(["2026", "12"]);
  });

  it("knows whether an activity has started or ended", () => {
    const activity = { startsAt: "2026-12-12T14:00", endsAt: "2026-12-12T16:00" };
    expect(hasStarted(activity, new Date("2026-12-12T05:59:59Z"))).toBe(false);
    expect(hasStarted(activity, new Date("2026-12-12T06:00:00Z"))).toBe(true);
    expect(hasEnded(activity, new Date("2026-12-12T07:59:59Z"))).toBe(false);
    expect(hasEnded(activity, new Date("2026-12-12T08:00:00Z"))).toBe(true);
  });

  it("flags a missing summary seven days after the end, not before, and never once filed", () => {
    const activity = { endsAt: "2026-12-12T16:00" };
    expect(summaryDueAt(activity)).toBe("2026-12-19T08:00:00.000Z");
    expect(isSummaryOverdue(activity, new Date("2026-12-19T08:00:00Z"))).toBe(false);
    expect(isSummaryOverdue(activity, new Date("2026-12-19T08:00:01Z"))).toBe(true);
    expect(isSummaryOverdue({ ...activity, summary: {} }, new Date("2027-06-01T00:00:00Z"))).toBe(false);
  });
});
