import { Token } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, expect, test } from "vitest";
import { synthesize, type Synthesized } from "./synth";

// The site isn't built here: synth.ts points it at a one-file dist after checking what
// Web.ts declared (declaredSiteProps).
let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("test");
});
afterAll(() => synth?.cleanup());

const template = () => synth.web.template;

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

test("CloudFront serves the private bucket over HTTPS through origin access control", () => {
  template().hasResourceProperties("AWS::CloudFront::Distribution", {
    DistributionConfig: Match.objectLike({
      DefaultRootObject: "index.html",
      DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: "redirect-to-https" }),
      Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
    }),
  });
  template().resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
  template().resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0);
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
