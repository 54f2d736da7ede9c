import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, test } from "vitest";
import { arnsOutsidePartition, logRetentions, xrayUses } from "./records";

// The template checks china.test.ts and prod.test.ts rely on, shown catching what they look for.
const template = (resources: Record<string, unknown>, outputs: Record<string, unknown> = {}) =>
  Template.fromJSON({ Resources: resources, Outputs: outputs });
const role = (statement: unknown) => ({ Type: "AWS::IAM::Policy", Properties: { PolicyDocument: { Statement: [statement] } } });

describe("finding ARNs of the wrong partition", () => {
  test("flags a literal global ARN, a joined ARN with a hard-coded partition, and one in an output", () => {
    const found = arnsOutsidePartition(
      template(
        {
          A: role({ Resource: "arn:aws:s3:::bucket/*" }),
          B: role({ Resource: { "Fn::Join": ["", ["arn:", "aws", ":ssm:cn-northwest-1:123456789012:parameter/x"]] } }),
        },
        { C: { Value: { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root" } } },
      ),
      "aws-cn",
    );
    expect(found).toHaveLength(3);
  });

  test("accepts arn:aws-cn:, the AWS::Partition pseudo parameter in Fn::Join and Fn::Sub, and ignores cdk-nag metadata", () => {
    const found = arnsOutsidePartition(
      template({
        A: role({ Resource: "arn:aws-cn:s3:::bucket/*" }),
        B: role({ Resource: { "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":ssm:cn-northwest-1:123456789012:parameter/x"]] } }),
        C: { ...role({ Resource: { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/x" } }), Metadata: { note: "Policy::arn:<AWS::Partition>:iam::aws:policy/x" } },
      }),
      "aws-cn",
    );
    expect(found).toEqual([]);
  });
});

test("X-Ray: active tracing and xray permissions are both found", () => {
  const uses = xrayUses(
    template({
      Fn: { Type: "AWS::Lambda::Function", Properties: { TracingConfig: { Mode: "Active" } } },
      Quiet: { Type: "AWS::Lambda::Function", Properties: {} },
      Policy: role({ Action: ["xray:PutTraceSegments"], Resource: "*" }),
    }),
  );
  expect(uses).toEqual(["Fn: active tracing", "Policy: xray permissions"]);
});

test("log retention: a group that keeps logs forever reads as undefined days", () => {
  expect(
    logRetentions(
      template({
        Kept: { Type: "AWS::Logs::LogGroup", Properties: { RetentionInDays: 180 } },
        Forever: { Type: "AWS::Logs::LogGroup", Properties: {} },
      }),
    ),
  ).toEqual([
    { id: "Kept", days: 180 },
    { id: "Forever", days: undefined },
  ]);
});
