/**
 * How the API learns each viewer's own address behind CloudFront.
 *
 * API Gateway sees CloudFront's edge servers as the source of every request that comes through
 * the site, so the per-client throttles (sign-in, voting codes) would lump together everyone
 * behind one edge. CloudFront adds `CloudFront-Viewer-Address` when the origin request policy
 * lists it, and proves the request came through our distribution with a secret custom origin
 * header, `x-origin-verify`; the API trusts the viewer address only with that secret
 * (packages/functions/src/http/client.ts). Calls to the API's own URL can't carry it.
 *
 * The secret is a Secrets Manager secret generated at deploy, in the Api stack (the function
 * reads it by ARN, once per container). CloudFront has no way to read a secret itself: an
 * origin custom header is a literal in the distribution's config. The Web stack therefore
 * refers to it with a CloudFormation dynamic reference (`{{resolve:secretsmanager:...}}`), so
 * the value is in neither template nor in any file in cdk.out; CloudFormation resolves it when
 * it creates or updates the distribution. The trade-off: whoever may read the distribution's
 * config (cloudfront:GetDistributionConfig) sees the value. SST's `sst secrets` (SSM
 * SecureString, like SESSION_SECRET) isn't usable here: CloudFormation resolves SecureString
 * references (`ssm-secure`) only for a few resource types, not CloudFront.
 */
import { SecretValue, type Stack } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagSuppressions } from "cdk-nag";
import type { Function as SstFunction } from "sst/constructs";

export const ORIGIN_VERIFY_HEADER = "x-origin-verify";
export const VIEWER_ADDRESS_HEADER = "CloudFront-Viewer-Address";

/**
 * Viewer headers the API reads, forwarded with CloudFront's viewer address. An allow list
 * because "all viewer headers except Host" can't add CloudFront's own headers, and Host must
 * stay API Gateway's. CloudFront never forwards Authorization under an origin request policy,
 * so Bearer-token clients call the API's own URL (ApiUrl); the web app uses its cookie.
 */
export const API_FORWARDED_HEADERS = [
  "Accept",
  "Accept-Language",
  "Content-Type",
  "Idempotency-Key",
  "Origin",
  // The browser's own word that a request comes from the site (http/csrf.ts).
  "Sec-Fetch-Site",
  "X-Request-Id",
  VIEWER_ADDRESS_HEADER,
];

/** Creates the origin-verify secret in the Api stack and lets the API's functions (the API function, the office function) read it. */
export function originVerifySecret(stack: Stack, handlers: Array<SstFunction | undefined>): secretsmanager.Secret {
  if (handlers.some((handler) => !handler)) throw new Error("originVerifySecret: an API function is missing");
  const secret = new secretsmanager.Secret(stack, "OriginVerifySecret", {
    description: "Value of the x-origin-verify header CloudFront adds to /api/* requests; the API trusts CloudFront-Viewer-Address only with it.",
    // Header-safe characters only.
    generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
  });
  for (const handler of handlers as SstFunction[]) {
    secret.grantRead(handler);
    handler.addEnvironment("ORIGIN_VERIFY_SECRET_ARN", secret.secretArn);
  }
  NagSuppressions.addResourceSuppressions(secret, [
    {
      id: "AwsSolutions-SMG4",
      reason:
        "CloudFront holds the value as resolved at deploy, so a scheduled rotation would break the check until the next deploy. " +
        "To rotate, rename the secret's construct id: a new secret and ARN update both the distribution and the function " +
        "(CloudFormation re-resolves a dynamic reference only when the resource referring to it changes).",
    },
  ]);
  return secret;
}

/** The /api/* origin request policy: the headers above, every cookie and query string. */
export function apiOriginRequestPolicy(stack: Stack): cloudfront.OriginRequestPolicy {
  return new cloudfront.OriginRequestPolicy(stack, "ApiOriginRequestPolicy", {
    comment: "API: the viewer's headers the app reads, CloudFront-Viewer-Address, cookies and query strings (not Host)",
    headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_FORWARDED_HEADERS),
    cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
    queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
  });
}

/**
 * The API origin's custom headers: the secret as a dynamic reference, `{{resolve:secretsmanager:<arn>:SecretString:::}}`,
 * which CloudFormation replaces with the value when it deploys the distribution.
 */
export function originVerifyHeaders(secret: secretsmanager.ISecret): Record<string, string> {
  return { [ORIGIN_VERIFY_HEADER]: SecretValue.secretsManager(secret.secretArn).unsafeUnwrap() };
}
