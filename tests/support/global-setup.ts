import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "@tongxin/core/db/bootstrap";
import type { TestProject } from "vitest/node";
import { freePort, LOCAL_AWS_ENV, startDynamoLocal } from "../../scripts/lib/dynamo-local";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
    /** Demo org ids by key (district, hongqiao, xinyicheng, qibao, ...). */
    demoOrgs: Record<string, string>;
  }
}

/**
 * One in-memory DynamoDB Local for the whole run, with the table created from the same
 * definition the stack uses. Test files share it and keep apart by using fresh ids.
 */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const tableName = "tongxin-test";
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await ensureTable(client, tableName);
  client.destroy();
  Object.assign(process.env, LOCAL_AWS_ENV, { DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: tableName });
  const { seedDemo } = await import("@tongxin/core/seed/demo");
  const { orgs } = await seedDemo();
  project.provide("demoOrgs", orgs);
  project.provide("dynamoEndpoint", dynamo.endpoint);
  project.provide("tableName", tableName);
  return async () => {
    await dynamo.stop();
  };
}
