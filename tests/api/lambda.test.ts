/**
 * The Lambda entry point as API Gateway calls it: HTTP API payload format 2.0 events in,
 * `{ statusCode, headers, cookies, body, isBase64Encoded }` out. The events (tests/support/lambda.ts) carry the
 * fields API Gateway really sends (see "Working with AWS Lambda proxy integrations for HTTP
 * APIs"): lower-case headers, cookies split out of the headers into `cookies`, and the
 * caller's address in `requestContext.http.sourceIp`.
 */
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { handler } from "../../packages/functions/src/lambda";
import { apiGatewayEvent, invoke, lambdaContext, type EventInput } from "../support/lambda";

const loginBody = (login: string, password = DEMO_PASSWORD) => JSON.stringify({ login, password });
const jsonHeaders = { "content-type": "application/json" };

/** Signs in through the handler; retries if another test file signs the same demo person in at this instant (429). */
async function signInThroughLambda(input: EventInput) {
  for (let attempt = 1; ; attempt += 1) {
    const response = await invoke(input);
    if (response.statusCode !== 429 || attempt >= 5) return response;
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers["retry-after"] ?? 1)));
  }
}

describe("the API behind API Gateway (Lambda, payload v2)", () => {
  it("GET /api/health answers 200 with JSON, as text (not base64)", async () => {
    const response = await invoke({ method: "GET", path: "/api/health" });
    expect(response.statusCode).toBe(200);
    expect(response.isBase64Encoded).toBe(false);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.json).toEqual({ status: "ok", time: expect.any(String) });
    expect(response.headers["x-request-id"]).toEqual(expect.any(String));
  });

  it("signing in returns the session in the payload-v2 `cookies` array as an HttpOnly, Secure cookie, not as a set-cookie header", async () => {
    const response = await signInThroughLambda({ method: "POST", path: "/api/auth/login", headers: jsonHeaders, body: loginBody("13800000003") });
    expect(response.statusCode, response.text).toBe(200);
    expect(response.json.account.name).toBe("张晓雯");
    expect(response.headers["set-cookie"]).toBeUndefined();
    expect(response.cookies).toHaveLength(1);
    const cookie = response.cookies![0]!;
    expect(cookie).toMatch(/^tx_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
  });

  it("the cookie is Secure because API Gateway serves https, even when no x-forwarded-proto header is present", async () => {
    const event = { method: "POST", path: "/api/auth/login", headers: jsonHeaders, body: loginBody("13800000006") };
    const result = await signInThroughLambda(event);
    expect(result.statusCode, result.text).toBe(200);
    // Same request with the forwarding header removed: the https URL the adapter builds decides.
    const bare = () => {
      const built = apiGatewayEvent(event);
      delete built.headers["x-forwarded-proto"];
      return built;
    };
    let response = await handler(bare(), lambdaContext());
    for (let attempt = 1; response.statusCode === 429 && attempt < 5; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      response = await handler(bare(), lambdaContext());
    }
    expect(response.statusCode).toBe(200);
    expect(response.cookies?.[0]).toMatch(/;\s*Secure/i);
  });

  it("a base64-encoded JSON body (as API Gateway sends some clients' bodies) signs in just the same", async () => {
    const body = Buffer.from(loginBody("13800000004")).toString("base64");
    const response = await signInThroughLambda({ method: "POST", path: "/api/auth/login", headers: jsonHeaders, body, base64: true });
    expect(response.statusCode, response.text).toBe(200);
    expect(response.json.account.name).toBe("陈思远");
    expect(response.cookies?.[0]).toMatch(/^tx_session=/);
  });

  it("the session cookie sent back in the event's `cookies` array opens GET /api/me", async () => {
    const login = await signInThroughLambda({ method: "POST", path: "/api/auth/login", headers: jsonHeaders, body: loginBody("13800000005") });
    expect(login.statusCode, login.text).toBe(200);
    const sessionCookie = login.cookies![0]!.split(";")[0]!;
    // Browsers send every cookie for the domain; API Gateway lists them one per entry.
    const me = await invoke({ method: "GET", path: "/api/me", cookies: ["_ga=GA1.1.123.456", sessionCookie, "lang=zh-CN"] });
    expect(me.statusCode, me.text).toBe(200);
    expect(me.json.account).toEqual({ accountId: login.json.account.accountId, name: "赵立群", platformAdmin: false });
    expect(me.json.memberships.map((m: { orgName: string }) => m.orgName)).toContain("七宝分会");
  });

  it("GET /api/me without a cookie is 401 problem+json", async () => {
    const response = await invoke({ method: "GET", path: "/api/me", cookies: ["_ga=GA1.1.123.456"] });
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.isBase64Encoded).toBe(false);
    expect(response.json).toMatchObject({ code: "auth.required", status: 401 });
  });

  it("signing out through the handler clears the cookie (also Secure) and the old cookie stops working", async () => {
    const login = await signInThroughLambda({ method: "POST", path: "/api/auth/login", headers: jsonHeaders, body: loginBody("13800000007") });
    expect(login.statusCode, login.text).toBe(200);
    const sessionCookie = login.cookies![0]!.split(";")[0]!;
    const logout = await invoke({ method: "POST", path: "/api/auth/logout", cookies: [sessionCookie] });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies?.[0]).toMatch(/^tx_session=;/);
    expect(logout.cookies?.[0]).toMatch(/Max-Age=0/i);
    expect(logout.cookies?.[0]).toMatch(/;\s*Secure/i);
    expect((await invoke({ method: "GET", path: "/api/me", cookies: [sessionCookie] })).statusCode).toBe(401);
  });

  it("the query string reaches the route (rawQueryString)", async () => {
    const login = await signInThroughLambda({ method: "POST", path: "/api/auth/login", headers: jsonHeaders, body: JSON.stringify({ login: "13800000003", password: DEMO_PASSWORD, delivery: "token" }) });
    const token = login.json.token as string;
    const orgId = (await invoke({ method: "GET", path: "/api/me", headers: { authorization: `Bearer ${token}` } })).json.memberships[0].orgId;
    const page = await invoke({ method: "GET", path: `/api/orgs/${orgId}/members`, query: "limit=1", headers: { authorization: `Bearer ${token}` } });
    expect(page.statusCode, page.text).toBe(200);
    expect(page.json.items).toHaveLength(1);
    const invalid = await invoke({ method: "GET", path: `/api/orgs/${orgId}/members`, query: "limit=0", headers: { authorization: `Bearer ${token}` } });
    expect(invalid.statusCode).toBe(422);
    expect(Object.keys(invalid.json.errors)).toContain("limit");
  });

  it("an unknown route is 404 problem+json", async () => {
    const response = await invoke({ method: "GET", path: "/api/no-such-thing" });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.isBase64Encoded).toBe(false);
    expect(response.json).toMatchObject({ code: "route.not_found", status: 404, instance: response.headers["x-request-id"] });
  });

  it("a malformed JSON body is 400 problem+json request.malformed", async () => {
    const response = await invoke({ method: "POST", path: "/api/auth/login", headers: jsonHeaders, body: '{"login": "13800000003", "password": ' });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json).toMatchObject({ code: "request.malformed", status: 400 });
  });

  it("the caller's address comes from requestContext.http.sourceIp: a sign-in from a fresh address works", async () => {
    const response = await signInThroughLambda({ method: "POST", path: "/api/auth/login", headers: jsonHeaders, body: loginBody("admin@tongxin.local"), sourceIp: "198.51.100.23" });
    expect(response.statusCode, response.text).toBe(200);
    expect(response.json.account.platformAdmin).toBe(true);
  });
});
