import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";

/** One write of a TransactWriteItems call: a Put, Update, Delete or ConditionCheck. */
export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * Reasons DynamoDB gave for each item of a cancelled transaction, in request order
 * (`"ConditionalCheckFailed"`, `"TransactionConflict"`, `"None"`, ...), or undefined when
 * the error is not a cancelled transaction.
 */
export function cancellationReasons(error: unknown): string[] | undefined {
  if (error instanceof TransactionCanceledException || (error as { name?: string })?.name === "TransactionCanceledException") {
    const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
    return reasons.map((reason) => reason.Code ?? "None");
  }
  return undefined;
}

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === "ConditionalCheckFailedException";
}
