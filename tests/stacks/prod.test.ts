import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, expect, test } from "vitest";
import { arnsOutsidePartition, logRetentions } from "./records";
import { synthesize, type Synthesized } from "./synth";

// The prod stage keeps its data: deletion protection, and Retain on everything
// (sst.config.ts sets the app-wide removal policy; Storage.ts repeats it for the data).
let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("prod");
});
afterAll(() => synth?.cleanup());

const storage = () => synth.storage.template;

test("table has deletion protection and is retained on delete and on replacement", () => {
  storage().hasResource("AWS::DynamoDB::Table", {
    DeletionPolicy: "Retain",
    UpdateReplacePolicy: "Retain",
    Properties: Match.objectLike({
      TableName: "prod-tongxin-Table",
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }),
  });
});

test("uploads and access-log buckets are retained, and nothing empties them", () => {
  const buckets = Object.values(storage().findResources("AWS::S3::Bucket"));
  expect(buckets).toHaveLength(2);
  for (const bucket of buckets) {
    expect(bucket.DeletionPolicy).toBe("Retain");
    expect(bucket.UpdateReplacePolicy).toBe("Retain");
  }
  storage().resourceCountIs("Custom::S3AutoDeleteObjects", 0);
});

test("every resource in every stack is retained", () => {
  for (const { name, template } of [synth.storage, synth.api, synth.web]) {
    const deletable = Object.entries(template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>)
      // SSM parameters that SST adds for `sst bind` are created after the removal policy is applied.
      .filter(([, resource]) => resource.Type !== "AWS::SSM::Parameter" && resource.DeletionPolicy !== "Retain")
      .map(([id, resource]) => `${name}/${id} (${resource.Type})`);
    expect(deletable).toEqual([]);
  }
});

test("the function reads the prod stage's secret parameter", () => {
  synth.api.template.hasResourceProperties("AWS::Lambda::Function", {
    Environment: {
      Variables: Match.objectLike({ SESSION_SECRET_PARAMETER: "/sst/tongxin/prod/Secret/SESSION_SECRET/value" }),
    },
  });
});

test("every log group in every stack, the API's access log included, keeps six months or more (网络安全法 §21)", () => {
  const groups = synth.all.flatMap(({ name, template }) => logRetentions(template).map((group) => ({ ...group, id: `${name}/${group.id}` })));
  expect(groups.length).toBeGreaterThanOrEqual(2);
  for (const { id, days } of groups) expect(days, id).toBeGreaterThanOrEqual(180);
});

test("no ARN names a partition literally: each is built from AWS::Partition (the same code deploys to aws-cn: china.test.ts)", () => {
  for (const { name, template } of synth.all) expect(arnsOutsidePartition(template), name).toEqual([]);
});
