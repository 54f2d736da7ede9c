import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { synthesize, type Synthesized } from "./synth";

// CloudFront tells the API each viewer's address (CloudFront-Viewer-Address) and proves the
// request came through the distribution with a secret origin header (stacks/origin-verify.ts).
let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("test");
});
afterAll(() => synth?.cleanup());

function apiBehaviourAndOrigin() {
  const [distribution] = Object.values(synth.web.template.findResources("AWS::CloudFront::Distribution"));
  const config = distribution!.Properties.DistributionConfig;
  const behaviour = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === "/api/*");
  const origin = config.Origins.find((o: { Id: string }) => o.Id === behaviour.TargetOriginId);
  return { behaviour, origin };
}

function secretLogicalId() {
  const secrets = Object.keys(synth.api.template.findResources("AWS::SecretsManager::Secret"));
  expect(secrets).toHaveLength(1);
  return secrets[0]!;
}

describe("the /api/* origin request policy", () => {
  test("asks CloudFront for the viewer's address, forwards the headers the API reads, never Host", () => {
    const { behaviour } = apiBehaviourAndOrigin();
    const policies = synth.web.template.findResources("AWS::CloudFront::OriginRequestPolicy");
    const policy = policies[behaviour.OriginRequestPolicyId.Ref]!.Properties.OriginRequestPolicyConfig;
    expect(policy.HeadersConfig.HeaderBehavior).toBe("whitelist");
    const headers = (policy.HeadersConfig.Headers as string[]).map((h) => h.toLowerCase());
    expect(headers).toContain("cloudfront-viewer-address");
    expect(headers).toEqual(expect.arrayContaining(["content-type", "idempotency-key", "accept", "origin"]));
    expect(headers).not.toContain("host");
    // A viewer could otherwise send its own x-origin-verify along.
    expect(headers).not.toContain("x-origin-verify");
    expect(policy.CookiesConfig).toEqual({ CookieBehavior: "all" });
    expect(policy.QueryStringsConfig).toEqual({ QueryStringBehavior: "all" });
  });
});

describe("the origin-verify secret", () => {
  test("is generated at deploy in the Api stack: no value in the template", () => {
    const secret = synth.api.template.findResources("AWS::SecretsManager::Secret")[secretLogicalId()]!;
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
  });

  test("CloudFront adds it to every request to the API origin as x-origin-verify, by a dynamic reference to that secret", () => {
    const { origin } = apiBehaviourAndOrigin();
    expect(origin.OriginCustomHeaders).toHaveLength(1);
    const [header] = origin.OriginCustomHeaders;
    expect(header.HeaderName).toBe("x-origin-verify");
    expect(header.HeaderValue).toEqual({
      "Fn::Join": [
        "",
        [
          "{{resolve:secretsmanager:",
          { "Fn::ImportValue": expect.stringMatching(new RegExp(`^test-tongxin-Api:ExportsOutputRef${secretLogicalId()}`)) },
          ":SecretString:::}}",
        ],
      ],
    });
    // The export is that secret's ARN (Ref).
    const exported = Object.values(synth.api.template.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>).find(
      (output) => output.Export?.Name === header.HeaderValue["Fn::Join"][1][1]["Fn::ImportValue"],
    );
    expect(exported?.Value).toEqual({ Ref: secretLogicalId() });
  });

  test("the API and office functions are told its ARN and may read it (and nothing else of Secrets Manager)", () => {
    const told = synth.api.template.findResources("AWS::Lambda::Function", {
      Properties: { Environment: { Variables: Match.objectLike({ ORIGIN_VERIFY_SECRET_ARN: { Ref: secretLogicalId() } }) } },
    });
    expect(Object.keys(told)).toHaveLength(2);
    const statements = Object.values(synth.api.template.findResources("AWS::IAM::Policy")).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
    );
    const secretsManager = statements.filter((s) => [s.Action].flat().some((action) => action.startsWith("secretsmanager:")));
    // One statement in each function's role.
    const readSecret = { Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Effect: "Allow", Resource: { Ref: secretLogicalId() } };
    expect(secretsManager).toEqual([readSecret, readSecret]);
  });
});
