import { describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, afterFailure, throttleDecision, type ThrottleState } from "@tongxin/core/auth/throttle";

const policy = { freeFailures: 3, lockAfter: 6, lockSeconds: 900, maxDelaySeconds: 60 };

function failTimes(count: number, at: number): ThrottleState | undefined {
  let state: ThrottleState | undefined;
  for (let i = 0; i < count; i += 1) state = afterFailure(policy, state, at);
  return state;
}

describe("login throttling", () => {
  it("lets the first failures through without delay", () => {
    expect(throttleDecision(policy, undefined, 0)).toEqual({ allowed: true });
    expect(throttleDecision(policy, failTimes(2, 0), 0)).toEqual({ allowed: true });
  });

  it("slows down after the free failures, doubling the wait each time", () => {
    expect(throttleDecision(policy, failTimes(3, 1000), 1000)).toEqual({ allowed: false, reason: "throttled", retryAfterSeconds: 1 });
    expect(throttleDecision(policy, failTimes(4, 1000), 1000)).toEqual({ allowed: false, reason: "throttled", retryAfterSeconds: 2 });
    expect(throttleDecision(policy, failTimes(5, 1000), 1000)).toEqual({ allowed: false, reason: "throttled", retryAfterSeconds: 4 });
    expect(throttleDecision(policy, failTimes(5, 1000), 5000)).toEqual({ allowed: true });
  });

  it("locks for the lock period once the limit is reached, then starts afresh", () => {
    const locked = failTimes(6, 0)!;
    expect(locked.lockedUntil).toBe(900_000);
    expect(throttleDecision(policy, locked, 899_000)).toEqual({ allowed: false, reason: "locked", retryAfterSeconds: 1 });
    expect(throttleDecision(policy, locked, 900_000)).toEqual({ allowed: true });
    expect(afterFailure(policy, locked, 900_000)).toEqual({ failures: 1, lastFailureAt: 900_000, lockedUntil: undefined });
  });

  it("never asks to wait longer than the cap", () => {
    const state = { failures: 40, lastFailureAt: 0 };
    expect(throttleDecision({ ...ACCOUNT_POLICY, lockAfter: 100 }, state, 0)).toMatchObject({ retryAfterSeconds: ACCOUNT_POLICY.maxDelaySeconds });
  });
});
