import { settings } from "./config";
import { AppError } from "./errors";

let cached: Promise<string | undefined> | undefined;

/**
 * The origin the web app is served from (`https://d123.cloudfront.net`), which the API's
 * cross-site check accepts besides the request's own (packages/functions/src/http/csrf.ts).
 *
 * `WEB_ORIGIN` holds it directly (locally, and in AWS where the site's domain is known at
 * synthesis: China's ICP domain). Where it is CloudFront's generated domain, the Web stack
 * stores it in the SSM parameter `WEB_ORIGIN_PARAMETER` names (the Api stack can't refer to
 * the distribution it precedes), fetched once per container, and only when a request needs it.
 */
export function webOrigin(): Promise<string | undefined> {
  const direct = settings().webOrigin;
  if (direct) return Promise.resolve(direct);
  const parameter = process.env.WEB_ORIGIN_PARAMETER;
  if (!parameter) return Promise.resolve(undefined);
  // Not there yet (the Api stack deploys before the Web stack writes it) or SSM failing: no site
  // origin for this request (a browser that sends Sec-Fetch-Site is unaffected); asked again next time.
  cached ??= load(parameter).catch(() => {
    cached = undefined;
    return undefined;
  });
  return cached;
}

async function load(parameter: string): Promise<string | undefined> {
  const { SSMClient, GetParameterCommand } = await import("@aws-sdk/client-ssm");
  const value = (await new SSMClient({}).send(new GetParameterCommand({ Name: parameter }))).Parameter?.Value;
  if (!value) throw new AppError("internal.error", "WEB_ORIGIN parameter is empty");
  return value;
}

/** Forget the cached origin (tests that change the environment). */
export function resetWebOrigin(): void {
  cached = undefined;
}
