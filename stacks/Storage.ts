import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { Bucket, Table, type StackContext } from "sst/constructs";
import { BALLOTS_TABLE_KEYS, KEY_ATTRIBUTES, TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from "../packages/core/src/db/table";
import { LOG_RETENTION_DAYS, stageConfigOf } from "./stage-config";

export function Storage({ stack }: StackContext) {
  const { prod, customerManagedKey } = stageConfigOf(stack);
  // sst.config.ts sets the same app-wide; repeated here so the data survives even if that changes.
  const removalPolicy = prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

  // The 等保 option: member records and uploads under a key the operator controls and can audit
  // in CloudTrail (docs/deploy-china.md); otherwise DynamoDB's AWS-owned key and SSE-S3.
  const key = customerManagedKey
    ? new kms.Key(stack, "DataKey", {
        description: "Encrypts the Tongxin table and uploads at rest",
        enableKeyRotation: true,
        removalPolicy,
      })
    : undefined;

  // Field-level encryption of sensitive personal data (身份证号, sensitive form answers; PIPL art. 51),
  // on every stage: its data keys are made and unwrapped by this key (packages/core/src/privacy).
  // Separate from the table's key, so who may read those values is one key policy and its own
  // CloudTrail record, and a backup restored elsewhere stays unreadable without it.
  const personalDataKey = new kms.Key(stack, "PersonalDataKey", {
    description: "Envelope encryption of sensitive personal data in Tongxin (身份证号, sensitive form answers)",
    enableKeyRotation: true,
    removalPolicy,
  });

  // SST's Table turns on point-in-time recovery and on-demand billing by default.
  const table = new Table(stack, "Table", {
    fields: Object.fromEntries(KEY_ATTRIBUTES.map((name) => [name, "string" as const])),
    primaryIndex: { partitionKey: TABLE_KEYS.partitionKey, sortKey: TABLE_KEYS.sortKey },
    globalIndexes: Object.fromEntries(
      Object.entries(TABLE_INDEXES).map(([name, keys]) => [
        name,
        { partitionKey: keys.partitionKey, sortKey: keys.sortKey, projection: "all" as const },
      ]),
    ),
    timeToLiveAttribute: TTL_ATTRIBUTE,
    stream: "new_and_old_images",
    cdk: {
      table: {
        deletionProtection: prod,
        removalPolicy,
        ...(key ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: key } : {}),
      },
    },
  });

  // The ballot box: no stream (nothing may order a ballot next to the voter's receipt, which the
  // main table's stream carries), no index, no TTL; encrypted with a KMS key, PITR on (SST's default).
  // Keep CloudTrail data-event logging OFF for this table: it would record each PutItem with its time
  // and caller next to the receipt's UpdateItem of the same transaction (see elections/README.md).
  const ballotsTable = new Table(stack, "BallotsTable", {
    fields: Object.fromEntries(Object.values(BALLOTS_TABLE_KEYS).map((name) => [name, "string" as const])),
    primaryIndex: { partitionKey: BALLOTS_TABLE_KEYS.partitionKey, sortKey: BALLOTS_TABLE_KEYS.sortKey },
    // Never the stage's customer-managed key: its KMS events land in the operator's CloudTrail,
    // timed beside the ballot writes.
    cdk: { table: { deletionProtection: prod, removalPolicy, encryption: TableEncryption.AWS_MANAGED } },
  });

  const accessLogs = new s3.Bucket(stack, "UploadsAccessLogs", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    // S3 server access logs can't be written to an SSE-KMS bucket, so this one stays SSE-S3.
    lifecycleRules: [{ expiration: Duration.days(LOG_RETENTION_DAYS) }],
    removalPolicy,
  });
  NagSuppressions.addResourceSuppressions(accessLogs, [
    { id: "AwsSolutions-S1", reason: "This is the access-log bucket; logging its own access would loop." },
  ]);

  const bucket = new Bucket(stack, "Uploads", {
    blockPublicACLs: true,
    // Browsers PUT/GET objects directly with presigned URLs. The site's CloudFront URL
    // only exists once the Web stack (which depends on this one) is built, so any origin is
    // allowed here; the presigned signature, not CORS, is what authorizes each request.
    cors: [
      {
        allowedMethods: ["PUT", "GET", "HEAD"],
        allowedOrigins: ["*"],
        allowedHeaders: ["*"],
        exposedHeaders: ["ETag"],
        maxAge: "1 hour",
      },
    ],
    cdk: {
      bucket: {
        ...(key
          ? { encryption: s3.BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true }
          : { encryption: s3.BucketEncryption.S3_MANAGED }),
        enforceSSL: true,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: "uploads/",
        lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
        removalPolicy,
      },
    },
  });

  return { table, ballotsTable, bucket, key, personalDataKey };
}
