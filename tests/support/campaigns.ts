import { expect } from "vitest";
import { call, demoOrgs, signIn, uniquePhone } from "./api";
import { acceptInvitationOf } from "./invitations";

/**
 * Helpers for campaign tests: a fresh office (a 街镇 under the demo district) with units
 * beneath it, people in them, entries and the 形式审查 steps.
 */
export const PASSWORD = "Campaign@2026-pass";

export interface Person {
  accountId: string;
  phone: string;
  name: string;
  token: string;
}

const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function makeOrg(admin: string, name: string, kind: string, parentId: string): Promise<{ orgId: string; name: string }> {
  const created = await call("POST", "/orgs", { token: admin, body: { name, kind, parentId } });
  expect(created.status, created.text).toBe(201);
  return { orgId: created.json.orgId as string, name };
}

export async function addPerson(admin: string, orgId: string, name: string, roles: string[] = ["member"]): Promise<Person> {
  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name, phone, roles } });
  expect(added.status, added.text).toBe(201);
  await acceptInvitationOf(added.json.accountId, PASSWORD);
  return { accountId: added.json.accountId, phone, name, token: await signIn(phone, PASSWORD) };
}

/** Adds an existing person to another org (same phone joins the same account). */
export async function alsoIn(admin: string, orgId: string, person: Person, roles: string[] = ["member"]): Promise<void> {
  const added = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: person.name, phone: person.phone, roles } });
  expect(added.status, added.text).toBe(201);
}

/**
 * The tree every flow uses (names unique per run, so a leak is unmistakable):
 *   office (街镇) ─┬─ assoc (新联会) ─┬─ unitA (新空间) ── group (分会, under unitA)
 *                 │                 └─ unitB (新空间)
 *                 └─ unitC (新空间)
 */
export async function campaignTree(districtAdmin: string) {
  const s = suffix();
  const office = await makeOrg(districtAdmin, `评选街道${s}`, "subdistrict", demoOrgs().district!);
  const assoc = await makeOrg(districtAdmin, `锦绣新联会${s}`, "association", office.orgId);
  const unitA = await makeOrg(districtAdmin, `锦绣新空间${s}`, "new_space", assoc.orgId);
  const group = await makeOrg(districtAdmin, `锦绣小组${s}`, "branch", unitA.orgId);
  const unitB = await makeOrg(districtAdmin, `星光新空间${s}`, "new_space", assoc.orgId);
  const unitC = await makeOrg(districtAdmin, `晨曦新空间${s}`, "new_space", office.orgId);
  return { office, assoc, unitA, group, unitB, unitC };
}

export const RUBRIC_KEYS = ["innovation", "effect", "exemplary", "transferable"] as const;

export function campaignBody(overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    title: `测试十佳案例评选${suffix()}`,
    year: 2026,
    description: "街道乡镇统战工作案例",
    submissionsOpenAt: new Date(now - 60_000).toISOString(),
    submissionsCloseAt: new Date(now + 60 * 60_000).toISOString(),
    winners: 2,
    tiers: [{ name: "优秀作品", count: 1 }],
    orgAward: { name: "优秀组织奖", count: 1 },
    blind: true,
    judgesPerEntry: 3,
    noticeDays: 0,
    ...overrides,
  };
}

export async function createCampaign(admin: string, orgId: string, overrides: Record<string, unknown> = {}) {
  const created = await call("POST", `/orgs/${orgId}/campaigns`, { token: admin, body: campaignBody(overrides) });
  expect(created.status, created.text).toBe(201);
  return created.json as { campaignId: string; formId: string; workflowId: string; title: string };
}

export function caseData(title: string, extra: Record<string, unknown> = {}) {
  return {
    title,
    summary: `${title}的简介`,
    fullText: `${title}的全文。`,
    contactName: "联系人",
    contactPhone: "13912345678",
    ...extra,
  };
}

export async function enter(token: string, campaignId: string, unitId: string, data: Record<string, unknown>, draft = false) {
  const created = await call("POST", `/campaigns/${campaignId}/entries`, { token, body: { unitId, data, draft } });
  expect(created.status, created.text).toBe(201);
  return created.json as { entryId: string; instanceId?: string; status: string; revision: number };
}

/** A reviewer acts on an entry's 形式审查 (approve, reject, return to the submitter). */
export async function review(token: string, instanceId: string, type: "approve" | "reject" | "return", comment = "形式审查意见") {
  const body = type === "return" ? { type, to: "submitter", comment } : { type, comment };
  const acted = await call("POST", `/instances/${instanceId}/actions`, { token, body });
  expect(acted.status, acted.text).toBe(200);
}

export function fullScores(base: number[], rubricMax = [30, 30, 20, 20]) {
  return Object.fromEntries(RUBRIC_KEYS.map((key, i) => [key, Math.min(base[i]!, rubricMax[i]!)]));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
