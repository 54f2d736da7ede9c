import { describe, expect, it } from "vitest";
import { resolveSession, SESSION_IDLE_SECONDS, SESSION_TTL_SECONDS, startSession } from "@tongxin/core/auth/sessions";
import { getAccount } from "@tongxin/core/auth/accounts";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { acceptInvitationOf } from "../support/invitations";

const FIRST_PASSWORD = "First#Pass-2026";

/** A new member of 新意城新空间 with a password; their sessions are theirs alone to end. */
async function newPerson(name = "会话测试") {
  const admin = await signIn("13800000003");
  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: admin, body: { name, phone } });
  expect(added.status, added.text).toBe(201);
  await acceptInvitationOf(added.json.accountId, FIRST_PASSWORD);
  return { phone, accountId: added.json.accountId as string };
}

/** A browser's sign-in: the session is only in the cookie. */
async function browserSignIn(phone: string, password = FIRST_PASSWORD) {
  const login = await call("POST", "/auth/login", { body: { login: phone, password } });
  expect(login.status, login.text).toBe(200);
  return (login.headers.get("set-cookie") ?? "").split(";")[0]!;
}

const meWith = (cookie: string) => call("GET", "/me", { headers: { cookie } });

describe("the sign-in answer", () => {
  it("hands a browser its session only as an HttpOnly cookie (30 minutes idle), never in the body where a script could read it", async () => {
    const { phone } = await newPerson();
    const login = await call("POST", "/auth/login", { body: { login: phone, password: FIRST_PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.json.token).toBeUndefined();
    expect(login.text).not.toMatch(/eyJ/);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(new RegExp(`Max-Age=${SESSION_IDLE_SECONDS}\\b`));
    expect((await meWith(cookie.split(";")[0]!)).status).toBe(200);
  });

  it("gives an API client that asks for it (delivery: token) the token in the body, and then no cookie", async () => {
    const { phone } = await newPerson();
    const login = await call("POST", "/auth/login", { body: { login: phone, password: FIRST_PASSWORD, delivery: "token" } });
    expect(login.status).toBe(200);
    expect(login.headers.get("set-cookie")).toBeNull();
    expect((await call("GET", "/me", { token: login.json.token })).status).toBe(200);
    const bad = await call("POST", "/auth/login", { body: { login: phone, password: FIRST_PASSWORD, delivery: "localStorage" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.errors)).toEqual(["delivery"]);
  });
});

describe("修改密码", () => {
  it("needs the current password and a strong new one; then every other session ends and the caller carries on with a new one", async () => {
    const { phone } = await newPerson("改密测试");
    const browser = await browserSignIn(phone);
    const otherDevice = await signIn(phone, FIRST_PASSWORD);

    const wrongCurrent = await call("POST", "/auth/password", { headers: { cookie: browser }, body: { currentPassword: "not-it-at-all", newPassword: "Brand#New-2027" } });
    expect(wrongCurrent.status).toBe(422);
    expect(wrongCurrent.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(wrongCurrent.json.errors).toEqual({ currentPassword: ["当前密码不正确"] });
    for (const [weak, message] of [
      ["12345678", "这个密码太常见，容易被猜到"],
      ["password", "这个密码太常见，容易被猜到"],
      ["aaaaaaaa", "密码不能是重复的字符"],
      [phone, "密码不能包含手机号"],
      ["改密测试2026!", "密码不能包含姓名"],
      [FIRST_PASSWORD, "新密码不能与当前密码相同"],
    ]) {
      const refused = await call("POST", "/auth/password", { headers: { cookie: browser }, body: { currentPassword: FIRST_PASSWORD, newPassword: weak } });
      expect(refused.status, weak).toBe(422);
      expect(refused.json.errors).toEqual({ newPassword: [message] });
    }
    // Nothing was changed by the refusals.
    expect((await meWith(browser)).status).toBe(200);
    expect((await call("GET", "/me", { token: otherDevice })).status).toBe(200);

    const changed = await call("POST", "/auth/password", { headers: { cookie: browser }, body: { currentPassword: FIRST_PASSWORD, newPassword: "Brand#New-2027" } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.token).toBeUndefined();
    const renewed = (changed.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(renewed).toMatch(/^tx_session=\S+/);
    expect(renewed).not.toBe(browser);

    expect((await call("GET", "/me", { token: otherDevice })).status).toBe(401);
    expect((await meWith(browser)).status).toBe(401);
    expect((await meWith(renewed)).status).toBe(200);
    expect((await call("POST", "/auth/login", { body: { login: phone, password: FIRST_PASSWORD } })).status).toBe(401);
    expect((await call("POST", "/auth/login", { body: { login: phone, password: "Brand#New-2027" } })).status).toBe(200);
  });

  it("two changes fired at once from two devices: exactly one wins, and only its password works", async () => {
    const { phone } = await newPerson();
    const devices = await Promise.all([signIn(phone, FIRST_PASSWORD), signIn(phone, FIRST_PASSWORD), signIn(phone, FIRST_PASSWORD)]);
    const wanted = ["Device#One-2027", "Device#Two-2027", "Device#Three-2027"];
    const results = await Promise.all(devices.map((token, i) => call("POST", "/auth/password", { token, body: { currentPassword: FIRST_PASSWORD, newPassword: wanted[i] } })));
    const winners = results.flatMap((r, i) => (r.status === 200 ? [i] : []));
    expect(winners, results.map((r) => `${r.status} ${r.json?.code}`).join(", ")).toHaveLength(1);
    for (const loser of results.filter((r) => r.status !== 200)) expect([409, 422]).toContain(loser.status);
    const winner = winners[0]!;
    // A Bearer caller gets its new token in the body (it has no cookie to receive it in).
    expect((await call("GET", "/me", { token: results[winner]!.json.token })).status).toBe(200);
    for (const [i, password] of wanted.entries()) {
      expect((await call("POST", "/auth/login", { body: { login: phone, password } })).status, password).toBe(i === winner ? 200 : 401);
    }
  });
});

describe("退出所有设备", () => {
  it("ends every session of the account at once, the caller's too, and clears the cookie; signing in again works", async () => {
    const { phone } = await newPerson();
    const browser = await browserSignIn(phone);
    const phoneApp = await signIn(phone, FIRST_PASSWORD);
    const tablet = await browserSignIn(phone);
    const out = await call("POST", "/auth/logout-all", { headers: { cookie: browser } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/tx_session=;.*Max-Age=0/i);
    for (const answer of [await meWith(browser), await meWith(tablet), await call("GET", "/me", { token: phoneApp })]) {
      expect(answer.status).toBe(401);
      expect(answer.json.code).toBe("auth.required");
    }
    expect((await meWith(await browserSignIn(phone))).status).toBe(200);
  });

  it("does not touch anyone else's sessions", async () => {
    const [mine, theirs] = await Promise.all([newPerson(), newPerson()]);
    const other = await signIn(theirs.phone, FIRST_PASSWORD);
    expect((await call("POST", "/auth/logout-all", { token: await signIn(mine.phone, FIRST_PASSWORD) })).status).toBe(204);
    expect((await call("GET", "/me", { token: other })).status).toBe(200);
  });
});

describe("idle timeout and absolute lifetime", () => {
  it("a session unused for 30 minutes is over; use slides it on, but never past 12 hours", async () => {
    const { accountId } = await newPerson();
    const account = (await getAccount(accountId))!;
    const t0 = Date.now();
    const idle = await startSession(account, [], t0);
    expect(await resolveSession(idle.token, t0 + (SESSION_IDLE_SECONDS - 1) * 1000)).toBeDefined();
    const { token } = await startSession(account, [], t0);
    expect(await resolveSession(token, t0 + (SESSION_IDLE_SECONDS + 1) * 1000)).toBeUndefined();

    // Used every 25 minutes: alive all day, each use moving the deadline on ...
    const busy = await startSession(account, [], t0);
    let at = t0;
    for (; at + 25 * 60_000 < t0 + SESSION_TTL_SECONDS * 1000; ) {
      at += 25 * 60_000;
      const session = await resolveSession(busy.token, at);
      expect(session?.principal.accountId, new Date(at).toISOString()).toBe(accountId);
      expect(session?.slid?.cookieMaxAge).toBeLessThanOrEqual(SESSION_IDLE_SECONDS);
    }
    // ... until the absolute end.
    expect(await resolveSession(busy.token, t0 + SESSION_TTL_SECONDS * 1000 + 1000)).toBeUndefined();
  });

  it("a request through the cookie after a while of use gets the cookie again with a fresh Max-Age (a sliding cookie)", async () => {
    const { accountId } = await newPerson();
    const account = (await getAccount(accountId))!;
    // Signed in 10 minutes ago: the next request slides the session and re-sends the cookie.
    const earlier = await startSession(account, [], Date.now() - 10 * 60_000);
    const me = await meWith(`tx_session=${earlier.token}`);
    expect(me.status).toBe(200);
    expect(me.headers.get("set-cookie")).toMatch(new RegExp(`tx_session=${earlier.token.replace(/[.]/g, "\\.")};.*Max-Age=(${SESSION_IDLE_SECONDS}|${SESSION_IDLE_SECONDS - 1})\\b`));
    // A Bearer caller has no cookie to refresh.
    const bearer = await startSession(account, [], Date.now() - 10 * 60_000);
    expect((await call("GET", "/me", { token: bearer.token })).headers.get("set-cookie")).toBeNull();
  });
});

describe("no admin sets a member's password", () => {
  it("a first password in the new member's answer is refused, naming the field, and nobody is added", async () => {
    const admin = await signIn("13800000003");
    const phone = uniquePhone();
    const refused = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: admin, body: { name: "管理员定密码", phone, initialPassword: "Strong#Pass-2026" } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(Object.keys(refused.json.errors)).toEqual(["initialPassword"]);
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.login(phone), ConsistentRead: true }));
    expect(Item, "no account was created").toBeUndefined();
  });
});
