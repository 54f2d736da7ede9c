import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from "@aws-sdk/client-dynamodb-streams";
import { afterAll, describe, expect, it } from "vitest";
import { ballotsTableName, tableName } from "@tongxin/core/db/client";
import { queryAll } from "@tongxin/core/db/query";
import { settings } from "@tongxin/core/config";
import { call, signIn } from "../support/api";
import { addPerson, choicesFor, createElection, freshBranch, importMembers, inBatches, paper } from "../support/elections";

/**
 * The main table's stream is what a message consumer reads. A cast writes the voter's receipt
 * there; the ballot goes to the ballot box table, which has no stream — so no stream record
 * ever sits next to a receipt carrying the ballot or its tracking code.
 */
const { region, dynamoEndpoint } = settings();
const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "local", secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "local" };
const dynamo = new DynamoDBClient({ region, endpoint: dynamoEndpoint, credentials });
const streams = new DynamoDBStreamsClient({ region, endpoint: dynamoEndpoint, credentials });
afterAll(() => {
  dynamo.destroy();
  streams.destroy();
});

/** Every record the table's stream holds now, from the start of every shard. */
async function streamRecords(table: string): Promise<_Record[]> {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: table }));
  expect(Table?.LatestStreamArn, `${table} has a stream`).toBeDefined();
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn! }));
  const records: _Record[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator: iterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: Table!.LatestStreamArn!, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }));
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      records.push(...(page.Records ?? []));
      // An open shard hands out a next iterator forever: stop at its current end.
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}

describe("the table's stream after a burst of casts", () => {
  it("holds the voters' receipts but no ballot content and no tracking code; the ballots are in the ballot box", async () => {
    const N = 16;
    const admin = await signIn("13800000001");
    const orgId = await freshBranch(admin);
    const scrutineers = [await addPerson(admin, orgId, "监票一", ["scrutineer"]), await addPerson(admin, orgId, "监票二", ["scrutineer"])];
    await importMembers(admin, orgId, N);
    const electionId = await createElection(admin, orgId, { ...paper, mode: "online" });
    await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
    await call("POST", `/elections/${electionId}/roll`, { token: admin });
    const codes = (await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { all: true } })).json.items as Array<{ accountId: string; code: string }>;
    expect(codes).toHaveLength(N);
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);

    const casts = await inBatches(
      codes.map((c, i) => () => call("POST", `/elections/${electionId}/ballots`, { body: { code: c.code, choices: choicesFor(i) }, headers: i % 2 ? { "idempotency-key": `stream-${electionId}-${i}` } : {} })),
      8,
    );
    expect(casts.map((cast) => cast.status)).toEqual(Array(N).fill(201));
    const tracking = casts.map((cast) => cast.json.trackingCode as string);

    const mine = (await streamRecords(tableName())).filter((record) => JSON.stringify(record.dynamodb?.Keys ?? {}).includes(electionId));
    // The stream is being read: every receipt (the roll entry marked voted) is in it.
    const receipts = mine.filter((record) => record.dynamodb?.NewImage?.voted?.BOOL === true && record.dynamodb?.OldImage?.voted === undefined);
    expect(receipts).toHaveLength(N);
    for (const record of mine) {
      const keys = record.dynamodb?.Keys;
      expect(keys?.pk?.S ?? "").not.toMatch(/^BALLOTS#/);
      for (const image of [record.dynamodb?.NewImage, record.dynamodb?.OldImage]) {
        expect(image?.choices).toBeUndefined();
        expect(image?.trackingCode).toBeUndefined();
      }
      const text = JSON.stringify(record);
      for (const code of tracking) {
        expect(text).not.toContain(code);
        expect(text).not.toContain(code.replace(/-/g, ""));
      }
    }

    // The ballots are in the ballot box, which has no stream at all.
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: ballotsTableName() }));
    expect(Table?.StreamSpecification?.StreamEnabled ?? false).toBe(false);
    expect(Table?.LatestStreamArn).toBeUndefined();
    const box = (await Promise.all(Array.from({ length: 16 }, (_, s) => queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `BALLOTS#${electionId}#${s}` }, ConsistentRead: true }, ballotsTableName())))).flat();
    expect(box.map((ballot) => ballot.trackingCode).sort()).toEqual([...tracking].sort());
  }, 120_000);
});
