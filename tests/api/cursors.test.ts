import { beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";

/**
 * Paging cursors are opaque and signed for the list they came from: whatever a client does to
 * one, the answer is a 400 problem naming `cursor`, never a 500 and never another list's items.
 */
const future = (days: number, time: string) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;
const proposal = (title: string) => ({ title, theme: "fellowship", startsAt: future(40, "19:00"), endsAt: future(40, "21:00"), venue: "新意城新空间", capacity: 20, needsFunds: "no", description: "分页测试" });
const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** Twenty ways to alter a real cursor (and one of another list or partition). */
function tamperedVariants(real: string, foreign: string): Array<[string, string]> {
  const [payload, signature] = real.split(".") as [string, string];
  const key = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  const flip = (text: string) => (text[0] === "A" ? "B" : "A") + text.slice(1);
  return [
    ["the key of another partition, unsigned", b64({ pk: "ORG#someone-else", sk: "MEMBER#x" })],
    ["another partition's key under this signature", `${b64({ ...key, pk: "ORG#someone-else", gsi1pk: "X", gsi2pk: "INBOX#other", gsi3pk: "CAL#other" })}.${signature}`],
    ["a cursor of another list or partition", foreign],
    ["non-key attributes added", `${b64({ ...key, name: "张三", admin: true })}.${signature}`],
    ["a key with wrong types", `${b64(Object.fromEntries(Object.keys(key).map((k) => [k, 42])))}.${signature}`],
    ["an empty object", b64({})],
    ["an empty object under this signature", `${b64({})}.${signature}`],
    ["a JSON array", b64([1, 2, 3])],
    ["JSON null", b64("null")],
    ["a 100 KB string", "A".repeat(100 * 1024)],
    ["the payload without its signature", payload],
    ["a flipped signature", `${payload}.${flip(signature)}`],
    ["a truncated signature", `${payload}.${signature.slice(0, -4)}`],
    ["a truncated payload", `${payload.slice(0, -3)}.${signature}`],
    ["a third segment", `${real}.extra`],
    ["just a dot", "."],
    ["characters outside base64", "%%%!!!***"],
    ["Chinese text", "下一页"],
    ["the old unsigned format of the same key", payload],
    ["an unsigned key with a made-up signature", `${b64(key)}.${"A".repeat(43)}`],
  ];
}

async function expectRefused(path: string, token: string, variants: Array<[string, string]>) {
  expect(variants).toHaveLength(20);
  for (const [what, cursor] of variants) {
    const joiner = path.includes("?") ? "&" : "?";
    const response = await call("GET", `${path}${joiner}cursor=${encodeURIComponent(cursor)}`, { token });
    expect([what, response.status], response.text.slice(0, 200)).toEqual([what, 400]);
    expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(response.json.code).toBe("request.invalid_cursor");
    expect(Object.keys(response.json.errors)).toEqual(["cursor"]);
  }
}

/** The first page's cursor (limit 1), checking that the real cursor leads to the second page. */
async function realCursor(path: string, token: string): Promise<string> {
  const joiner = path.includes("?") ? "&" : "?";
  const first = await call("GET", `${path}${joiner}limit=1`, { token });
  expect(first.status, first.text).toBe(200);
  expect(first.json.cursor).toEqual(expect.any(String));
  const second = await call("GET", `${path}${joiner}limit=1&cursor=${encodeURIComponent(first.json.cursor)}`, { token });
  expect(second.status, second.text).toBe(200);
  expect(second.json.items).toHaveLength(1);
  expect(second.json.items[0]).not.toEqual(first.json.items[0]);
  return first.json.cursor as string;
}

describe("tampered pagination cursors", () => {
  let admin: string;
  let orgA: string;
  let orgB: string;
  let organizer: string;
  let member: string;
  let districtAdmin: string;

  beforeAll(async () => {
    admin = await signIn("admin@tongxin.local");
    const orgs: string[] = [];
    for (const name of ["游标甲会", "游标乙会"]) {
      const created = await call("POST", "/orgs", { token: admin, body: { name: `${name}${Date.now()}`, kind: "district_office" } });
      expect(created.status, created.text).toBe(201);
      orgs.push(created.json.orgId);
      for (const person of ["甲", "乙", "丙"]) await call("POST", `/orgs/${created.json.orgId}/members`, { token: admin, body: { name: `成员${person}`, phone: uniquePhone(), roles: ["member"] } });
    }
    [orgA, orgB] = orgs as [string, string];
    organizer = await signIn("13800000003");
    member = await signIn("13800000004");
    districtAdmin = await signIn("13800000001");
    const reviewer = await signIn("13800000002");
    for (const title of ["游标测试甲", "游标测试乙"]) {
      const proposed = await call("POST", `/orgs/${demoOrgs().xinyicheng}/activities`, { token: member, body: { data: proposal(title) } });
      expect(proposed.status, proposed.text).toBe(201);
      const submitted = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: organizer, body: { data: proposal(`${title}活动`) } });
      expect(submitted.status, submitted.text).toBe(201);
      for (const approver of [reviewer, districtAdmin]) await call("POST", `/instances/${submitted.json.instanceId}/actions`, { token: approver, body: { type: "approve" } });
    }
  });

  it("members: twenty altered cursors are each a 400 naming the cursor", async () => {
    const real = await realCursor(`/orgs/${orgA}/members`, admin);
    const foreign = await realCursor(`/orgs/${orgB}/members`, admin);
    await expectRefused(`/orgs/${orgA}/members`, admin, tamperedVariants(real, foreign));
  });

  it("inbox (待办): twenty altered cursors are each a 400 naming the cursor", async () => {
    const real = await realCursor("/inbox", organizer);
    const foreign = await realCursor(`/orgs/${orgA}/members`, admin);
    await expectRefused("/inbox", organizer, tamperedVariants(real, foreign));
  });

  it("a form's submissions: twenty altered cursors are each a 400 naming the cursor", async () => {
    const path = `/orgs/${demoOrgs().district}/forms/${demoOrgs().activityForm}/submissions`;
    const real = await realCursor(path, districtAdmin);
    const foreign = await realCursor(`${path}?status=approved`, districtAdmin);
    await expectRefused(path, districtAdmin, tamperedVariants(real, foreign));
  });

  it("activities: twenty altered cursors are each a 400 naming the cursor", async () => {
    const path = `/orgs/${demoOrgs().xinyicheng}/activities`;
    const real = await realCursor(path, organizer);
    const foreign = await realCursor("/inbox", organizer);
    await expectRefused(path, organizer, tamperedVariants(real, foreign));
  });

  it("a cursor of one person's inbox does not open another person's", async () => {
    const real = await realCursor("/inbox", organizer);
    const other = await call("GET", `/inbox?cursor=${encodeURIComponent(real)}`, { token: districtAdmin });
    expect(other.status).toBe(400);
    expect(other.json.code).toBe("request.invalid_cursor");
  });
});
