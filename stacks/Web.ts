import { Duration, Fn } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { StaticSite, use, type StackContext } from "sst/constructs";
import { contentSecurityPolicyHeader, webContentSecurityPolicy } from "../packages/core/src/web-csp";
import { Api } from "./Api";
import { apiOriginRequestPolicy, originVerifyHeaders } from "./origin-verify";
import { stageConfigOf } from "./stage-config";
import { Storage } from "./Storage";
import { adaptDistributionForChina } from "./web-china";
import { publishWebOrigin } from "./web-origin";

export function Web({ stack }: StackContext) {
  const { api, originVerify } = use(Api);
  const { bucket: uploads } = use(Storage);
  const { china, site: siteDomain, cloudFront } = stageConfigOf(stack);

  // Our own bucket so CloudFront can reach it with origin access control (SST's default is
  // the legacy origin access identity) and so it refuses plain-HTTP requests.
  const bucket = new s3.Bucket(stack, "SiteBucket", {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
  });

  // Client-side routes (/login, /orgs/...) get index.html. This replaces SST's default
  // fallback of 403/404 error pages, which are distribution-wide and would also turn the
  // API's 403/404 responses into index.html.
  const spaRouting = new cloudfront.Function(stack, "SpaRouting", {
    runtime: cloudfront.FunctionRuntime.JS_2_0,
    code: cloudfront.FunctionCode.fromInline(
      `function handler(event) {
  var request = event.request;
  if (request.uri.split("/").pop().indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`,
    ),
  });

  // The pages' Content-Security-Policy (packages/core/src/web-csp.ts: scripts only from the site,
  // uploads from their bucket) and the other security headers, as the local server sends them.
  // CloudFront China has no response headers policies (web-china.ts).
  const securityHeaders = cloudFront.policies
    ? new cloudfront.ResponseHeadersPolicy(stack, "SiteSecurityHeaders", {
        comment: "Web app: CSP (scripts only from the site), no framing, nosniff, no referrer, HSTS",
        securityHeadersBehavior: {
          contentSecurityPolicy: {
            contentSecurityPolicy: contentSecurityPolicyHeader(webContentSecurityPolicy(`https://${uploads.cdk.bucket.bucketRegionalDomainName}`)),
            override: true,
          },
          frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
          contentTypeOptions: { override: true },
          referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
          strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        },
      })
    : undefined;

  // The web app calls `/api` on its own origin (fetch with same-origin credentials and a
  // SameSite session cookie), so CloudFront forwards /api/* to the HTTP API uncached.
  // VITE_API_URL (the API's own URL, injected by SST at deploy) is there for anything that
  // needs to reach the API directly. CloudFront tells the API each viewer's address, with a
  // secret header proving the request came this way (see origin-verify.ts).
  const site = new StaticSite(stack, "Site", {
    path: "web",
    buildCommand: "npx vite build",
    buildOutput: "dist",
    environment: { VITE_API_URL: api.url },
    cdk: {
      bucket,
      distribution: {
        errorResponses: [],
        defaultBehavior: {
          // CloudFront China has no origin access control: a legacy origin access identity there.
          origin: cloudFront.originAccessControl
            ? S3BucketOrigin.withOriginAccessControl(bucket)
            : S3BucketOrigin.withOriginAccessIdentity(bucket),
          functionAssociations: [{ function: spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
          responseHeadersPolicy: securityHeaders,
        },
        additionalBehaviors: {
          "/api/*": {
            origin: new HttpOrigin(Fn.parseDomainName(api.url), { customHeaders: originVerifyHeaders(originVerify) }),
            viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
            cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
            // The headers the API reads and CloudFront-Viewer-Address; never Host, which must stay API Gateway's own.
            // (In China legacy forwarding instead: web-china.ts.)
            originRequestPolicy: cloudFront.policies ? apiOriginRequestPolicy(stack) : undefined,
          },
        },
      },
    },
  });

  // SST still creates its default rewrite function (/x -> /x.html); nothing uses it now.
  site.node.tryRemoveChild("CloudFrontFunction");
  if (china) {
    if (!siteDomain?.iamCertificateId) throw new Error("The China Web stack needs TONGXIN_DOMAIN and TONGXIN_IAM_CERTIFICATE_ID");
    adaptDistributionForChina(site.cdk!.distribution as cloudfront.Distribution, { domain: siteDomain.domain, iamCertificateId: siteDomain.iamCertificateId }, [0]);
  }

  // The API's cross-site check accepts the site's origin (WEB_ORIGIN; stacks/web-origin.ts).
  publishWebOrigin(stack, site.cdk!.distribution.distributionDomainName);

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
        reason: "A WAF web ACL's fixed monthly cost isn't justified at this scale; the API stage is throttled and the app throttles sign-ins.",
      },
      {
        id: "AwsSolutions-CFR3",
        reason: "Standard logging needs an ACL-enabled log bucket; the files served are public, and API calls are logged by API Gateway.",
      },
      china
        ? {
            id: "AwsSolutions-CFR4",
            reason: "The ICP domain's IAM server certificate with TLSv1.2_2021 is set by an override (web-china.ts) that cdk-nag can't see; tests/stacks/china.test.ts checks the template.",
          }
        : {
            id: "AwsSolutions-CFR4",
            reason: "No custom domain yet: the default *.cloudfront.net certificate's TLS policy can't be raised. Add a domain with TLSv1.2_2021 to fix.",
          },
      ...(cloudFront.originAccessControl
        ? []
        : [{ id: "AwsSolutions-CFR7", reason: "CloudFront China does not offer origin access control; a legacy origin access identity keeps the bucket private." }]),
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

  stack.addOutputs({ SiteUrl: siteDomain ? `https://${siteDomain.domain}` : site.url });
  return { site };
}
