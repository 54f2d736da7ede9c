import { beforeAll, describe, expect, it } from "vitest";
import { consumeSmsCode } from "@tongxin/core/auth/sms-code";
import { outboxFor } from "@tongxin/core/messages/channels/outbox";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { streamConsumer } from "../support/messages";
import { acceptInvitationOf } from "../support/invitations";

/**
 * Accounts that can get in: a member added by phone is invited by SMS, signs in with a code
 * read from the local outbox, and a forgotten password is reset the same way. The SMS leaves
 * through the real stream reader, never from the request.
 */
let stream: Awaited<ReturnType<typeof streamConsumer>>;
let admin: string;

beforeAll(async () => {
  admin = await signIn("13800000003");
  stream = await streamConsumer();
});

async function newMember(): Promise<string> {
  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: admin, body: { name: "短信会员", phone, roles: ["member"] } });
  expect(added.status, added.text).toBe(201);
  return phone;
}

/** The newest SMS code the outbox holds for a phone. */
async function codeFor(phone: string): Promise<string | undefined> {
  await stream.drain();
  const codes = (await outboxFor(phone)).filter((entry) => entry.template === "auth.sms_code");
  return codes.at(-1)?.params.code;
}

describe("sign-in by SMS code", () => {
  it("a member added by phone is invited by SMS, then signs in with a code read from the outbox", async () => {
    const phone = await newMember();
    await stream.drain();
    const [invitation] = (await outboxFor(phone)).filter((entry) => entry.template === "member.invited");
    expect(invitation?.body).toContain("新意城新空间邀请您使用同心");
    expect(invitation?.body).toMatch(/\/invite#[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}/);

    const sent = await call("POST", "/auth/sms-code", { body: { phone } });
    expect(sent.status, sent.text).toBe(202);
    const code = await codeFor(phone);
    expect(code).toMatch(/^\d{6}$/);
    const login = await call("POST", "/auth/login/sms", { body: { phone, code } });
    expect(login.status, login.text).toBe(200);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(login.json.token, "no token for scripts when the cookie is set").toBeUndefined();
    expect((await call("GET", "/me", { headers: { cookie: cookie.split(";")[0]! } })).json.account.name).toBe("短信会员");

    const again = await call("POST", "/auth/login/sms", { body: { phone, code } });
    expect(again.status).toBe(401);
    expect(again.json).toMatchObject({ code: "auth.code_invalid", errors: { code: [expect.any(String)] } });
  });

  it("a wrong code is 401 problem+json naming the field; after five wrong tries the right code no longer works", async () => {
    const phone = await newMember();
    await call("POST", "/auth/sms-code", { body: { phone } });
    const code = (await codeFor(phone))!;
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i += 1) {
      const response = await call("POST", "/auth/login/sms", { body: { phone, code: wrong } });
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
    expect((await call("POST", "/auth/login/sms", { body: { phone, code } })).status).toBe(401);
  });

  it("a code expires after five minutes", async () => {
    const phone = await newMember();
    await call("POST", "/auth/sms-code", { body: { phone } });
    const code = (await codeFor(phone))!;
    await expect(consumeSmsCode({ phone, purpose: "login", code, now: Date.now() + 5 * 60_000 + 1000 })).rejects.toMatchObject({ code: "auth.code_invalid" });
  });

  it("malformed input is 422 naming the field, and a number without an account gets the same answer but no SMS", async () => {
    const bad = await call("POST", "/auth/login/sms", { body: { phone: "13800000004", code: "12ab" } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.code).toBeDefined();
    const badPhone = await call("POST", "/auth/sms-code", { body: { phone: "12345" } });
    expect(badPhone.status).toBe(422);
    expect(badPhone.json.errors.phone).toBeDefined();
    const stranger = uniquePhone();
    expect((await call("POST", "/auth/sms-code", { body: { phone: stranger } })).status).toBe(202);
    await stream.drain();
    expect(await outboxFor(stranger)).toEqual([]);
  });
});

describe("throttling codes", () => {
  it("one code per phone per 60 s, even when asked for in parallel", async () => {
    const phone = await newMember();
    const replies = await Promise.all(Array.from({ length: 6 }, () => call("POST", "/auth/sms-code", { body: { phone } })));
    expect(replies.map((r) => r.status).sort()).toEqual([202, 429, 429, 429, 429, 429]);
    const refused = replies.find((r) => r.status === 429)!;
    expect(refused.headers.get("retry-after")).toBe("60");
    await stream.drain();
    expect((await outboxFor(phone)).filter((entry) => entry.template === "auth.sms_code")).toHaveLength(1);
  });

  it("one client address gets at most 30 codes an hour, whatever the numbers", async () => {
    const client = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) statuses.push((await call("POST", "/auth/sms-code", { body: { phone: uniquePhone() }, client })).status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(30);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("忘记密码", () => {
  it("a member resets a forgotten password with an SMS code and signs in with the new one", async () => {
    const phone = await newMember();
    expect((await call("POST", "/auth/sms-code", { body: { phone, purpose: "reset" } })).status).toBe(202);
    const code = (await codeFor(phone))!;
    const reset = await call("POST", "/auth/password/reset", { body: { phone, code, password: "Qibao#Spring2027" } });
    expect(reset.status, reset.text).toBe(204);
    expect((await call("POST", "/auth/login", { body: { login: phone, password: "Qibao#Spring2027" } })).status).toBe(200);
    // A sign-in code does not reset a password, and a used reset code is gone.
    const reused = await call("POST", "/auth/password/reset", { body: { phone, code, password: "Another#Pass2027" } });
    expect(reused.status).toBe(401);
  });

  it("the new password must pass the strength rule (a weak one keeps the code), and the reset ends every session the account had", async () => {
    const phone = uniquePhone();
    const added = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: admin, body: { name: "短信会员", phone, roles: ["member"] } });
    expect(added.status, added.text).toBe(201);
    await acceptInvitationOf(added.json.accountId, "Before#Reset-2026");
    const before = await signIn(phone, "Before#Reset-2026");
    expect((await call("POST", "/auth/sms-code", { body: { phone, purpose: "reset" } })).status).toBe(202);
    const code = (await codeFor(phone))!;
    for (const [weak, message] of [["12345678", "这个密码太常见，容易被猜到"], ["password", "这个密码太常见，容易被猜到"], ["aaaaaaaa", "密码不能是重复的字符"], [phone, "密码不能包含手机号"]]) {
      const refused = await call("POST", "/auth/password/reset", { body: { phone, code, password: weak } });
      expect(refused.status, weak).toBe(422);
      expect(refused.json.errors).toEqual({ password: [message] });
    }
    const reset = await call("POST", "/auth/password/reset", { body: { phone, code, password: "After#Reset-2027" } });
    expect(reset.status, reset.text).toBe(204);
    expect((await call("GET", "/me", { token: before })).status).toBe(401);
    expect((await call("POST", "/auth/login", { body: { login: phone, password: "After#Reset-2027" } })).status).toBe(200);
  });
});
