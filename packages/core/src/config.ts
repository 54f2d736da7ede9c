import { ballotsTableNameFor } from "./db/table";

/**
 * Runtime settings, read lazily from the environment so that tests and the local
 * server can set them before first use. The stack sets the same variables in AWS.
 */
export interface Settings {
  tableName: string;
  /** The ballot box, a table without a stream (see db/table.ts). */
  ballotsTableName: string;
  region: string;
  /** Set locally to DynamoDB Local's URL; unset in AWS. */
  dynamoEndpoint?: string;
  uploadsBucket: string;
  /** Set locally to the S3-compatible server's URL; unset in AWS. */
  s3Endpoint?: string;
  /** Origin the web app is served from (CORS). */
  webOrigin?: string;
}

export function settings(): Settings {
  const env = process.env;
  const tableName = env.TABLE_NAME ?? "tongxin-local";
  return {
    tableName,
    ballotsTableName: env.BALLOTS_TABLE_NAME || ballotsTableNameFor(tableName),
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "local",
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    uploadsBucket: env.UPLOADS_BUCKET ?? "tongxin-uploads",
    s3Endpoint: env.S3_ENDPOINT || undefined,
    webOrigin: env.WEB_ORIGIN || undefined,
  };
}
