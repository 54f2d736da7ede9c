import { describe, expect, it } from "vitest";
import { call, signIn, uniquePhone, demoOrgs } from "../support/api";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";

describe("signing in", () => {
  it("a demo organizer signs in by phone and sees their organisations", async () => {
    const login = await call("POST", "/auth/login", { body: { login: "13800000003", password: DEMO_PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.json.account.name).toBe("张晓雯");
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/tx_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await call("GET", "/me", { headers: { cookie: cookie.split(";")[0]! } });
    expect(me.status).toBe(200);
    expect(me.json.memberships).toEqual([
      {
        orgId: demoOrgs().xinyicheng,
        orgName: "新意城新空间",
        orgKind: "new_space",
        orgPath: [demoOrgs().district, demoOrgs().hongqiao],
        roles: ["admin", "member"],
      },
    ]);
  });

  it("the platform admin signs in by email in any letter case", async () => {
    const token = await signIn("ADMIN@tongxin.local");
    const me = await call("GET", "/me", { token });
    expect(me.json.account.platformAdmin).toBe(true);
  });

  it("a wrong password is refused with one message that does not say which part was wrong", async () => {
    const wrongPassword = await call("POST", "/auth/login", { body: { login: "13800000004", password: "nope-nope" } });
    const unknownLogin = await call("POST", "/auth/login", { body: { login: uniquePhone(), password: "nope-nope" } });
    for (const response of [wrongPassword, unknownLogin]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(response.json).toMatchObject({ code: "auth.invalid_credentials", title: "账号或密码不正确" });
    }
  });

  it("an empty login form names both fields", async () => {
    const response = await call("POST", "/auth/login", { body: { login: "", password: "" } });
    expect(response.status).toBe(422);
    expect(Object.keys(response.json.errors)).toEqual(expect.arrayContaining(["login", "password"]));
  });

  it("after logout the old token no longer works", async () => {
    const token = await signIn("13800000004");
    expect((await call("GET", "/me", { token })).status).toBe(200);
    expect((await call("POST", "/auth/logout", { token })).status).toBe(204);
    const after = await call("GET", "/me", { token });
    expect(after.status).toBe(401);
    expect(after.json.code).toBe("auth.required");
  });

  it("a forged token is treated as no session", async () => {
    const token = await signIn("13800000004");
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;
    expect((await call("GET", "/me", { token: forged })).status).toBe(401);
  });
});
