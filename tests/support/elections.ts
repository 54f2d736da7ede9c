import { expect } from "vitest";
import { call, demoOrgs, signIn, uniquePhone } from "./api";
import { acceptInvitationOf } from "./invitations";

/** Helpers: a fresh 分会 under the district, people in it, a ballot paper. */
export const PASSWORD = "Voter@2026-pass";

export async function freshBranch(districtAdmin: string): Promise<string> {
  const created = await call("POST", "/orgs", { token: districtAdmin, body: { name: `选举测试分会${Date.now()}${Math.random().toString(36).slice(2, 6)}`, kind: "branch", parentId: demoOrgs().district } });
  expect(created.status).toBe(201);
  return created.json.orgId as string;
}

export interface Person {
  accountId: string;
  phone: string;
  name: string;
  token: string;
}

export async function addPerson(admin: string, orgId: string, name: string, roles: string[] = ["member"]): Promise<Person> {
  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name, phone, roles } });
  expect(added.status).toBe(201);
  await acceptInvitationOf(added.json.accountId, PASSWORD);
  return { accountId: added.json.accountId, phone, name, token: await signIn(phone, PASSWORD) };
}

/** Imports `count` members (no passwords: they vote by code). */
export async function importMembers(admin: string, orgId: string, count: number): Promise<void> {
  const rows = [["姓名", "手机"], ...Array.from({ length: count }, (_, i) => [`会员${String(i).padStart(4, "0")}`, uniquePhone()])];
  const body = new TextEncoder().encode("\uFEFF" + rows.map((row) => row.join(",")).join("\r\n"));
  const imported = await call("POST", `/orgs/${orgId}/members/import`, { token: admin, body, headers: { "content-type": "text/csv" } });
  expect(imported.status, imported.text).toBeLessThan(300);
}

export const paper = {
  title: "第三届理事会换届选举",
  positions: [
    { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }], allowWriteIns: true },
    { title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] },
  ],
  motions: [{ title: "审议工作报告" }, { title: "章程修改", threshold: { numerator: 2, denominator: 3, rule: "at_least" } }],
};

/** A varied but deterministic ballot for voter number `i`. */
export function choicesFor(i: number) {
  const pairs = [["p2c1", "p2c2"], ["p2c1", "p2c3"], ["p2c2", "p2c3"], ["p2c1"]];
  return {
    positions: {
      p1: { marks: { p1c1: i % 5 === 0 ? "against" : "for" } },
      p2: { marks: Object.fromEntries(pairs[i % 4]!.map((id) => [id, "for"])) },
    },
    motions: { m1: i % 7 === 0 ? "against" : "for", m2: i % 3 === 0 ? "abstain" : "for" },
  };
}

export async function createElection(admin: string, orgId: string, body: Record<string, unknown> = paper): Promise<string> {
  const created = await call("POST", `/orgs/${orgId}/elections`, { token: admin, body });
  expect(created.status, created.text).toBe(201);
  return created.json.election.electionId as string;
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inBatches<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

/** Gets the roll's account ids (admin). */
export async function rollIds(admin: string, electionId: string): Promise<string[]> {
  const roll = await call("GET", `/elections/${electionId}/roll`, { token: admin });
  expect(roll.status).toBe(200);
  return roll.json.items.map((v: { accountId: string }) => v.accountId);
}

/** Both scrutineers certify, then the admin publishes. */
export async function certifyAndPublish(admin: string, electionId: string, scrutineers: Person[]) {
  for (const s of scrutineers) expect((await call("POST", `/elections/${electionId}/certify`, { token: s.token, body: {} })).status).toBe(200);
  const published = await call("POST", `/elections/${electionId}/publish`, { token: admin });
  expect(published.status, published.text).toBe(200);
}

