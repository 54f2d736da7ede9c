import * as s3 from "aws-cdk-lib/aws-s3";
import { S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { NagSuppressions } from "cdk-nag";
import { StaticSite, use, type StackContext } from "sst/constructs";
import { Api } from "./Api";

export function Web({ stack }: StackContext) {
  const { api } = use(Api);

  // Our own bucket so CloudFront can reach it with origin access control (SST's default is
  // the legacy origin access identity) and so it refuses plain-HTTP requests.
  const bucket = new s3.Bucket(stack, "SiteBucket", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
  });

  // The web app calls `/api` on its own origin (the Vite dev server proxies it locally).
  // CloudFront here serves only the built files, and its SPA fallback (403/404 -> index.html)
  // would swallow API errors if /api were routed through it, so deployed builds call the
  // HTTP API directly via VITE_API_URL. SST injects the real URL into the built files at deploy.
  const site = new StaticSite(stack, "Site", {
    path: "web",
    buildCommand: "npx vite build",
    buildOutput: "dist",
    environment: { VITE_API_URL: api.url },
    cdk: {
      bucket,
      distribution: { defaultBehavior: { origin: S3BucketOrigin.withOriginAccessControl(bucket) } },
    },
  });

  NagSuppressions.addResourceSuppressions(bucket, [
    { id: "AwsSolutions-S1", reason: "Holds only the public build output, read solely by CloudFront." },
  ]);
  NagSuppressions.addResourceSuppressions(
    site,
    [
      {
        id: "AwsSolutions-CFR1",
        reason: "The site is for association members wherever they are; no country restriction applies.",
      },
      {
        id: "AwsSolutions-CFR2",
        reason: "Static files only; a WAF web ACL isn't worth its fixed monthly cost here. The API is throttled at its stage.",
      },
      {
        id: "AwsSolutions-CFR3",
        reason: "Standard logging needs an ACL-enabled log bucket; the files served are public, and API calls are logged by API Gateway.",
      },
      {
        id: "AwsSolutions-CFR4",
        reason: "No custom domain yet: the default *.cloudfront.net certificate's TLS policy can't be raised. Add a domain with TLSv1.2_2021 to fix.",
      },
    ],
    true,
  );
  // Stack-level: SST adds the uploader's policy at synth time, after this code has run.
  NagSuppressions.addStackSuppressions(stack, [
    {
      id: "AwsSolutions-IAM5",
      reason: "SST's deploy-time uploader copies the build from the CDK asset bucket into the site bucket; object keys are unknown in advance.",
      appliesTo: [
        { regex: "/^Resource::<SiteBucket[0-9A-F]+\\.Arn>\\/\\*$/" },
        { regex: "/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-.*\\/\\*$/" },
      ],
    },
  ]);

  stack.addOutputs({ SiteUrl: site.url });
  return { site };
}
