import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "@tongxin/core/db/bootstrap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, LOCAL_AWS_ENV, startDynamoLocal } from "../scripts/lib/dynamo-local";
import { startS3Local } from "../scripts/lib/s3-local";

/** DynamoDB Local (in memory) and a local S3, with the table and the demo seeded, for one bench run. */
export async function startBenchStack() {
  const s3Dir = mkdtempSync(join(tmpdir(), "tongxin-bench-s3-"));
  const [dynamo, s3] = await Promise.all([
    startDynamoLocal({ port: await freePort() }),
    startS3Local({ port: await freePort(), directory: s3Dir, bucket: "tongxin-bench" }),
  ]);
  Object.assign(process.env, LOCAL_AWS_ENV, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_NAME: "tongxin-bench",
    S3_ENDPOINT: s3.endpoint,
    UPLOADS_BUCKET: "tongxin-bench",
    SESSION_SECRET: "bench-session-secret-0123456789abcdef",
    LOG_LEVEL: "silent",
  });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_AWS_ENV.AWS_REGION });
  await ensureTable(client, "tongxin-bench");
  client.destroy();
  const { seedDemo } = await import("@tongxin/core/seed/demo");
  const seed = await seedDemo();
  return {
    dynamoEndpoint: dynamo.endpoint,
    orgs: seed.orgs,
    stop: async () => {
      await Promise.all([dynamo.stop(), s3.stop()]);
      rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}
