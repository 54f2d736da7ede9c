import { describe, expect, it } from "vitest";
import { ACCOUNT_CEILING, accountWindow, afterFailure, ceilingDecision, CLIENT_POLICY, PAIR_POLICY, throttleDecision, type ThrottleState } from "@tongxin/core/auth/throttle";

const policy = { freeFailures: 3, firstDelaySeconds: 1, maxDelaySeconds: 60, forgetAfterSeconds: 3600 };

function failTimes(count: number, at: number): ThrottleState | undefined {
  let state: ThrottleState | undefined;
  for (let i = 0; i < count; i += 1) state = afterFailure(policy, state, at);
  return state;
}

describe("password-check throttling", () => {
  it("lets the first failures through, then doubles the delay after each", () => {
    expect(throttleDecision(policy, undefined, 0)).toEqual({ allowed: true });
    expect(throttleDecision(policy, failTimes(2, 0), 0)).toEqual({ allowed: true });
    expect(throttleDecision(policy, failTimes(3, 1000), 1000)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(throttleDecision(policy, failTimes(4, 1000), 1000)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(throttleDecision(policy, failTimes(5, 1000), 1000)).toEqual({ allowed: false, retryAfterSeconds: 4 });
    expect(throttleDecision(policy, failTimes(5, 1000), 5000)).toEqual({ allowed: true });
  });

  it("never locks: however many failures, the wait is at most the policy's longest delay", () => {
    const state = failTimes(1000, 0);
    expect(throttleDecision(policy, state, 0)).toEqual({ allowed: false, retryAfterSeconds: policy.maxDelaySeconds });
    expect(throttleDecision(policy, state, policy.maxDelaySeconds * 1000)).toEqual({ allowed: true });
    expect(throttleDecision(PAIR_POLICY, failTimes(1000, 0), 0)).toEqual({ allowed: false, retryAfterSeconds: PAIR_POLICY.maxDelaySeconds });
  });

  it("forgets a counter that has been quiet long enough: a hall's typos from the morning don't slow the evening", () => {
    expect(throttleDecision(CLIENT_POLICY, { failures: 50, lastFailureAt: 0 }, 1000)).toMatchObject({ allowed: false });
    expect(throttleDecision(CLIENT_POLICY, { failures: 50, lastFailureAt: 0 }, CLIENT_POLICY.forgetAfterSeconds * 1000)).toEqual({ allowed: true });
    expect(afterFailure(CLIENT_POLICY, { failures: 50, lastFailureAt: 0 }, CLIENT_POLICY.forgetAfterSeconds * 1000)).toEqual({ failures: 1, lastFailureAt: CLIENT_POLICY.forgetAfterSeconds * 1000 });
  });

  it("past the account's ceiling, an address that failed this window waits for its end; a clean address does not", () => {
    const { endsAt } = accountWindow(10 * ACCOUNT_CEILING.windowMs + 1000);
    const now = endsAt - 90_000;
    const failedHere = { failures: 1, lastFailureAt: now - 1000 };
    expect(ceilingDecision(ACCOUNT_CEILING.failuresPerWindow - 1, failedHere, now)).toEqual({ allowed: true });
    expect(ceilingDecision(ACCOUNT_CEILING.failuresPerWindow, failedHere, now)).toEqual({ allowed: false, retryAfterSeconds: 90 });
    expect(ceilingDecision(ACCOUNT_CEILING.failuresPerWindow * 10, undefined, now)).toEqual({ allowed: true });
    // A failure from before this window does not make the address suspect.
    const failedLastWindow = { failures: 1, lastFailureAt: endsAt - ACCOUNT_CEILING.windowMs - 1 };
    expect(ceilingDecision(ACCOUNT_CEILING.failuresPerWindow * 10, failedLastWindow, now)).toEqual({ allowed: true });
  });
});
