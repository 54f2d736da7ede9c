import { describe, expect, it } from "vitest";
import { retryAfterSeconds, windowOver, WRONG_CODE_WINDOW_MS } from "@tongxin/core/elections/code-throttle";

describe("the wrong-code window of one address", () => {
  const start = Date.UTC(2026, 11, 7, 10, 0, 0);
  it("lasts one minute from the first wrong code", () => {
    expect(windowOver({ failures: 5, windowStart: start }, start + WRONG_CODE_WINDOW_MS - 1)).toBe(false);
    expect(windowOver({ failures: 5, windowStart: start }, start + WRONG_CODE_WINDOW_MS)).toBe(true);
  });
  it("tells a refused phone to wait until the window ends, never less than a second", () => {
    expect(retryAfterSeconds({ failures: 5, windowStart: start }, start + 1_500)).toBe(59);
    expect(retryAfterSeconds({ failures: 5, windowStart: start }, start + WRONG_CODE_WINDOW_MS - 10)).toBe(1);
  });
});
