import { inject } from "vitest";
import { LOCAL_AWS_ENV } from "../../scripts/lib/dynamo-local";

// Runs before every test file: point the code at the run's DynamoDB Local.
Object.assign(process.env, LOCAL_AWS_ENV, {
  DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
  TABLE_NAME: inject("tableName"),
  S3_ENDPOINT: inject("s3Endpoint"),
  UPLOADS_BUCKET: inject("uploadsBucket"),
  SESSION_SECRET: "test-session-secret-of-at-least-32-bytes!!",
  LOG_LEVEL: process.env.TEST_LOGS ? "info" : "silent",
});
