import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";
import { decodeCursor, encodeCursor, type Page } from "./paging";

type Query = Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">;

/** Every item a Query matches (in the main table unless `table` names another), following pages to the end. For bounded partitions only. */
export async function queryAll(input: Query, table = tableName()): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** How many items a Query matches (Select COUNT), following pages to the end: no item is read back. */
export async function countAll(input: Omit<Query, "Select">): Promise<number> {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...input, TableName: tableName(), Select: "COUNT", ExclusiveStartKey: start }));
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return total;
}

/**
 * One page of a Query, resumed from and handing out an opaque cursor signed for this very Query
 * (db/paging.ts): every paged list goes through here, so a tampered cursor is a 400 everywhere.
 */
export async function queryPage(input: Query, options: { cursor?: string; limit?: number; defaultLimit?: number } = {}): Promise<Page<Record<string, unknown>>> {
  const result = await db().send(
    new QueryCommand({
      ...input,
      TableName: tableName(),
      Limit: options.limit ?? options.defaultLimit ?? 50,
      ExclusiveStartKey: await decodeCursor(options.cursor, input),
    }),
  );
  return { items: result.Items ?? [], cursor: await encodeCursor(result.LastEvaluatedKey, input) };
}
