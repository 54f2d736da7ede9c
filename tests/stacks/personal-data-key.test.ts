import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { synthesize, type Synthesized } from "./synth";

/**
 * Field-level encryption of sensitive personal data (packages/core/src/privacy/README.md): every
 * stage has its own customer-managed KMS key, and only the API function may make and unwrap data
 * keys with it.
 */
let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("test");
});
afterAll(() => synth?.cleanup());

const json = (value: unknown) => JSON.stringify(value);

function personalDataKey() {
  const found = Object.entries(synth.storage.template.findResources("AWS::KMS::Key")).filter(([id]) => id.startsWith("PersonalDataKey"));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("the personal-data key of a stage", () => {
  test("is customer-managed, symmetric and rotated yearly, on a stage without TONGXIN_KMS too", () => {
    const [, key] = personalDataKey();
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
    expect(key.Properties.KeySpec ?? "SYMMETRIC_DEFAULT").toBe("SYMMETRIC_DEFAULT");
  });

  test("the API and office functions are told its ARN and may only GenerateDataKey and Decrypt with it", () => {
    const [keyId] = personalDataKey();
    synth.api.template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ PII_KMS_KEY_ID: Match.anyValue() }) },
    });
    const functions = Object.values(synth.api.template.findResources("AWS::Lambda::Function", { Properties: { Environment: { Variables: { PII_KMS_KEY_ID: Match.anyValue() } } } }));
    expect(functions).toHaveLength(2);
    for (const fn of functions) expect(json(fn.Properties.Environment.Variables.PII_KMS_KEY_ID)).toMatch(new RegExp(`ExportsOutputFnGetAtt${keyId}Arn`));
    const statements = Object.values(synth.api.template.findResources("AWS::IAM::Policy")).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
    );
    const onKey = statements.filter((statement) => json(statement.Resource).includes(`ExportsOutputFnGetAtt${keyId}Arn`));
    // One statement in each function's role (the API function's, the office function's).
    expect(onKey).toHaveLength(2);
    for (const statement of onKey) expect([statement.Action].flat().sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
  });

  test("the stream consumer and the jobs get no use of it (they never read sensitive values)", () => {
    const statements = Object.values(synth.messages.template.findResources("AWS::IAM::Policy")).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Resource: unknown }>,
    );
    expect(statements.some((statement) => json(statement.Resource).includes("PersonalDataKey"))).toBe(false);
  });
});

test("the prod stage keeps the key when the stack is removed", async () => {
  const prod = await synthesize("prod");
  try {
    const keys = Object.entries(prod.storage.template.findResources("AWS::KMS::Key")).filter(([id]) => id.startsWith("PersonalDataKey"));
    expect(keys.map(([, key]) => key.DeletionPolicy)).toEqual(["Retain"]);
  } finally {
    prod.cleanup();
  }
});
