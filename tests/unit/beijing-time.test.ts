import { describe, expect, it } from "vitest";
import {
  beijingSheetDate,
  formatBeijingDate,
  formatBeijingDateTime,
  formatBeijingTime,
  formatBeijingWords,
  fromBeijingInput,
  toBeijingInput,
} from "@tongxin/core/office/beijing-time";

process.env.TZ = "America/New_York";

describe("Beijing time for people, whatever the device's zone", () => {
  it("shows 06:30 UTC as 14:30 the same day, and 20:00 UTC as the next morning", () => {
    expect(formatBeijingDateTime("2026-12-07T06:30:00.000Z")).toBe("2026-12-07 14:30");
    expect(formatBeijingDateTime("2026-12-07T20:00:00.000Z")).toBe("2026-12-08 04:00");
    expect(formatBeijingDate("2026-12-07T20:00:00.000Z")).toBe("2026-12-08");
    expect(formatBeijingTime(new Date("2026-12-07T20:05:00.000Z"))).toBe("04:05");
    expect(formatBeijingWords("2026-12-07T20:05:00.000Z")).toBe("2026年12月8日 04:05");
  });

  it("shows a dash for no time and an unreadable value as it came", () => {
    expect(formatBeijingDateTime(undefined)).toBe("—");
    expect(formatBeijingDateTime("明天")).toBe("明天");
  });

  it("round-trips a datetime-local value as Beijing time, seconds only when there are some", () => {
    expect(toBeijingInput("2026-03-01T01:00:00.000Z")).toBe("2026-03-01T09:00");
    expect(toBeijingInput("2026-03-31T09:00:30.000Z")).toBe("2026-03-31T17:00:30");
    expect(fromBeijingInput("2026-03-01T09:00").toISOString()).toBe("2026-03-01T01:00:00.000Z");
    expect(Number.isNaN(fromBeijingInput("2026-03-01").getTime())).toBe(true);
  });

  it("gives sheets a zone-less date whose fields are the Beijing clock", () => {
    expect(beijingSheetDate("2026-12-07T06:30:00.000Z")!.toISOString()).toBe("2026-12-07T14:30:00.000Z");
  });
});
