/**
 * The request log line (packages/functions/src/http/access-log.ts), as CloudWatch receives it from
 * the Lambda: for a 等保 review it names who made the request, the Lambda request id (API
 * Gateway's access log names the same id) and the trace id, and nothing personal.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../packages/functions/src/lambda";
import { signIn } from "../support/api";
import { apiGatewayEvent, lambdaContext } from "../support/lambda";

let lines: string[] = [];
let savedLevel: string | undefined;
beforeEach(() => {
  lines = [];
  savedLevel = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "info";
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
});
afterEach(() => {
  vi.restoreAllMocks();
  if (savedLevel === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = savedLevel;
});

/** The one request line a request wrote, by its x-request-id. */
function requestLine(requestId: string): Record<string, unknown> {
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === "request" && entry.requestId === requestId);
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

describe("the request log line on Lambda", () => {
  it("a signed-in member's request names their account, the Lambda request id and the trace id, but not their name or phone", async () => {
    const token = await signIn("13800000004");
    const event = apiGatewayEvent({ method: "GET", path: "/api/me", headers: { authorization: `Bearer ${token}` } });
    const context = lambdaContext();
    const response = await handler(event, context);
    expect(response.statusCode).toBe(200);
    const me = JSON.parse(response.body) as { account: { accountId: string } };
    const requestId = (response as { headers: Record<string, string> }).headers["x-request-id"]!;

    const line = requestLine(requestId);
    expect(line).toMatchObject({
      method: "GET",
      path: "/api/me",
      status: 200,
      account: me.account.accountId,
      lambdaRequestId: context.awsRequestId,
      traceId: event.headers["x-amzn-trace-id"],
    });
    const text = JSON.stringify(line);
    expect(text).not.toContain("13800000004");
    expect(text).not.toContain("陈思远");
    expect(text).not.toContain(token);
  });

  it("an anonymous request is logged without an account, with its Lambda request id and only the Root of a longer trace header", async () => {
    const root = "Root=1-6751a3c2-0123456789abcdef01234567";
    const event = apiGatewayEvent({ method: "GET", path: "/api/health", headers: { "x-amzn-trace-id": `${root};Parent=53995c3f42cd8ad8;Sampled=0` } });
    const context = lambdaContext();
    const response = await handler(event, context);
    const line = requestLine((response as { headers: Record<string, string> }).headers["x-request-id"]!);
    expect(line.account).toBeUndefined();
    expect(line).toMatchObject({ status: 200, lambdaRequestId: context.awsRequestId, traceId: root });
  });
});
