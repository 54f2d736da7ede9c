import { cancellationReasons, isConditionFailure } from "../db/transactions";
import { AppError } from "../errors";

/**
 * Optimistic concurrency on hot items (an activity's counters): an operation reads, writes
 * conditionally, and on losing a race reads again and retries, with jittered backoff.
 */

/** Thrown by an operation that lost a race and should run again from its reads. */
export class Contention extends Error {
  constructor(reason = "contention") {
    super(reason);
    this.name = "Contention";
  }
}

/** A lost race: a cancelled transaction (condition or conflict), a failed conditional write, or `Contention`. */
export function isContention(error: unknown): boolean {
  if (error instanceof Contention || isConditionFailure(error)) return true;
  if ((error as { name?: string })?.name === "TransactionConflictException") return true;
  const reasons = cancellationReasons(error);
  return !!reasons && reasons.some((reason) => reason === "ConditionalCheckFailed" || reason === "TransactionConflict");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `operation` until it does not lose a race; 503 with Retry-After after `attempts`. */
export async function withRetries<T>(operation: (attempt: number) => Promise<T>, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isContention(error)) throw error;
      if (attempt >= attempts) throw new AppError("service.unavailable", "当前操作人数较多，请稍后重试", { retryAfter: 1, cause: error });
      await sleep(Math.random() * Math.min(250, 5 * 2 ** Math.min(attempt, 8)));
    }
  }
}
