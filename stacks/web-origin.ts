/**
 * How the API learns the site's origin (WEB_ORIGIN), which its cross-site check accepts for
 * browsers that send `Origin` but not `Sec-Fetch-Site` (packages/functions/src/http/csrf.ts):
 * behind CloudFront the API is addressed by API Gateway's host, so the request's own origin
 * is never the site's.
 *
 * - A site with its own domain (China's ICP domain): `https://<domain>`, known at synthesis,
 *   goes straight into the function's environment.
 * - The CloudFront default domain (`d123.cloudfront.net`) exists only once the distribution
 *   does, in the Web stack, which already depends on the Api stack: the function can't name it
 *   without a cycle. The Web stack writes it to an SSM parameter whose name both stacks derive
 *   from the app and stage; the function gets that name (`WEB_ORIGIN_PARAMETER`) and may read
 *   only that parameter (packages/core/src/web-origin.ts fetches it when first needed).
 */
import type { Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import * as ssm from "aws-cdk-lib/aws-ssm";
import { stageConfigOf } from "./stage-config";

type SstStack = Stack & { stage: string };

/** `/tongxin/<stage>/web-origin`. */
export function webOriginParameterName(stack: SstStack): string {
  const app = (stack.node.root as unknown as { name?: string }).name ?? "tongxin";
  return `/${app}/${stack.stage}/web-origin`;
}

/** The API function's environment and permission for WEB_ORIGIN (none where no Web stack is deployed). */
export function webOriginForApi(stack: SstStack): { environment: Record<string, string>; permissions: PolicyStatement[] } {
  const { site, webEnabled } = stageConfigOf(stack);
  if (!webEnabled) return { environment: {}, permissions: [] };
  if (site) return { environment: { WEB_ORIGIN: `https://${site.domain}` }, permissions: [] };
  const name = webOriginParameterName(stack);
  const arn = stack.formatArn({ service: "ssm", resource: "parameter", resourceName: name.slice(1) });
  return { environment: { WEB_ORIGIN_PARAMETER: name }, permissions: [new PolicyStatement({ actions: ["ssm:GetParameter"], resources: [arn] })] };
}

/** In the Web stack: stores the distribution's origin where webOriginForApi pointed the function (CloudFront default domain only). */
export function publishWebOrigin(stack: SstStack, distributionDomainName: string): void {
  if (stageConfigOf(stack).site) return;
  new ssm.StringParameter(stack, "WebOriginParameter", {
    parameterName: webOriginParameterName(stack),
    description: "The site's origin; the API's cross-site check accepts it (WEB_ORIGIN)",
    stringValue: `https://${distributionDomainName}`,
  });
}
