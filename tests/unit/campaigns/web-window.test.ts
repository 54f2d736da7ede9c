import { describe, expect, it } from "vitest";
import { closeNowBody, hasOpened, windowBody, windowProblems, windowValues } from "../../../web/src/campaigns/windowModel";

/** 调整征集时间 and 提前截止 (the console's 概况 tab): what the office sees and sends. */
/** A Beijing wall-clock time (the dialog shows Beijing time whatever the device's zone). */
const at = (year: number, month: number, day: number, hour: number, minute: number, second = 0) => new Date(Date.UTC(year, month, day, hour - 8, minute, second));
const OPEN = at(2026, 2, 1, 9, 0).toISOString();
const CLOSE = at(2026, 2, 31, 17, 0, 30).toISOString();
const campaign = { submissionsOpenAt: OPEN, submissionsCloseAt: CLOSE };
const DURING = at(2026, 2, 15, 12, 0);
const BEFORE = at(2026, 1, 20, 12, 0);

describe("the 调整征集时间 dialog", () => {
  it("opens with the window as it stands, in local time", () => {
    expect(windowValues(campaign)).toEqual({ openAt: "2026-03-01T09:00", closeAt: "2026-03-31T17:00:30" });
  });

  it("knows whether the window has opened (its opening is then fixed)", () => {
    expect(hasOpened(campaign, BEFORE)).toBe(false);
    expect(hasOpened(campaign, DURING)).toBe(true);
    expect(hasOpened(campaign, new Date(OPEN))).toBe(true);
  });

  it("extending the window sends only the new close (延长征集期)", () => {
    const values = { ...windowValues(campaign), closeAt: "2026-04-10T17:00" };
    expect(windowProblems(values, campaign, DURING)).toEqual({});
    expect(windowBody(values, campaign, DURING)).toEqual({ submissionsCloseAt: at(2026, 3, 10, 17, 0).toISOString() });
  });

  it("an untouched close keeps its stored instant, to the millisecond", () => {
    const stored = { ...campaign, submissionsCloseAt: new Date(Date.parse(CLOSE) + 123).toISOString() };
    expect(windowBody(windowValues(stored), stored, DURING)).toEqual({ submissionsCloseAt: stored.submissionsCloseAt });
  });

  it("before the window opens, moving the opening sends it too", () => {
    const values = { openAt: "2026-02-25T08:30", closeAt: "2026-03-31T17:00:30" };
    expect(windowBody(values, campaign, BEFORE)).toEqual({ submissionsOpenAt: at(2026, 1, 25, 8, 30).toISOString(), submissionsCloseAt: CLOSE });
  });

  it("once the window has opened, a typed opening is ignored: the close is checked against the stored one", () => {
    const values = { openAt: "2026-04-20T08:00", closeAt: "2026-04-10T17:00" };
    expect(windowProblems(values, campaign, DURING)).toEqual({});
    expect(windowBody(values, campaign, DURING)).toEqual({ submissionsCloseAt: at(2026, 3, 10, 17, 0).toISOString() });
  });

  it("says the close must come after the opening", () => {
    expect(windowProblems({ ...windowValues(campaign), closeAt: "2026-02-28T17:00" }, campaign, DURING)).toEqual({ submissionsCloseAt: "截止时间应晚于开始时间" });
    expect(windowProblems({ ...windowValues(campaign), closeAt: "2026-03-01T09:00" }, campaign, DURING)).toEqual({ submissionsCloseAt: "截止时间应晚于开始时间" });
    expect(windowProblems({ openAt: "2026-03-20T09:00", closeAt: "2026-03-10T09:00" }, campaign, BEFORE)).toEqual({ submissionsCloseAt: "截止时间应晚于开始时间" });
  });

  it("allows a close already past, as long as it is after the opening (an early close by hand)", () => {
    expect(windowProblems({ ...windowValues(campaign), closeAt: "2026-03-10T09:00" }, campaign, DURING)).toEqual({});
  });

  it("asks for a time left blank", () => {
    expect(windowProblems({ openAt: "", closeAt: "" }, campaign, BEFORE)).toEqual({ submissionsOpenAt: "请选择开始征集时间", submissionsCloseAt: "请选择截止时间" });
    expect(windowProblems({ ...windowValues(campaign), closeAt: " " }, campaign, DURING)).toEqual({ submissionsCloseAt: "请选择截止时间" });
  });
});

describe("提前截止", () => {
  it("closes the window at the moment it is confirmed", () => {
    expect(closeNowBody(DURING)).toEqual({ submissionsCloseAt: DURING.toISOString() });
  });
});
