import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type Shard } from "@aws-sdk/client-dynamodb-streams";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { settings } from "../config";
import { db, tableName } from "../db/client";
import { queryAll } from "../db/query";
import { handleRecords, type RawStreamRecord } from "./consumer";
import type { Channels } from "./deliver";
import { MessageKeys } from "./keys";

/**
 * Reads the table's stream (DynamoDB Local's, when running locally) and runs the same handler
 * as the stream-triggered Lambda. Where it has got to in each shard is a checkpoint item
 * written only after a batch is handled, so a crash in between replays the batch, and the
 * keyed writes of the messages make the replay send nothing twice.
 */
export interface PollerOptions {
  /** Names the checkpoints (one consumer = one position in the stream). */
  consumer: string;
  channels?: Channels;
  /** Records per GetRecords call. */
  batchSize?: number;
  /** Test hook: runs after each record is handled and before the checkpoint (throw to crash). */
  afterRecord?: (index: number) => void | Promise<void>;
}

function clients() {
  const { region, dynamoEndpoint } = settings();
  return { streams: new DynamoDBStreamsClient({ region, endpoint: dynamoEndpoint }), dynamo: new DynamoDBClient({ region, endpoint: dynamoEndpoint }) };
}

async function streamArn(dynamo: DynamoDBClient): Promise<string> {
  const table = await dynamo.send(new DescribeTableCommand({ TableName: tableName() }));
  const arn = table.Table?.LatestStreamArn;
  if (!arn) throw new Error(`table ${tableName()} has no stream`);
  return arn;
}

async function allShards(streams: DynamoDBStreamsClient, arn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let start: string | undefined;
  do {
    const page = await streams.send(new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }));
    shards.push(...(page.StreamDescription?.Shards ?? []));
    start = page.StreamDescription?.LastEvaluatedShardId;
  } while (start);
  // Parents before children, so a key's changes are handled in order.
  const ids = new Set(shards.map((shard) => shard.ShardId));
  const ordered: Shard[] = [];
  const visit = (shard: Shard) => {
    if (ordered.includes(shard)) return;
    const parent = shards.find((s) => s.ShardId === shard.ParentShardId);
    if (parent && ids.has(parent.ShardId)) visit(parent);
    ordered.push(shard);
  };
  shards.forEach(visit);
  return ordered;
}

async function checkpoints(consumer: string): Promise<Map<string, string>> {
  const key = MessageKeys.checkpointsOf(consumer);
  const items = await queryAll({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix }, ConsistentRead: true });
  return new Map(items.map((item) => [item.shardId as string, item.sequence as string]));
}

async function saveCheckpoint(consumer: string, shardId: string, sequence: string): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...MessageKeys.checkpoint(consumer, shardId), type: "stream_checkpoint", shardId, sequence } }));
}

export interface DrainResult {
  records: number;
}

/**
 * Reads every shard from its checkpoint to the present end, handling each batch, then returns.
 * `handle: false` only moves the checkpoints to the end (a consumer that starts from now).
 */
export async function drainStream(options: PollerOptions & { handle?: boolean }): Promise<DrainResult> {
  const { streams, dynamo } = clients();
  try {
    const arn = await streamArn(dynamo);
    const positions = await checkpoints(options.consumer);
    let records = 0;
    for (const shard of await allShards(streams, arn)) {
      const shardId = shard.ShardId!;
      const after = positions.get(shardId);
      let iterator = (
        await streams.send(
          new GetShardIteratorCommand({ StreamArn: arn, ShardId: shardId, ShardIteratorType: after ? "AFTER_SEQUENCE_NUMBER" : "TRIM_HORIZON", SequenceNumber: after }),
        )
      ).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: options.batchSize ?? 100 }));
        const batch = (page.Records ?? []) as RawStreamRecord[];
        if (batch.length === 0) break;
        // A batch of nothing but checkpoint writes is not checkpointed again: that write would feed the next batch forever.
        if (batch.every((record) => record.dynamodb?.NewImage?.type?.S === "stream_checkpoint")) {
          iterator = page.NextShardIterator;
          continue;
        }
        if (options.handle !== false) {
          const outcome = await handleRecords(batch, { channels: options.channels, afterRecord: options.afterRecord });
          const done = batch.slice(0, outcome.processed);
          if (done.length > 0) await saveCheckpoint(options.consumer, shardId, done.at(-1)!.dynamodb!.SequenceNumber!);
          records += done.length;
          if (outcome.error) throw outcome.error;
        } else {
          await saveCheckpoint(options.consumer, shardId, batch.at(-1)!.dynamodb!.SequenceNumber!);
        }
        iterator = page.NextShardIterator;
      }
    }
    return { records };
  } finally {
    streams.destroy();
    dynamo.destroy();
  }
}

/**
 * Polls the stream until stopped (`npm start`). A failed round is logged and tried again from
 * the checkpoints on the next tick.
 */
export function startStreamPoller(options: PollerOptions & { intervalMs?: number; onError?: (error: unknown) => void }): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = drainStream(options)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 500);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
