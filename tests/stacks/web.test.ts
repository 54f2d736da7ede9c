import vm from "node:vm";
import { Token } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { synthesize, type Synthesized } from "./synth";

// The site isn't built here: synth.ts points it at a one-file dist after checking what
// Web.ts declared (declaredSiteProps).
let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("test");
});
afterAll(() => synth?.cleanup());

const template = () => synth.web.template;

function distributionConfig() {
  const [distribution, ...rest] = Object.values(template().findResources("AWS::CloudFront::Distribution"));
  expect(rest).toEqual([]);
  return distribution!.Properties.DistributionConfig;
}

test("builds web/ with Vite into web/dist, with the API URL in VITE_API_URL", () => {
  const props = synth.declaredSiteProps;
  expect(props.path).toBe("web");
  expect(props.buildCommand).toBe("npx vite build");
  expect(props.buildOutput).toBe("dist");
  expect(Token.isUnresolved(props.environment?.VITE_API_URL)).toBe(true);
});

test("the API URL is substituted into the built files at deploy", () => {
  template().hasResourceProperties("Custom::S3Uploader", {
    replaceValues: Match.arrayWith([
      {
        files: "**/*.js",
        search: "{{ VITE_API_URL }}",
        replace: { "Fn::ImportValue": Match.stringLikeRegexp("^test-tongxin-Api:ExportsOutputFnGetAttApi.*ApiEndpoint") },
      },
    ]),
  });
});

describe("CloudFront", () => {
  test("serves the private bucket over HTTPS through origin access control", () => {
    const config = distributionConfig();
    expect(config.DefaultRootObject).toBe("index.html");
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
    const s3Origin = config.Origins.find((origin: { S3OriginConfig?: unknown }) => origin.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    template().resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    template().resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0);
  });

  test("forwards /api/* to the HTTP API: all methods, uncached, with the API's own origin request policy", () => {
    const config = distributionConfig();
    const [api, ...rest] = config.CacheBehaviors;
    expect(rest).toEqual([]);
    expect(api).toMatchObject({
      PathPattern: "/api/*",
      ViewerProtocolPolicy: "https-only",
      AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", // Managed-CachingDisabled
    });
    // Its headers, and the viewer address: origin-verify.test.ts.
    const [policyId] = Object.keys(template().findResources("AWS::CloudFront::OriginRequestPolicy"));
    expect(api.OriginRequestPolicyId).toEqual({ Ref: policyId });
    const origin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe("https-only");
    // The host name in the API endpoint URL (https://{id}.execute-api.{region}.amazonaws.com).
    expect(origin.DomainName).toEqual({
      "Fn::Select": [0, { "Fn::Split": ["/", { "Fn::Select": [1, { "Fn::Split": ["//", { "Fn::ImportValue": expect.stringMatching(/^test-tongxin-Api:ExportsOutputFnGetAttApi\w+ApiEndpoint/) }] }] }] }],
    });
  });

  test("the pages carry a Content-Security-Policy (scripts only from the site, never framed) and the other security headers", () => {
    const config = distributionConfig();
    const policies = template().findResources("AWS::CloudFront::ResponseHeadersPolicy");
    const [policyId, ...rest] = Object.keys(policies);
    expect(rest).toEqual([]);
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    const headers = policies[policyId!]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = headers.ContentSecurityPolicy;
    expect(csp.Override).toBe(true);
    // The value joins the uploads bucket's regional domain (a Storage export) into the policy.
    const text = JSON.stringify(csp.ContentSecurityPolicy);
    for (const directive of ["default-src 'self'", "script-src 'self';", "style-src 'self';", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
      expect(text).toContain(directive);
    }
    expect(text).not.toContain("unsafe-inline");
    expect(text).not.toContain("unsafe-eval");
    expect(text).toMatch(/connect-src 'self' https:\/\/",\{"Fn::ImportValue":"test-tongxin-Storage:ExportsOutputFnGetAttUploads\w*RegionalDomainName/);
    expect(headers.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: "no-referrer", Override: true });
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true });
    // The API sets its own headers (packages/functions/src/http/security-headers.ts).
    expect(config.CacheBehaviors[0].ResponseHeadersPolicyId).toBeUndefined();
  });

  test("no distribution-wide error pages, which would mask the API's 403/404s", () => {
    expect(distributionConfig().CustomErrorResponses).toBeUndefined();
  });

  test("client-side routes are rewritten to /index.html, files are not", () => {
    const functions = Object.entries(template().findResources("AWS::CloudFront::Function"));
    expect(functions).toHaveLength(1);
    const [id, fn] = functions[0]!;
    expect(distributionConfig().DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [id, "FunctionARN"] } },
    ]);
    const context = vm.createContext({});
    vm.runInContext(fn.Properties.FunctionCode, context);
    const route = (uri: string) =>
      (vm.runInContext(`handler(${JSON.stringify({ request: { uri } })})`, context) as { uri: string }).uri;
    expect(route("/")).toBe("/index.html");
    expect(route("/login")).toBe("/index.html");
    expect(route("/orgs/01HZX/members/import")).toBe("/index.html");
    expect(route("/assets/index-abc123.js")).toBe("/assets/index-abc123.js");
    expect(route("/favicon.ico")).toBe("/favicon.ico");
  });
});

test("site bucket is private and SSL-only; only CloudFront may read it", () => {
  template().hasResourceProperties("AWS::S3::Bucket", {
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
  });
  template().hasResourceProperties("AWS::S3::BucketPolicy", {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        Match.objectLike({ Effect: "Allow", Action: "s3:GetObject", Principal: { Service: "cloudfront.amazonaws.com" } }),
      ]),
    },
  });
});

test("outputs SiteUrl", () => {
  template().hasOutput("SiteUrl", { Value: { "Fn::Join": ["", ["https://", Match.anyValue()]] } });
});
