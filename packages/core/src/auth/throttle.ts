/**
 * Login throttling: pure policy over a failure counter. After `freeFailures` failures
 * each further attempt must wait an exponentially growing delay since the last
 * failure; at `lockAfter` failures the login or client is locked for `lockSeconds`.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  lockAfter: number;
  lockSeconds: number;
  maxDelaySeconds: number;
}

export interface ThrottleState {
  failures: number;
  /** Epoch milliseconds. */
  lastFailureAt: number;
  /** Epoch milliseconds; set once the lock threshold is reached. */
  lockedUntil?: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 3, lockAfter: 10, lockSeconds: 15 * 60, maxDelaySeconds: 60 };
// A client address is shared by many people behind one NAT (a meeting hall's Wi-Fi), so it gets more room.
export const CLIENT_POLICY: ThrottlePolicy = { freeFailures: 20, lockAfter: 60, lockSeconds: 15 * 60, maxDelaySeconds: 30 };

export type ThrottleDecision = { allowed: true } | { allowed: false; reason: "locked" | "throttled"; retryAfterSeconds: number };

export function throttleDecision(policy: ThrottlePolicy, state: ThrottleState | undefined, now: number): ThrottleDecision {
  if (!state) return { allowed: true };
  if (state.lockedUntil !== undefined) {
    if (now < state.lockedUntil) return { allowed: false, reason: "locked", retryAfterSeconds: Math.ceil((state.lockedUntil - now) / 1000) };
    return { allowed: true };
  }
  if (state.failures < policy.freeFailures) return { allowed: true };
  const delaySeconds = Math.min(policy.maxDelaySeconds, 2 ** (state.failures - policy.freeFailures));
  const readyAt = state.lastFailureAt + delaySeconds * 1000;
  if (now < readyAt) return { allowed: false, reason: "throttled", retryAfterSeconds: Math.ceil((readyAt - now) / 1000) };
  return { allowed: true };
}

/** The state after one more failure at `now` (a lock that has expired starts a fresh count). */
export function afterFailure(policy: ThrottlePolicy, state: ThrottleState | undefined, now: number): ThrottleState {
  const previous = state?.lockedUntil !== undefined && now >= state.lockedUntil ? undefined : state;
  const failures = (previous?.failures ?? 0) + 1;
  return {
    failures,
    lastFailureAt: now,
    lockedUntil: failures >= policy.lockAfter ? now + policy.lockSeconds * 1000 : undefined,
  };
}
