import type { Context } from "hono";
import type { AppEnv } from "./env";

interface LambdaEnv {
  lambdaContext?: { awsRequestId?: string };
}

/**
 * What the request log line adds for a 等保 review: who (the signed-in account's id, never a
 * name or phone), and the ids that tie the line to the rest of the records: the Lambda request
 * id (API Gateway's access log names it as integrationRequestId) and the trace id API Gateway
 * put in X-Amzn-Trace-Id (there without X-Ray too, so also in the China regions).
 * Fields the runtime doesn't have are left out (locally: no Lambda, no trace).
 * @example accessLogFields(c) // { account: "01J…", lambdaRequestId: "8f6e…", traceId: "Root=1-6751…" }
 */
export function accessLogFields(c: Context<AppEnv>): { account?: string; lambdaRequestId?: string; traceId?: string } {
  // A secret ballot's cast is never logged with the voter who cast it (elections/README.md).
  const account = isBallotCast(c) ? undefined : c.get("principal")?.accountId;
  const lambdaRequestId = (c.env as LambdaEnv | undefined)?.lambdaContext?.awsRequestId;
  const traceId = rootTraceId(c.req.header("x-amzn-trace-id") ?? process.env._X_AMZN_TRACE_ID);
  return {
    ...(account ? { account } : {}),
    ...(lambdaRequestId ? { lambdaRequestId } : {}),
    ...(traceId ? { traceId } : {}),
  };
}

const BALLOT_CAST = /^\/api\/elections\/[^/]+\/ballots\/?$/;

function isBallotCast(c: Context<AppEnv>): boolean {
  return c.req.method === "POST" && BALLOT_CAST.test(c.req.path);
}

/** `Root=1-…` from a trace header (`Root=1-…;Parent=…;Sampled=0`), or a bare id as given. */
function rootTraceId(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const root = header.split(";").find((part) => part.trim().startsWith("Root="));
  return (root ?? header).trim().slice(0, 100);
}
