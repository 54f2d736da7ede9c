import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "@tongxin/core/db/bootstrap";
import type { TestProject } from "vitest/node";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, LOCAL_AWS_ENV, startDynamoLocal } from "../../scripts/lib/dynamo-local";
import { startS3Local } from "../../scripts/lib/s3-local";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
    s3Endpoint: string;
    uploadsBucket: string;
    /** Demo org ids by key (district, hongqiao, xinyicheng, qibao, ...). */
    demoOrgs: Record<string, string>;
  }
}

/**
 * One in-memory DynamoDB Local and one local S3 server for the whole run, with the table
 * created from the same definition the stack uses. Test files share them and keep apart by
 * using fresh ids.
 */
export default async function setup(project: TestProject) {
  const s3Directory = mkdtempSync(join(tmpdir(), "tongxin-s3-"));
  const uploadsBucket = "tongxin-test-uploads";
  const [dynamo, s3] = await Promise.all([
    startDynamoLocal({ port: await freePort() }),
    startS3Local({ port: await freePort(), directory: s3Directory, bucket: uploadsBucket }),
  ]);
  const tableName = "tongxin-test";
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await ensureTable(client, tableName);
  client.destroy();
  Object.assign(process.env, LOCAL_AWS_ENV, { DYNAMODB_ENDPOINT: dynamo.endpoint, TABLE_NAME: tableName });
  const { seedDemo } = await import("@tongxin/core/seed/demo");
  const { orgs } = await seedDemo();
  project.provide("demoOrgs", orgs);
  project.provide("dynamoEndpoint", dynamo.endpoint);
  project.provide("s3Endpoint", s3.endpoint);
  project.provide("uploadsBucket", uploadsBucket);
  project.provide("tableName", tableName);
  return async () => {
    await Promise.all([dynamo.stop(), s3.stop()]);
    rmSync(s3Directory, { recursive: true, force: true });
  };
}
