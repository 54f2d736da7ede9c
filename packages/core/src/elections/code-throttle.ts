/**
 * Wrong voting codes, per client address (the pure part; `codes.ts` keeps the counter). A code is
 * 80 random bits (the arithmetic is in `code-format.ts`), so guessing is hopeless: the limit protects capacity, not secrecy. Hence a valid
 * code is always accepted, however many wrong ones came from its address (200 phones behind a
 * hall's Wi-Fi share one), and only wrong codes are limited: at most `WRONG_CODES_PER_WINDOW` per
 * address in a window that starts at the first of them, each reserved by an atomic conditional
 * counter before it is answered, so parallel wrong codes cannot share one allowance. Nothing is
 * counted election-wide, so a flood from other addresses cannot block anyone.
 */
export const WRONG_CODES_PER_WINDOW = 5;
export const WRONG_CODE_WINDOW_MS = 60_000;

export interface WrongCodeCounter {
  failures: number;
  /** Epoch milliseconds of the window's first wrong code. */
  windowStart: number;
}

/** Whether the counter's window is over at `now` (a new one may start). */
export function windowOver(counter: WrongCodeCounter, now: number): boolean {
  return now - counter.windowStart >= WRONG_CODE_WINDOW_MS;
}

/** Seconds until the counter's window ends (at least 1): the `Retry-After` of a refused wrong code. */
export function retryAfterSeconds(counter: WrongCodeCounter, now: number): number {
  return Math.max(1, Math.ceil((counter.windowStart + WRONG_CODE_WINDOW_MS - now) / 1000));
}
