import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BALLOTS_TABLE_KEYS, KEY_ATTRIBUTES, TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from "../../packages/core/src/db/table";
import { synthesize, type Synthesized } from "./synth";

let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("test");
});
afterAll(() => synth?.cleanup());

const template = () => synth.storage.template;

/** The one resource of a type matching props, as [logicalId, resource]. */
function only(type: string, props: Record<string, unknown> = {}) {
  const found = Object.entries(template().findResources(type, props));
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
}

describe("table", () => {
  test("key schema and attribute types come from packages/core/src/db/table.ts", () => {
    template().hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayEquals(
        KEY_ATTRIBUTES.map((name) => ({ AttributeName: name, AttributeType: "S" })),
      ),
    });
  });

  test("every GSI in TABLE_INDEXES, with its keys and all attributes projected, and no others", () => {
    const [, table] = only("AWS::DynamoDB::Table", { Properties: { GlobalSecondaryIndexes: Match.anyValue() } });
    const indexes = table.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string }>;
    expect(indexes.map((index) => index.IndexName).sort()).toEqual(Object.keys(TABLE_INDEXES).sort());
    for (const [name, keys] of Object.entries(TABLE_INDEXES)) {
      expect(indexes).toContainEqual({
        IndexName: name,
        KeySchema: [
          { AttributeName: keys.partitionKey, KeyType: "HASH" },
          { AttributeName: keys.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      });
    }
  });

  test("on-demand, point-in-time recovery, TTL on expiresAt, new-and-old-images stream", () => {
    expect(TTL_ATTRIBUTE).toBe("expiresAt");
    template().hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
  });

  test("a non-prod stage can be torn down", () => {
    template().hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Delete",
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});

describe("ballots table (the ballot box)", () => {
  const ballots = () => only("AWS::DynamoDB::Table", { Properties: { GlobalSecondaryIndexes: Match.absent() } })[1].Properties;

  test("keyed pk/sk from packages/core/src/db/table.ts, no index, no TTL", () => {
    const props = ballots();
    expect(props.KeySchema).toEqual([
      { AttributeName: BALLOTS_TABLE_KEYS.partitionKey, KeyType: "HASH" },
      { AttributeName: BALLOTS_TABLE_KEYS.sortKey, KeyType: "RANGE" },
    ]);
    expect(props.TimeToLiveSpecification).toBeUndefined();
  });

  test("no stream: nothing orders a ballot next to the voter's receipt", () => {
    expect(ballots().StreamSpecification).toBeUndefined();
  });

  test("on-demand, point-in-time recovery, encrypted with a KMS key", () => {
    expect(ballots()).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });
});

describe("uploads bucket", () => {
  const uploads = () => only("AWS::S3::Bucket", { Properties: { CorsConfiguration: Match.anyValue() } });

  test("private: all public access blocked, ACLs disabled", () => {
    const [, bucket] = uploads();
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
  });

  test("S3-managed encryption", () => {
    const [, bucket] = uploads();
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
    });
  });

  test("CORS lets the browser PUT/GET/HEAD with presigned URLs", () => {
    const [, bucket] = uploads();
    expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({
        AllowedMethods: ["PUT", "GET", "HEAD"],
        AllowedOrigins: ["*"],
        AllowedHeaders: ["*"],
        ExposedHeaders: ["ETag"],
      }),
    ]);
  });

  test("bucket policy denies requests without TLS", () => {
    const [id] = uploads();
    template().hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Principal: { AWS: "*" },
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  test("server access logs go to a private, SSL-only log bucket that expires them", () => {
    const [, bucket] = uploads();
    const logsRef = bucket.Properties.LoggingConfiguration.DestinationBucketName as { Ref: string };
    const logs = template().toJSON().Resources[logsRef.Ref];
    expect(logs.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    expect(logs.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ ExpirationInDays: 180, Status: "Enabled" }),
    );
    template().hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: logsRef,
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });
});
