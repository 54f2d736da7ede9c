import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { settings } from "../config";
import { joiningWrites } from "./joined-write";

let documentClient: DynamoDBDocumentClient | undefined;
const configurers: Array<(client: DynamoDBClient) => void> = [];

/** The shared DynamoDB document client, created on first use from `settings()`. */
export function db(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { region, dynamoEndpoint } = settings();
    const client = new DynamoDBClient({
      region,
      endpoint: dynamoEndpoint,
      maxAttempts: 3,
    });
    for (const configure of configurers) configure(client);
    // Writes that must share the transaction of the object they name (joined-write.ts) join it here.
    documentClient = joiningWrites(
      DynamoDBDocumentClient.from(client, {
        marshallOptions: { removeUndefinedValues: true },
      }),
    );
  }
  return documentClient;
}

/**
 * Registers a hook run on every DynamoDB client created from now on (e.g. a middleware
 * that counts calls or injects faults). Resets the current client so the hook applies.
 */
export function configureDynamoClient(configure: (client: DynamoDBClient) => void): void {
  configurers.push(configure);
  documentClient = undefined;
}

/** Name of the one table. */
export function tableName(): string {
  return settings().tableName;
}

/** Name of the ballot box table (no stream): see `table.ts`. */
export function ballotsTableName(): string {
  return settings().ballotsTableName;
}
