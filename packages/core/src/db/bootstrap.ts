import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { BALLOTS_TABLE_KEYS, ballotsTableNameFor, KEY_ATTRIBUTES, TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from "./table";

async function exists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as { name?: string }).name !== "ResourceNotFoundException") throw error;
    return false;
  }
}

/**
 * Creates the tables (same keys and indexes as the stack) that do not exist yet: the main table
 * and, beside it, the ballot box (`<tableName>-ballots` unless named: no stream, no index).
 * Used by the local server and the test setup; in AWS the stack owns the tables.
 * @returns true when the main table was created by this call.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, ballotsTableName = ballotsTableNameFor(tableName)): Promise<boolean> {
  if (!(await exists(client, ballotsTableName))) {
    await client.send(
      new CreateTableCommand({
        TableName: ballotsTableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: Object.values(BALLOTS_TABLE_KEYS).map((name) => ({ AttributeName: name, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: BALLOTS_TABLE_KEYS.partitionKey, KeyType: "HASH" },
          { AttributeName: BALLOTS_TABLE_KEYS.sortKey, KeyType: "RANGE" },
        ],
      }),
    );
  }
  if (await exists(client, tableName)) return false;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: KEY_ATTRIBUTES.map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: Object.entries(TABLE_INDEXES).map(([indexName, index]) => ({
        IndexName: indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }),
  );
  return true;
}
