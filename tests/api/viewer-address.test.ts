/**
 * Behind CloudFront, API Gateway's source IP is the CloudFront edge server, shared by everyone
 * near it. CloudFront adds CloudFront-Viewer-Address and the origin-verify secret header
 * (stacks/origin-verify.ts); the per-client sign-in throttle then counts each viewer, and
 * ignores a viewer header that comes without the secret. Real API Gateway v2 events through
 * the Lambda handler, against DynamoDB Local.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@tongxin/core/ids";
import { invoke } from "../support/lambda";

const SECRET = randomBytes(32).toString("hex");
beforeAll(() => {
  process.env.ORIGIN_VERIFY_SECRET = SECRET;
});
afterAll(() => {
  delete process.env.ORIGIN_VERIFY_SECRET;
});

const octet = () => 1 + Math.floor(Math.random() * 254);
/** A CloudFront edge server's address (130.176.0.0/16 is one of CloudFront's ranges). */
const edgeAddress = () => `130.176.${octet()}.${octet()}`;
const hex = () => randomBytes(2).toString("hex");
const ipv6Viewer = () => `2001:db8:${hex()}:${hex()}::${hex()}`;
const ipv4Viewer = () => `198.18.${octet()}.${octet()}`;
const port = () => String(1024 + Math.floor(Math.random() * 60000));

/** A sign-in with a login nobody has: a failure for the client, never enough to throttle the login. */
function wrongSignIn(sourceIp: string, headers: Record<string, string> = {}) {
  return invoke({
    method: "POST",
    path: "/api/auth/login",
    sourceIp,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ login: `nobody-${randomUUID()}@example.com`, password: "wrong-password" }),
  });
}

/** A wrong voting code for the election's paper (no session needed). */
function wrongCode(electionId: string, sourceIp: string, headers: Record<string, string> = {}) {
  return invoke({
    method: "POST",
    path: `/api/elections/${electionId}/paper`,
    sourceIp,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ code: "WRONG-CODE" }),
  });
}

/** Fails until the per-client throttle answers 429 (after its free failures, each attempt must wait). */
async function failUntilThrottled(attempt: () => ReturnType<typeof invoke>, failureStatus = 401) {
  for (let failures = 0; failures < 40; failures += 1) {
    const response = await attempt();
    if (response.statusCode === 429) return { failures, response };
    expect(response.statusCode, response.text).toBe(failureStatus);
  }
  throw new Error("no 429 after 40 failures");
}

describe("sign-in throttling per client behind CloudFront", () => {
  it("two people behind the same CloudFront edge are throttled separately, and one of them is still throttled through another edge", async () => {
    const edge = edgeAddress();
    const throughCloudFront = (viewer: string) => ({ "cloudfront-viewer-address": `${viewer}:${port()}`, "x-origin-verify": SECRET });
    const guesser = ipv6Viewer();
    const neighbour = ipv4Viewer();

    const { failures, response } = await failUntilThrottled(() => wrongSignIn(edge, throughCloudFront(guesser)));
    expect(failures).toBeGreaterThanOrEqual(20);
    expect(response.json).toMatchObject({ code: "auth.throttled", status: 429 });

    // Same edge, another person: judged on their own (fresh) count.
    const other = await wrongSignIn(edge, throughCloudFront(neighbour));
    expect(other.statusCode, other.text).toBe(401);
    expect(other.json.code).toBe("auth.invalid_credentials");
    // The edge itself was never counted.
    expect((await wrongSignIn(edge)).statusCode).toBe(401);
    // The guesser gains nothing by reaching us through a different edge.
    const elsewhere = await wrongSignIn(edgeAddress(), throughCloudFront(guesser));
    expect(elsewhere.statusCode, elsewhere.text).toBe(429);
  });

  it("a forged viewer header without the secret (a direct call to the API's own URL) is ignored: the throttle counts API Gateway's source IP", async () => {
    const attacker = ipv4Viewer();
    const forged = () => ({ "cloudfront-viewer-address": `${ipv4Viewer()}:${port()}` });
    const wrongSecret = () => ({ ...forged(), "x-origin-verify": randomBytes(32).toString("hex") });

    let round = 0;
    const { failures } = await failUntilThrottled(() => wrongSignIn(attacker, (round++ % 2 === 0 ? forged : wrongSecret)()));
    expect(failures).toBeGreaterThanOrEqual(20);
    // Yet another forged address, with or without a guessed secret: still the attacker's count.
    expect((await wrongSignIn(attacker, forged())).statusCode).toBe(429);
    expect((await wrongSignIn(attacker, wrongSecret())).statusCode).toBe(429);
    // Someone else calling directly is not affected.
    expect((await wrongSignIn(ipv4Viewer(), forged())).statusCode).toBe(401);
  });
});

describe("voting-code throttling per election and client behind CloudFront", () => {
  it("wrong codes from two people behind the same edge are counted separately; a forged viewer header is counted by source IP", async () => {
    // Codes for an election that doesn't exist are refused and counted like any wrong code.
    const electionId = newId();
    const edge = edgeAddress();
    const throughCloudFront = (viewer: string) => ({ "cloudfront-viewer-address": `${viewer}:${port()}`, "x-origin-verify": SECRET });
    const guesser = ipv4Viewer();

    const { failures, response } = await failUntilThrottled(() => wrongCode(electionId, edge, throughCloudFront(guesser)), 403);
    expect(failures).toBeGreaterThanOrEqual(5);
    expect(response.json).toMatchObject({ code: "election.code_throttled", status: 429 });
    const neighbour = await wrongCode(electionId, edge, throughCloudFront(ipv6Viewer()));
    expect(neighbour.statusCode, neighbour.text).toBe(403);
    expect(neighbour.json.code).toBe("election.code_invalid");

    // Calling the API's own URL with a new made-up viewer address each time: all one count, the caller's.
    const direct = ipv4Viewer();
    await failUntilThrottled(() => wrongCode(electionId, direct, { "cloudfront-viewer-address": `${ipv4Viewer()}:${port()}` }), 403);
    expect((await wrongCode(electionId, direct, { "cloudfront-viewer-address": `${ipv6Viewer()}:443` })).statusCode).toBe(429);
  });
});
