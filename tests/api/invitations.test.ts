import { beforeAll, describe, expect, it } from "vitest";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { acceptInvitation, invitationKey, INVITATION_LIFETIME_SECONDS } from "@tongxin/core/auth/invitation";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { outboxFor } from "@tongxin/core/messages/channels/outbox";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { streamConsumer } from "../support/messages";
import { invitationTokenOf } from "../support/invitations";

/**
 * Invitations (issue #15 §6): adding a member sends an SMS with a link to set their own password.
 * No admin chooses it; the link works once, for 7 days, and only for that.
 */
let stream: Awaited<ReturnType<typeof streamConsumer>>;
let admin: string;

beforeAll(async () => {
  admin = await signIn("13800000003");
  stream = await streamConsumer();
});

async function addPerson(name: string, phone = uniquePhone()) {
  const added = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: admin, body: { name, phone, roles: ["member"] } });
  expect(added.status, added.text).toBe(201);
  return { phone, accountId: added.json.accountId as string };
}

const accept = (token: string, password: string) => call("POST", "/auth/invitation/accept", { body: { token, password, delivery: "token" } });

describe("an invitation", () => {
  it("arrives by SMS through the stream; its link sets the member's own password once and signs them in", async () => {
    const { phone, accountId } = await addPerson("邀请会员");
    await stream.drain();
    const sms = (await outboxFor(phone)).filter((entry) => entry.template === "member.invited");
    expect(sms).toHaveLength(1);
    const token = /\/invite#([A-Za-z0-9_.-]+)/.exec(sms[0]!.body)?.[1];
    expect(token).toBeDefined();
    expect(sms[0]!.body).toContain("新意城新空间邀请您使用同心");
    // The table holds the token's digest only, and the SMS request's parameters are erased once sent.
    const { Item: stored } = await db().send(new GetCommand({ TableName: tableName(), Key: invitationKey(accountId), ConsistentRead: true }));
    expect(JSON.stringify(stored)).not.toContain(token!.split(".")[1]);

    const whom = await call("POST", "/auth/invitation", { body: { token } });
    expect(whom.status, whom.text).toBe(200);
    expect(whom.json).toEqual({ name: "邀请会员" });

    const weak = await accept(token!, "12345678");
    expect(weak.status).toBe(422);
    expect(weak.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(Object.keys(weak.json.errors)).toEqual(["password"]);

    const done = await accept(token!, "Own#Choice-2026");
    expect(done.status, done.text).toBe(200);
    expect(done.json.account.name).toBe("邀请会员");
    expect((await call("GET", "/me", { token: done.json.token })).status).toBe(200);
    expect(await signIn(phone, "Own#Choice-2026")).toEqual(expect.any(String));

    const again = await accept(token!, "Other#Choice-2026");
    expect(again.status).toBe(401);
    expect(again.json).toMatchObject({ code: "auth.invitation_invalid", errors: { token: [expect.any(String)] } });
    expect((await call("POST", "/auth/invitation", { body: { token } })).status).toBe(401);
  });

  it("two uses at once: one sets the password, the other is refused, and only the winner's password works", async () => {
    const { phone, accountId } = await addPerson("并发邀请");
    const token = await invitationTokenOf(accountId);
    const passwords = ["Racer#One-2026", "Racer#Two-2026", "Racer#Three-2026", "Racer#Four-2026"];
    const answers = await Promise.all(passwords.map((password) => accept(token, password)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401]);
    const winner = passwords[answers.findIndex((answer) => answer.status === 200)]!;
    for (const password of passwords) {
      const login = await call("POST", "/auth/login", { body: { login: phone, password, delivery: "token" } });
      expect(login.status, password).toBe(password === winner ? 200 : 401);
    }
  });

  it("expires after 7 days; a forged or malformed token is refused naming the field", async () => {
    const { accountId } = await addPerson("过期邀请");
    const token = await invitationTokenOf(accountId);
    await expect(acceptInvitation({ token, password: "Late#Comer-2026", now: Date.now() + INVITATION_LIFETIME_SECONDS * 1000 + 1000 })).rejects.toMatchObject({ code: "auth.invitation_invalid" });
    const forged = `${accountId}.${"A".repeat(43)}`;
    expect((await accept(forged, "Forged#Try-2026")).json.code).toBe("auth.invitation_invalid");
    const malformed = await call("POST", "/auth/invitation/accept", { body: { token: "", password: "Forged#Try-2026" } });
    expect(malformed.status).toBe(422);
    expect(Object.keys(malformed.json.errors)).toEqual(["token"]);
    const { Item: account } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.account(accountId), ConsistentRead: true }));
    expect(account?.passwordHash, "nothing was set").toBeUndefined();
  });

  it("is not sent to someone who already has a password when another org adds them", async () => {
    const { phone, accountId } = await addPerson("已有密码");
    expect((await accept(await invitationTokenOf(accountId), "Has#Password-2026")).status).toBe(200);
    const otherOrg = demoOrgs().qibao;
    const branchAdmin = await signIn("13800000005");
    const joined = await call("POST", `/orgs/${otherOrg}/members`, { token: branchAdmin, body: { name: "已有密码", phone, roles: ["member"] } });
    expect(joined.status, joined.text).toBe(201);
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: invitationKey(accountId), ConsistentRead: true }));
    expect(Item).toBeUndefined();
  });

  it("goes to every new person of an imported roll", async () => {
    const phones = [uniquePhone(), uniquePhone()];
    const csv = `姓名,手机\r\n导入甲,${phones[0]}\r\n导入乙,${phones[1]}\r\n`;
    const imported = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members/import`, { token: admin, body: csv, headers: { "content-type": "text/csv" } });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json).toMatchObject({ created: 2 });
    await stream.drain();
    for (const phone of phones) expect((await outboxFor(phone)).filter((entry) => entry.template === "member.invited")).toHaveLength(1);
  });
});
