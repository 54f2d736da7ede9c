import { handleRecords, type RawStreamRecord } from "@tongxin/core/messages/consumer";

/**
 * The stream-triggered Lambda (stacks/Messages.ts): the same handler the local poller runs.
 * Answers with a partial batch response, so Lambda retries from the first record that
 * failed and never skips it; records before it are not handled again.
 */
export async function handler(event: { Records: RawStreamRecord[] }): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }> {
  const outcome = await handleRecords(event.Records);
  if (outcome.error) console.error(JSON.stringify({ level: "error", msg: "stream record failed", sequence: outcome.failedSequence, error: String(outcome.error) }));
  return { batchItemFailures: outcome.failedSequence ? [{ itemIdentifier: outcome.failedSequence }] : [] };
}
