/**
 * Password-check throttling: pure policy over failure counters. Nothing here ever locks an
 * account: a hard lock lets anyone who knows a phone number shut its owner out (the 会长 before
 * the meeting). Three counters, each only slowing down:
 *
 * - per (login, client address) — `PAIR_POLICY`: after `freeFailures` failures each further
 *   attempt from that address for that login waits an exponentially growing delay since the last
 *   failure, up to `maxDelaySeconds`. It is reserved atomically before the password is checked
 *   (login.ts), so parallel guesses from one address cannot share one allowance. Someone else's
 *   failures from another address never touch the owner's pair.
 * - per account, over all addresses — `ACCOUNT_CEILING`: a fixed window counts the account's
 *   failures; past the ceiling (a distributed guessing run), an address that has itself failed
 *   for that login waits for the window to end, so each address gets one guess per window. An
 *   address with no failure for the login (the owner on their own phone) is never refused.
 * - per client address, over all logins — `CLIENT_POLICY`: one address trying many accounts
 *   (credential stuffing) is slowed down; it has more room, as a meeting hall's Wi-Fi is one
 *   address for everyone there, only delays (at most `maxDelaySeconds`), and forgets an address
 *   that has been quiet for `forgetAfterSeconds` (a day's typos in a hall don't add up).
 */
export interface DelayPolicy {
  freeFailures: number;
  /** The wait after the last free failure; it doubles with each further one. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** A counter whose last failure is this old counts as none. */
  forgetAfterSeconds: number;
}

export interface ThrottleState {
  failures: number;
  /** Epoch milliseconds. */
  lastFailureAt: number;
}

export const PAIR_POLICY: DelayPolicy = { freeFailures: 3, firstDelaySeconds: 1, maxDelaySeconds: 5 * 60, forgetAfterSeconds: 24 * 60 * 60 };
export const CLIENT_POLICY: DelayPolicy = { freeFailures: 20, firstDelaySeconds: 5, maxDelaySeconds: 30, forgetAfterSeconds: 15 * 60 };
export const ACCOUNT_CEILING = { failuresPerWindow: 30, windowMs: 15 * 60_000 };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The counter as it counts at `now`: undefined once forgotten. */
export function liveState(policy: DelayPolicy, state: ThrottleState | undefined, now: number): ThrottleState | undefined {
  return state && now - state.lastFailureAt < policy.forgetAfterSeconds * 1000 ? state : undefined;
}

/** Whether an attempt may be checked now, given the counter's failures so far. */
export function throttleDecision(policy: DelayPolicy, counted: ThrottleState | undefined, now: number): ThrottleDecision {
  const state = liveState(policy, counted, now);
  if (!state || state.failures < policy.freeFailures) return { allowed: true };
  const delaySeconds = Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** (state.failures - policy.freeFailures));
  const readyAt = state.lastFailureAt + delaySeconds * 1000;
  if (now < readyAt) return { allowed: false, retryAfterSeconds: Math.ceil((readyAt - now) / 1000) };
  return { allowed: true };
}

/** The state after one more failure at `now` (a forgotten counter starts again). */
export function afterFailure(policy: DelayPolicy, state: ThrottleState | undefined, now: number): ThrottleState {
  return { failures: (liveState(policy, state, now)?.failures ?? 0) + 1, lastFailureAt: now };
}

/** The account-wide window `now` falls in (its number, and when it ends). */
export function accountWindow(now: number): { index: number; endsAt: number } {
  const index = Math.floor(now / ACCOUNT_CEILING.windowMs);
  return { index, endsAt: (index + 1) * ACCOUNT_CEILING.windowMs };
}

/**
 * The account-wide ceiling: once the account's failures in the current window reach it, an
 * address that has failed for the login waits for the window's end; a clean address is let through.
 */
export function ceilingDecision(accountFailures: number, pair: ThrottleState | undefined, now: number): ThrottleDecision {
  const { endsAt } = accountWindow(now);
  const failedHereThisWindow = pair !== undefined && pair.failures > 0 && pair.lastFailureAt >= endsAt - ACCOUNT_CEILING.windowMs;
  if (accountFailures < ACCOUNT_CEILING.failuresPerWindow || !failedHereThisWindow) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now) / 1000)) };
}
