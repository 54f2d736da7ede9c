import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client";

/**
 * Gets many items by key, 100 per request, retrying unprocessed keys; missing items are
 * simply absent from the result.
 */
export async function batchGetAll(keys: Array<Record<string, unknown>>, projection?: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Array<Record<string, unknown>> | undefined = keys.slice(i, i + 100);
    while (pending && pending.length > 0) {
      const result = await db().send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ProjectionExpression: projection } } }),
      );
      items.push(...(result.Responses?.[tableName()] ?? []));
      pending = result.UnprocessedKeys?.[tableName()]?.Keys as Array<Record<string, unknown>> | undefined;
    }
  }
  return items;
}
