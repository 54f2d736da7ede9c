import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { arnsOutsidePartition, logRetentions, xrayUses } from "./records";
import { synthesize, type Synthesized } from "./synth";

// The China partition (stacks/stage-config.ts, docs/deploy-china.md): `prod-cn` with an ICP
// domain and its IAM server certificate, and `dev-cn` before 备案 (no domain: no Web stack).
const DOMAIN = "tongxin.example.cn";
const CERTIFICATE_ID = "ASCACKCEVSQ6C2EXAMPLE";

let prod: Synthesized;
let dev: Synthesized;
beforeAll(async () => {
  prod = await synthesize("prod-cn", { env: { TONGXIN_DOMAIN: DOMAIN, TONGXIN_IAM_CERTIFICATE_ID: CERTIFICATE_ID } });
  dev = await synthesize("dev-cn", { env: { TONGXIN_LAMBDA_ARCH: "x86_64" } });
});
afterAll(() => prod?.cleanup());

const json = (value: unknown) => JSON.stringify(value);

describe("a China stage", () => {
  test("every stack synthesizes in cn-northwest-1; without an ICP domain there is no Web stack", () => {
    expect(prod.all.map((stack) => stack.name)).toEqual(["prod-cn-tongxin-Storage", "prod-cn-tongxin-Api", "prod-cn-tongxin-Web", "prod-cn-tongxin-Messages"]);
    expect(dev.all.map((stack) => stack.name)).toEqual(["dev-cn-tongxin-Storage", "dev-cn-tongxin-Api", "dev-cn-tongxin-Messages"]);
    expect(dev.hasWeb).toBe(false);
  });

  test("no template names the global partition: every ARN is arn:aws-cn: or built from AWS::Partition", () => {
    for (const { name, template } of [...prod.all, ...dev.all]) {
      expect(json(template.toJSON()), name).not.toContain("arn:aws:");
      expect(arnsOutsidePartition(template, "aws-cn"), name).toEqual([]);
    }
  });

  test("ARNs and endpoints name the China region, never Tokyo", () => {
    for (const { name, template } of [...prod.all, ...dev.all]) {
      expect(json(template.toJSON()), name).not.toMatch(/ap-northeast-1|us-east-1/);
    }
    expect(json(prod.api.template.toJSON())).toContain(":ssm:cn-northwest-1:123456789012:parameter/sst/tongxin/prod-cn/Secret/SESSION_SECRET/value");
  });

  test("no X-Ray: no function traces actively and no role may write traces", () => {
    for (const { name, template } of [...prod.all, ...dev.all]) expect(xrayUses(template), name).toEqual([]);
    prod.api.template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) },
      // Absent: Lambda's default, PassThrough.
      TracingConfig: Match.absent(),
    });
  });

  test("Node 22 on arm64, or x86_64 when the operator falls back with TONGXIN_LAMBDA_ARCH", () => {
    const api = (synth: Synthesized) =>
      Object.values(synth.api.template.findResources("AWS::Lambda::Function", { Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } } }))[0]!;
    expect(api(prod).Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"] });
    expect(api(dev).Properties).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["x86_64"] });
  });

  test("every log group keeps six months or more", () => {
    for (const { name, template } of [...prod.all, ...dev.all]) {
      const retentions = logRetentions(template);
      for (const { id, days } of retentions) expect(days, `${name}/${id}`).toBeGreaterThanOrEqual(180);
    }
  });

  test("the API trusts the address CloudFront appends to X-Forwarded-For (no CloudFront-Viewer-Address there)", () => {
    prod.api.template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ VIEWER_ADDRESS_FROM: "x-forwarded-for", ORIGIN_VERIFY_SECRET_ARN: Match.anyValue() }) },
    });
  });
});

describe("prod-cn keeps and protects its data", () => {
  /** The stage's data key (table and uploads), apart from the personal-data key every stage has. */
  const dataKeys = () => Object.fromEntries(Object.entries(prod.storage.template.findResources("AWS::KMS::Key")).filter(([id]) => id.startsWith("DataKey")));

  test("the table: deletion protection, point-in-time recovery, retained, encrypted with the customer-managed key", () => {
    const [keyId] = Object.keys(dataKeys());
    prod.storage.template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] } },
      }),
    });
  });

  test("the key rotates and outlives the stack; uploads are encrypted with it", () => {
    const keys = dataKeys();
    expect(Object.values(keys)).toEqual([expect.objectContaining({ DeletionPolicy: "Retain", Properties: expect.objectContaining({ EnableKeyRotation: true }) })]);
    const [keyId] = Object.keys(keys);
    prod.storage.template.hasResourceProperties("AWS::S3::Bucket", {
      CorsConfiguration: Match.anyValue(),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: { "Fn::GetAtt": [keyId, "Arn"] } } },
        ],
      },
    });
  });

  test("the API and office functions may use the key for the table and presigned uploads, the personal-data key, and nothing else of KMS", () => {
    const statements = Object.values(prod.api.template.findResources("AWS::IAM::Policy")).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>,
    );
    const kms = statements.filter((s) => [s.Action].flat().some((action) => action.startsWith("kms:")));
    // Two statements in each function's role (the API function's, the office function's).
    expect(kms).toHaveLength(4);
    for (const statement of kms) expect([statement.Action].flat().sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    expect(kms.map((statement) => json(statement.Resource)).join("\n")).toMatch(/prod-cn-tongxin-Storage:ExportsOutputFnGetAttDataKey/);
    expect(kms.map((statement) => json(statement.Resource)).join("\n")).toMatch(/prod-cn-tongxin-Storage:ExportsOutputFnGetAttPersonalDataKey/);
  });

  test("a non-prod China stage uses AWS-managed keys for the table and uploads unless TONGXIN_KMS=customer (only the personal-data key is its own)", () => {
    expect(Object.keys(dev.storage.template.findResources("AWS::KMS::Key")).map((id) => id.replace(/[0-9A-F]{8}$/, ""))).toEqual(["PersonalDataKey"]);
  });
});

describe("the site on CloudFront China", () => {
  const distribution = () => Object.values(prod.web.template.findResources("AWS::CloudFront::Distribution"))[0]!.Properties.DistributionConfig;

  test("is served on the ICP domain with the IAM server certificate, TLS 1.2 or later, and SiteUrl is that domain", () => {
    const config = distribution();
    expect(config.Aliases).toEqual([DOMAIN]);
    expect(config.ViewerCertificate).toEqual({ IamCertificateId: CERTIFICATE_ID, SslSupportMethod: "sni-only", MinimumProtocolVersion: "TLSv1.2_2021" });
    prod.web.template.hasOutput("SiteUrl", { Value: `https://${DOMAIN}` });
  });

  test("the API and office functions accept the ICP domain as the site's origin (WEB_ORIGIN, known at synthesis: no parameter to fetch)", () => {
    const functions = Object.values(prod.api.template.findResources("AWS::Lambda::Function")).filter((f) => f.Properties.Environment?.Variables?.TABLE_NAME);
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables.WEB_ORIGIN).toBe(`https://${DOMAIN}`);
      expect(fn.Properties.Environment.Variables.WEB_ORIGIN_PARAMETER).toBeUndefined();
    }
    expect(JSON.stringify(prod.web.template.findResources("AWS::SSM::Parameter"))).not.toContain("web-origin");
  });

  test("uses no feature CloudFront China lacks: no policies, no origin access control", () => {
    const config = distribution();
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behaviour.CachePolicyId).toBeUndefined();
      expect(behaviour.OriginRequestPolicyId).toBeUndefined();
      expect(behaviour.ResponseHeadersPolicyId).toBeUndefined();
      expect(behaviour.ForwardedValues).toBeDefined();
    }
    for (const type of ["OriginAccessControl", "CachePolicy", "OriginRequestPolicy", "ResponseHeadersPolicy"]) {
      prod.web.template.resourceCountIs(`AWS::CloudFront::${type}`, 0);
    }
    prod.web.template.resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 1);
    const s3Origin = config.Origins.find((origin: { S3OriginConfig?: { OriginAccessIdentity?: unknown } }) => origin.S3OriginConfig);
    expect(json(s3Origin.S3OriginConfig.OriginAccessIdentity)).toContain("origin-access-identity/cloudfront/");
  });

  test("/api/* is never cached and gets the headers the app reads, its cookie, query strings and the origin secret, never Host", () => {
    const config = distribution();
    const [api] = config.CacheBehaviors;
    expect(api).toMatchObject({ PathPattern: "/api/*", MinTTL: 0, DefaultTTL: 0, MaxTTL: 0, ViewerProtocolPolicy: "https-only" });
    expect(api.ForwardedValues.QueryString).toBe(true);
    expect(api.ForwardedValues.Cookies).toEqual({ Forward: "all" });
    const headers = (api.ForwardedValues.Headers as string[]).map((h) => h.toLowerCase());
    expect(headers).toEqual(expect.arrayContaining(["content-type", "idempotency-key", "accept", "origin"]));
    expect(headers).not.toContain("host");
    expect(headers).not.toContain("x-origin-verify");
    const origin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(origin.OriginCustomHeaders.map((h: { HeaderName: string }) => h.HeaderName)).toEqual(["x-origin-verify"]);
  });

  test("cdk-nag AwsSolutions: no unsuppressed errors or warnings in any China stack", () => {
    for (const stack of [...prod.all, ...dev.all]) {
      expect(stack.nag("error"), stack.name).toEqual([]);
      expect(stack.nag("warning"), stack.name).toEqual([]);
    }
  });
});
