import { describe, expect, it } from "vitest";
import { call, signIn } from "../support/api";

/**
 * Cross-site writes: a page on another site can make the victim's browser post with their
 * session cookie (text/plain or a form needs no preflight). The API refuses such requests unless
 * they come from the site itself, and reads no body that is not JSON.
 */
const EVIL = "https://evil.example";
const OWN = "http://localhost";

async function cookieSession(login: string): Promise<{ token: string; cookie: string }> {
  const token = await signIn(login);
  return { token, cookie: `tx_session=${token}` };
}

const stillSignedIn = async (token: string) => (await call("GET", "/me", { token })).status === 200;

describe("cross-site request forgery", () => {
  it("a foreign page cannot sign the victim out with a text/plain post carrying their cookie", async () => {
    const { token, cookie } = await cookieSession("13800000006");
    const forged = await call("POST", "/auth/logout", { headers: { cookie, origin: EVIL, "sec-fetch-site": "cross-site", "content-type": "text/plain" }, body: "x" });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(forged.json.code).toBe("request.cross_site");
    expect(await stillSignedIn(token)).toBe(true);
  });

  it("a foreign page cannot create anything with the admin's cookie, whatever the content type", async () => {
    const { cookie } = await cookieSession("admin@tongxin.local");
    const name = `跨站伪造${Date.now()}`;
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/json"]) {
      const forged = await call("POST", "/orgs", { headers: { cookie, origin: EVIL, "content-type": type }, body: JSON.stringify({ name, kind: "district_office" }) });
      expect([type, forged.status]).toEqual([type, 403]);
    }
    const bySecFetchOnly = await call("POST", "/orgs", { headers: { cookie, "sec-fetch-site": "cross-site", "content-type": "text/plain" }, body: JSON.stringify({ name, kind: "district_office" }) });
    expect(bySecFetchOnly.status).toBe(403);
    const admin = await signIn("admin@tongxin.local");
    const roots = await call("GET", "/orgs", { token: admin });
    expect(JSON.stringify(roots.json ?? {})).not.toContain(name);
  });

  it("the web app itself (same origin) posts with its cookie as before", async () => {
    const { token, cookie } = await cookieSession("13800000006");
    const bySecFetch = await call("POST", "/orgs", { headers: { cookie, "sec-fetch-site": "same-origin" }, body: { name: "", kind: "district_office" } });
    expect(bySecFetch.status).toBe(422);
    const byOrigin = await call("POST", "/auth/logout", { headers: { cookie, origin: OWN } });
    expect(byOrigin.status).toBe(204);
    expect(await stillSignedIn(token)).toBe(false);
  });

  it("a foreign page can neither sign the victim out everywhere nor change their password", async () => {
    const { token, cookie } = await cookieSession("13800000006");
    for (const [path, body] of [["/auth/logout-all", undefined], ["/auth/password", { currentPassword: "x", newPassword: "Forged#Pass-2027" }]] as const) {
      const forged = await call("POST", path, { headers: { cookie, origin: EVIL }, body });
      expect([path, forged.status, forged.json?.code]).toEqual([path, 403, "request.cross_site"]);
    }
    expect(await stillSignedIn(token)).toBe(true);
  });

  it("behind CloudFront (the API addressed by API Gateway's host) the site's origin, WEB_ORIGIN, counts as its own for a browser that sends no Sec-Fetch-Site", async () => {
    const site = "https://d111111abcdef8.cloudfront.net";
    const saved = process.env.WEB_ORIGIN;
    try {
      delete process.env.WEB_ORIGIN;
      const before = await cookieSession("13800000006");
      expect((await call("POST", "/auth/logout", { headers: { cookie: before.cookie, origin: site } })).status).toBe(403);
      process.env.WEB_ORIGIN = site;
      const { token, cookie } = await cookieSession("13800000006");
      expect((await call("POST", "/auth/logout", { headers: { cookie, origin: site } })).status).toBe(204);
      expect(await stillSignedIn(token)).toBe(false);
      expect((await call("POST", "/auth/logout", { headers: { cookie: before.cookie, origin: EVIL } })).status).toBe(403);
    } finally {
      if (saved === undefined) delete process.env.WEB_ORIGIN;
      else process.env.WEB_ORIGIN = saved;
    }
  });

  it("a Bearer-token client (no cookie) needs no Origin", async () => {
    const token = await signIn("13800000006");
    const response = await call("POST", "/auth/logout", { token, headers: { origin: EVIL } });
    expect(response.status).toBe(204);
  });
});

describe("bodies must be JSON", () => {
  it("a text/plain or form body is 415 problem+json naming the content type, and nothing is created", async () => {
    const token = await signIn("admin@tongxin.local");
    const name = `非JSON${Date.now()}`;
    for (const type of ["text/plain", "application/x-www-form-urlencoded"]) {
      const response = await call("POST", "/orgs", { token, headers: { "content-type": type }, body: JSON.stringify({ name, kind: "district_office" }) });
      expect([type, response.status]).toEqual([type, 415]);
      expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(response.json.code).toBe("request.unsupported_media_type");
      expect(Object.keys(response.json.errors)).toEqual(["content-type"]);
    }
    const login = await call("POST", "/auth/login", { headers: { "content-type": "text/plain" }, body: JSON.stringify({ login: "13800000006", password: "x" }) });
    expect(login.status).toBe(415);
    expect(JSON.stringify((await call("GET", "/orgs", { token })).json ?? {})).not.toContain(name);
  });

  it("JSON with a charset, and posts with no body, are accepted", async () => {
    const token = await signIn("admin@tongxin.local");
    const created = await call("POST", "/orgs", { token, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ name: `带字符集${Date.now()}`, kind: "district_office" }) });
    expect(created.status, created.text).toBe(201);
    expect((await call("POST", "/auth/logout", { token })).status).toBe(204);
  });
});
