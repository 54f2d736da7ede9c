import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { deliverEvent, type Channels } from "./deliver";
import { applySchedule } from "./due";
import { allowedType, eventsOf, type ChangeRecord } from "./events";
import { schedulesOf } from "./schedule";

/** A stream record as both Lambda and the DynamoDB Streams API hand it over. */
export interface RawStreamRecord {
  eventName?: string;
  dynamodb?: {
    SequenceNumber?: string;
    NewImage?: Record<string, AttributeValue>;
    OldImage?: Record<string, AttributeValue>;
  };
}

/**
 * An image with every value typed: the Streams API client hands an empty map attribute (a
 * campaign score's `scores: {}` before any mark) over as `{}`, which `unmarshall` refuses
 * ("No value defined"); it is an empty map (`{M: {}}`) in the Lambda event's JSON.
 */
function typed(image: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const fix = (value: AttributeValue): AttributeValue => {
    if (Object.keys(value).length === 0) return { M: {} };
    if (value.M) return { M: typed(value.M) };
    if (value.L) return { L: value.L.map(fix) };
    return value;
  };
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, fix(value)]));
}

/**
 * The raw record as a change the mapping reads, or nothing when its item type is not on the
 * allow-list: the images of other items (ballots, the roll, voting codes) are never unmarshalled.
 */
export function toChangeRecord(raw: RawStreamRecord): ChangeRecord | undefined {
  const image = raw.dynamodb?.NewImage ?? raw.dynamodb?.OldImage;
  const type = image?.type && "S" in image.type ? image.type.S : undefined;
  if (!allowedType(type)) return undefined;
  const eventName = raw.eventName as ChangeRecord["eventName"];
  const read = (value?: Record<string, AttributeValue>) => (value ? (unmarshall(typed(value) as Parameters<typeof unmarshall>[0]) as Record<string, unknown>) : undefined);
  return { eventName, sequence: raw.dynamodb?.SequenceNumber ?? "", newImage: read(raw.dynamodb?.NewImage), oldImage: read(raw.dynamodb?.OldImage) };
}

export interface BatchOutcome {
  /** Records handled, in order. */
  processed: number;
  /** The first record that failed: it and everything after it are to be retried (Lambda's partial batch response). */
  failedSequence?: string;
  error?: unknown;
}

/**
 * Handles a batch of stream records in order: the one handler the stream-triggered Lambda and
 * the local poller both run. Stops at the first failure so nothing after it is skipped.
 */
export async function handleRecords(records: RawStreamRecord[], options: { channels?: Channels; afterRecord?: (index: number) => void | Promise<void> } = {}): Promise<BatchOutcome> {
  for (const [index, raw] of records.entries()) {
    try {
      const change = toChangeRecord(raw);
      if (change) {
        for (const event of eventsOf(change)) await deliverEvent(event, options.channels);
        // Messages due later (reminders, 公示 end) are (re)scheduled from the same changes.
        for (const schedule of schedulesOf(change)) await applySchedule(schedule, change.sequence);
      }
    } catch (error) {
      return { processed: index, failedSequence: raw.dynamodb?.SequenceNumber, error };
    }
    await options.afterRecord?.(index);
  }
  return { processed: records.length };
}
