/**
 * API Gateway HTTP API payload format 2.0 events, as API Gateway really sends them (see "Working
 * with AWS Lambda proxy integrations for HTTP APIs"): lower-case headers, cookies split out of
 * the headers into `cookies`, and the caller's address in `requestContext.http.sourceIp`.
 * `invoke` passes one to the real Lambda handler API Gateway routes it to: the office function's
 * for its routes (office-routes.ts), else the API function's.
 */
import { randomUUID } from "node:crypto";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { handler } from "../../packages/functions/src/lambda";
import { handler as officeHandler } from "../../packages/functions/src/office-lambda";
import { servedByOffice } from "../../packages/functions/src/office-routes";

/** API Gateway HTTP API payload format 2.0 (the member of hono's LambdaEvent union with a rawPath). */
export type APIGatewayProxyEventV2 = Extract<LambdaEvent, { rawPath: string }>;

const DOMAIN = "a1b2c3d4e5.execute-api.ap-east-1.amazonaws.com";
const USER_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

export interface EventInput {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  base64?: boolean;
  sourceIp?: string;
}

export const randomIp = () => `203.0.113.${1 + Math.floor(Math.random() * 250)}`;

/** An API Gateway HTTP API (payload v2) event for `ANY /api/{proxy+}`. */
export function apiGatewayEvent({ method, path, query = "", headers = {}, cookies, body, base64 = false, sourceIp = randomIp() }: EventInput): APIGatewayProxyEventV2 {
  const now = new Date();
  const traceId = `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomUUID().replace(/-/g, "").slice(0, 24)}`;
  const bodyLength = body === undefined ? undefined : base64 ? Buffer.from(body, "base64").byteLength : Buffer.byteLength(body);
  const queryStringParameters = query ? Object.fromEntries(new URLSearchParams(query)) : undefined;
  return {
    version: "2.0",
    routeKey: "ANY /api/{proxy+}",
    rawPath: path,
    rawQueryString: query,
    ...(cookies ? { cookies } : {}),
    headers: {
      accept: "application/json, text/plain, */*",
      "accept-encoding": "gzip, deflate, br",
      "accept-language": "zh-CN,zh;q=0.9",
      host: DOMAIN,
      "user-agent": USER_AGENT,
      "x-amzn-trace-id": traceId,
      "x-forwarded-for": sourceIp,
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
      ...(bodyLength === undefined ? {} : { "content-length": String(bodyLength) }),
      ...headers,
    },
    ...(queryStringParameters ? { queryStringParameters } : {}),
    pathParameters: { proxy: path.replace(/^\/api\//, "") },
    requestContext: {
      accountId: "123456789012",
      apiId: "a1b2c3d4e5",
      authentication: null,
      authorizer: {},
      domainName: DOMAIN,
      domainPrefix: "a1b2c3d4e5",
      http: { method, path, protocol: "HTTP/1.1", sourceIp, userAgent: USER_AGENT },
      requestId: `${randomUUID().slice(0, 8)}AMCJEF=`,
      routeKey: "ANY /api/{proxy+}",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body ?? null,
    isBase64Encoded: base64,
  };
}

export function lambdaContext(): LambdaContext {
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "prod-tongxin-Api-ApiHandler1A2B3C",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:ap-east-1:123456789012:function:prod-tongxin-Api-ApiHandler1A2B3C",
    memoryLimitInMB: "1024",
    awsRequestId,
    logGroupName: "/aws/lambda/prod-tongxin-Api-ApiHandler1A2B3C",
    logStreamName: `2026/03/12/[$LATEST]${awsRequestId.replace(/-/g, "")}`,
    getRemainingTimeInMillis: () => 29_000,
  };
}

export async function invoke(input: EventInput) {
  const target = servedByOffice(input.method, input.path) ? officeHandler : handler;
  const result = await target(apiGatewayEvent(input), lambdaContext());
  const headers = ("headers" in result ? result.headers : {}) as Record<string, string>;
  const text = result.isBase64Encoded ? Buffer.from(result.body, "base64").toString("utf8") : result.body;
  const json = text && /json/.test(headers["content-type"] ?? "") ? JSON.parse(text) : undefined;
  return { ...result, headers, text, json };
}
