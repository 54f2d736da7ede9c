/**
 * The authorization matrix: every route the API serves, called by every kind of caller
 * that matters — nobody, a broken or revoked session, someone with the wrong role, someone
 * with no standing in the org, and the people whose roles reach the org from above.
 *
 * This file holds the sign-in, org and member routes; the forms, submissions and uploads
 * routes are in authorization-forms.test.ts. Who calls, the broken sessions, the throwaway
 * org, the runner and the coverage guards are shared: tests/support/authz.ts.
 *
 * Writes only land in a throwaway org created under 新意城新空间 (and, for the platform
 * admin, in a new root org), with fresh phone numbers, so other test files see the demo
 * tree as seeded. Where a case proves that an admin is *allowed* to manage a demo org, it
 * uses a request that passes the policy and is then refused by the roll itself (an
 * unknown account, a person already on it, an empty file), so nothing is written there.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "@tongxin/core/ids";
import { call, demoOrgs, uniquePhone } from "../support/api";
import {
  ask,
  brokenSession,
  DENIED,
  describeGuards,
  describeMatrix,
  expectSameProblem,
  HIDDEN,
  NO_SESSION,
  ORG_LABELS,
  orgIdOf,
  prepareMatrix,
  sandbox,
  sandboxLogin,
  token,
  UP_THE_TREE,
  expectProblem,
  type Domain,
  type OrgKey,
  type Person,
  type RouteSpec,
} from "../support/authz";
import { maskPhone } from "@tongxin/core/privacy/mask";
import { acceptInvitationOf } from "../support/invitations";

// ---------------------------------------------------------------------------------------
// Where
// ---------------------------------------------------------------------------------------

/** Whose membership a PATCH/DELETE names: a fresh member made for the case, an account on no roll, or the sandbox member. */
type Target = "fresh" | "nobody" | "sandbox member";

interface OrgPlace {
  /** The org in the path, or the parent for POST /orgs. */
  org?: OrgKey;
  target?: Target;
}

interface Where {
  orgId: string | null;
  accountId: string;
}

interface OrgRouteSpec extends RouteSpec<OrgPlace, Where> {
  /** The route names an org (in the path, or as the parent in the body). */
  orgScoped: boolean;
}

const NOBODY = newId();

/** The roll reads masked to everyone (查看完整 is the reveal route). */
const phonesMasked = (response: { json: { items: Array<{ phone: string }> } }) => {
  expect(response.json.items.length).toBeGreaterThan(0);
  for (const member of response.json.items) expect(member.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
};

/** A new person on the sandbox roll, added by 张晓雯 (admin of its parent), for one destructive case. */
async function freshSandboxMember(): Promise<string> {
  const response = await call("POST", `/orgs/${sandbox.orgId}/members`, { token: token("张晓雯"), body: { name: "矩阵待删", phone: uniquePhone() } });
  expect(response.status, response.text).toBe(201);
  return response.json.accountId as string;
}

const THROWAWAY_PASSWORD = "Throwaway#2026-matrix";

/** A session of a new member of the throwaway org, for rows that end every session of their caller. */
async function throwawaySession(): Promise<string> {
  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${sandbox.orgId}/members`, { token: token("张晓雯"), body: { name: "矩阵临时会员", phone } });
  expect(added.status, added.text).toBe(201);
  await acceptInvitationOf(added.json.accountId, THROWAWAY_PASSWORD);
  const login = await call("POST", "/auth/login", { body: { login: phone, password: THROWAWAY_PASSWORD, delivery: "token" } });
  expect(login.status, login.text).toBe(200);
  return login.json.token as string;
}

async function targetId(target: Target | undefined): Promise<string> {
  if (target === "fresh") return freshSandboxMember();
  if (target === "sandbox member") return sandbox.member.accountId;
  return NOBODY;
}

const ORGS: Domain<OrgPlace, Where> = {
  resolve: async ({ org, target }) => ({ orgId: org ? orgIdOf(org) : null, accountId: await targetId(target) }),
  label: (spec, { org, target }) =>
    `${(spec as OrgRouteSpec).orgScoped ? ` ${ORG_LABELS[org!]}` : ""}` +
    `${target === "nobody" ? " (an account not on the roll)" : target === "sandbox member" ? " (the sandbox member)" : ""}`,
};

beforeAll(prepareMatrix);

// ---------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------

const csvRoll = () => `姓名,手机\n矩阵导入,${uniquePhone()}\n`;
const PROTECTED: OrgRouteSpec[] = [
  {
    route: "POST /auth/logout",
    doing: "signs out",
    orgScoped: false,
    send: () => ({ path: "/auth/logout" }),
    probe: {},
    cases: [
      { who: "陈思远", freshSession: true, status: 204, because: "any signed-in person may end their own session" },
      { who: "沙盒会员", freshSession: true, status: 204, because: "any signed-in person may end their own session" },
    ],
  },
  {
    route: "POST /auth/password",
    doing: "changes their own password",
    orgScoped: false,
    send: () => ({ path: "/auth/password", body: { currentPassword: "not-the-password-1", newPassword: "Brand#New-2027" } }),
    probe: {},
    cases: [
      { who: "陈思远", status: 422, code: "validation.failed", because: "anyone signed in may change their own password; a wrong current password is then refused" },
      { who: "平台管理员", status: 422, code: "validation.failed", because: "anyone signed in may change their own password; a wrong current password is then refused" },
      {
        who: "沙盒会员",
        session: throwawaySession,
        body: { currentPassword: THROWAWAY_PASSWORD, newPassword: "Brand#New-2027" },
        status: 200,
        because: "anyone signed in may change their own password (a throwaway member: it ends their other sessions)",
      },
    ],
  },
  {
    route: "POST /auth/logout-all",
    doing: "signs out on every device",
    orgScoped: false,
    send: () => ({ path: "/auth/logout-all" }),
    probe: {},
    cases: [{ who: "沙盒会员", session: throwawaySession, status: 204, because: "anyone signed in may end all their own sessions (a throwaway member: it ends every session they have)" }],
  },
  {
    route: "GET /me",
    doing: "reads their own account",
    orgScoped: false,
    send: () => ({ path: "/me" }),
    probe: {},
    cases: [
      { who: "陈思远", status: 200, because: "every signed-in person sees themselves" },
      { who: "沙盒会员", status: 200, because: "every signed-in person sees themselves" },
      { who: "平台管理员", status: 200, because: "every signed-in person sees themselves" },
    ],
  },
  {
    route: "PUT /me/display",
    doing: "chooses 长辈版 for their own account",
    orgScoped: false,
    send: () => ({ path: "/me/display", body: { elderMode: false } }),
    probe: {},
    cases: [
      { who: "沙盒会员", status: 200, because: "every signed-in person sets their own display; the route names no org and no one else's", check: (r) => expect(r.json).toEqual({ elderMode: false }) },
      { who: "平台管理员", status: 200, because: "every signed-in person sets their own display; the route names no org and no one else's" },
      { who: "沙盒会员", body: { elderMode: "yes" }, status: 422, code: "validation.failed", because: "长辈版 is on or off", check: (r) => expect(r.json.errors).toHaveProperty("elderMode") },
    ],
  },
  {
    route: "GET /me/personal-data",
    doing: "reads 我的个人信息 (their own data, in full)",
    orgScoped: false,
    send: () => ({ path: "/me/personal-data" }),
    probe: {},
    cases: [
      { who: "陈思远", status: 200, because: "every signed-in person reads their own data", check: (r) => expect(r.json.account).toMatchObject({ name: "陈思远", phone: "13800000004" }) },
      { who: "沙盒会员", status: 200, because: "every signed-in person reads their own data", check: (r) => expect(r.json.account.phone).toBe(sandbox.member.phone) },
      { who: "平台管理员", status: 200, because: "every signed-in person reads their own data" },
    ],
  },
  {
    route: "POST /orgs",
    doing: "creates a child org under",
    orgScoped: true,
    send: ({ orgId }) => ({ path: "/orgs", body: { name: `矩阵子组织${newId().slice(0, 6)}`, kind: "new_space", parentId: orgId } }),
    probe: { org: "xinyicheng" },
    after: (response, { orgId }) => {
      if (response.status === 201) expect(response.json.parentId).toBe(orgId);
    },
    cases: [
      { who: "张晓雯", org: "xinyicheng", status: 201, because: "an admin may create children of their own org" },
      { who: "张晓雯", org: "sandbox", status: 201, because: "admin inherits down the tree" },
      { who: "李红", org: "sandbox", status: 201, because: "district admin inherits down the tree" },
      { who: "平台管理员", org: "sandbox", status: 201, because: "the platform admin may act anywhere" },
      { who: "平台管理员", org: "root", status: 201, because: "only the platform admin may create a top-level org" },
      { who: "张晓雯", org: "root", status: 403, code: DENIED, because: "top-level orgs are for platform admins only" },
      { who: "李红", org: "root", status: 403, code: DENIED, because: "even a district admin may not create a top-level org" },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "an admin of 新意城新空间 has no standing in 七宝分会" },
      { who: "赵立群", org: "xinyicheng", status: 404, code: HIDDEN, because: "an admin of 七宝分会 has no standing in 新意城新空间" },
      { who: "王海峰", org: "xinyicheng", status: 403, code: DENIED, because: "a reviewer may see but not create orgs" },
      { who: "陈思远", org: "xinyicheng", status: 403, code: DENIED, because: "a plain member may not create orgs" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member may not create orgs" },
      { who: "吴一鸣", org: "district", status: 403, code: DENIED, because: "a judge may not create orgs" },
      { who: "张晓雯", org: "missing", status: 404, code: HIDDEN, because: "the parent does not exist" },
    ],
  },
  {
    route: "GET /orgs",
    doing: "lists every top-level org",
    orgScoped: false,
    send: () => ({ path: "/orgs" }),
    probe: {},
    cases: [
      { who: "平台管理员", status: 200, because: "the whole list is for platform admins" },
      { who: "李红", status: 403, code: DENIED, because: "even a district admin starts from GET /me" },
      { who: "张晓雯", status: 403, code: DENIED, because: "org admins start from GET /me" },
      { who: "沙盒会员", status: 403, code: DENIED, because: "members start from GET /me" },
    ],
  },
  {
    route: "GET /orgs/{orgId}",
    doing: "opens",
    orgScoped: true,
    send: ({ orgId }) => ({ path: `/orgs/${orgId}` }),
    probe: { org: "xinyicheng" },
    cases: [
      { who: "陈思远", org: "qibao", status: 200, because: "any role in an org lets you see it" },
      { who: "陈思远", org: "xinyicheng", status: 200, because: "any role in an org lets you see it" },
      { who: "陈思远", org: "association", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "周敏", org: "qibao", status: 200, because: "a scrutineer sees their org" },
      { who: "吴一鸣", org: "district", status: 200, because: "a judge sees their org" },
      { who: "吴一鸣", org: "hongqiao", status: 404, code: HIDDEN, because: "the judge role does not carry down the tree" },
      { who: "王海峰", org: "xinyicheng", status: 200, because: "a reviewer's role carries down the tree" },
      { who: "王海峰", org: "qibao", status: 404, code: HIDDEN, because: "七宝分会 is not under 虹桥镇" },
      { who: "王海峰", org: "district", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "张晓雯", org: "sandbox", status: 200, because: "admin carries down to the child she created" },
      { who: "赵立群", org: "xinyicheng", status: 404, code: HIDDEN, because: "no standing in a sibling branch" },
      { who: "李红", org: "zhixinhui", status: 200, because: "district admin sees everything beneath" },
      { who: "沙盒会员", org: "sandbox", status: 200, because: "a member sees their org" },
      { who: "沙盒会员", org: "xinyicheng", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "平台管理员", org: "chamber", status: 200, because: "the platform admin sees every org" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/members",
    doing: "reads the member roll of",
    orgScoped: true,
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/members` }),
    probe: { org: "xinyicheng" },
    cases: [
      { who: "李红", org: "xinyicheng", status: 200, because: "district admin inherits down the tree", check: phonesMasked },
      { who: "李红", org: "qibao", status: 200, because: "district admin inherits down the tree" },
      { who: "王海峰", org: "xinyicheng", status: 200, because: "a reviewer of 虹桥镇 inherits to 新意城新空间", check: phonesMasked },
      { who: "王海峰", org: "qibao", status: 404, code: HIDDEN, because: "七宝分会 is not under 虹桥镇" },
      { who: "张晓雯", org: "xinyicheng", status: 200, because: "an admin reads their own roll" },
      { who: "张晓雯", org: "sandbox", status: 200, because: "admin carries down to children" },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "赵立群", org: "xinyicheng", status: 404, code: HIDDEN, because: "no standing in 新意城新空间" },
      { who: "赵立群", org: "association", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "陈思远", org: "xinyicheng", status: 403, code: DENIED, because: "a plain member may not read the roll" },
      { who: "陈思远", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "周敏", org: "qibao", status: 403, code: DENIED, because: "a scrutineer may not read the roll" },
      { who: "周敏", org: "association", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "吴一鸣", org: "district", status: 403, code: DENIED, because: "a judge may not read the roll" },
      { who: "吴一鸣", org: "hongqiao", status: 404, code: HIDDEN, because: "the judge role does not carry down the tree" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member may not read the roll" },
      { who: "平台管理员", org: "qibao", status: 200, because: "the platform admin may act anywhere" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "POST /orgs/{orgId}/members",
    doing: "adds a person to",
    orgScoped: true,
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/members`, body: { name: "矩阵新人", phone: uniquePhone() } }),
    probe: { org: "xinyicheng" },
    after: (response, { orgId }) => {
      if (response.status === 201) expect(response.json.orgId).toBe(orgId);
    },
    cases: [
      { who: "李红", org: "sandbox", status: 201, because: "district admin inherits down the tree" },
      { who: "张晓雯", org: "sandbox", status: 201, because: "admin carries down to children" },
      { who: "平台管理员", org: "sandbox", status: 201, because: "the platform admin may act anywhere" },
      // Allowed, shown without writing: the person is already on the roll.
      { who: "李红", org: "xinyicheng", body: { name: "张晓雯", phone: "13800000003" }, status: 422, code: "validation.failed", because: "allowed (inherited admin); the roll then refuses a duplicate" },
      { who: "李红", org: "qibao", body: { name: "赵立群", phone: "13800000005" }, status: 422, code: "validation.failed", because: "allowed (inherited admin); the roll then refuses a duplicate" },
      { who: "王海峰", org: "xinyicheng", status: 403, code: DENIED, because: "a reviewer may read but not change the roll" },
      { who: "王海峰", org: "qibao", status: 404, code: HIDDEN, because: "七宝分会 is not under 虹桥镇" },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "赵立群", org: "xinyicheng", status: 404, code: HIDDEN, because: "no standing in 新意城新空间" },
      { who: "陈思远", org: "xinyicheng", status: 403, code: DENIED, because: "a plain member may not change the roll" },
      { who: "周敏", org: "qibao", status: 403, code: DENIED, because: "a scrutineer may not change the roll" },
      { who: "吴一鸣", org: "district", status: 403, code: DENIED, because: "a judge may not change the roll" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member may not change the roll" },
    ],
  },
  {
    route: "PATCH /orgs/{orgId}/members/{accountId}",
    doing: "edits a member of",
    orgScoped: true,
    send: ({ orgId, accountId }) => ({ path: `/orgs/${orgId}/members/${accountId}`, body: { title: "理事" } }),
    probe: { org: "xinyicheng", target: "nobody" },
    cases: [
      { who: "李红", org: "sandbox", target: "fresh", status: 200, because: "district admin inherits down the tree" },
      { who: "张晓雯", org: "sandbox", target: "fresh", status: 200, because: "admin carries down to children" },
      { who: "李红", org: "xinyicheng", target: "nobody", status: 404, code: "member.not_found", because: "allowed (inherited admin); the account is not on the roll" },
      { who: "李红", org: "qibao", target: "nobody", status: 404, code: "member.not_found", because: "allowed (inherited admin); the account is not on the roll" },
      { who: "赵立群", org: "qibao", target: "nobody", status: 404, code: "member.not_found", because: "allowed (own org); the account is not on the roll" },
      { who: "王海峰", org: "xinyicheng", target: "nobody", status: 403, code: DENIED, because: "a reviewer may read but not change the roll" },
      { who: "王海峰", org: "sandbox", target: "sandbox member", status: 403, code: DENIED, because: "a reviewer may read but not change the roll" },
      { who: "王海峰", org: "qibao", target: "nobody", status: 404, code: HIDDEN, because: "七宝分会 is not under 虹桥镇" },
      { who: "陈思远", org: "xinyicheng", target: "nobody", status: 403, code: DENIED, because: "a plain member may not change the roll" },
      { who: "周敏", org: "qibao", target: "nobody", status: 403, code: DENIED, because: "a scrutineer may not change the roll" },
      { who: "沙盒会员", org: "sandbox", target: "sandbox member", body: { roles: ["admin"] }, status: 403, code: DENIED, because: "a member cannot make themselves admin" },
      { who: "张晓雯", org: "qibao", target: "nobody", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "赵立群", org: "xinyicheng", target: "nobody", status: 404, code: HIDDEN, because: "no standing in 新意城新空间" },
    ],
  },
  {
    route: "DELETE /orgs/{orgId}/members/{accountId}",
    doing: "removes a member from",
    orgScoped: true,
    send: ({ orgId, accountId }) => ({ path: `/orgs/${orgId}/members/${accountId}` }),
    probe: { org: "xinyicheng", target: "nobody" },
    cases: [
      { who: "李红", org: "sandbox", target: "fresh", status: 204, because: "district admin inherits down the tree" },
      { who: "张晓雯", org: "sandbox", target: "fresh", status: 204, because: "admin carries down to children" },
      { who: "平台管理员", org: "sandbox", target: "fresh", status: 204, because: "the platform admin may act anywhere" },
      { who: "李红", org: "xinyicheng", target: "nobody", status: 404, code: "member.not_found", because: "allowed (inherited admin); the account is not on the roll" },
      { who: "李红", org: "qibao", target: "nobody", status: 404, code: "member.not_found", because: "allowed (inherited admin); the account is not on the roll" },
      { who: "王海峰", org: "sandbox", target: "sandbox member", status: 403, code: DENIED, because: "a reviewer may read but not change the roll" },
      { who: "王海峰", org: "qibao", target: "nobody", status: 404, code: HIDDEN, because: "七宝分会 is not under 虹桥镇" },
      { who: "陈思远", org: "xinyicheng", target: "nobody", status: 403, code: DENIED, because: "a plain member may not change the roll" },
      { who: "吴一鸣", org: "district", target: "nobody", status: 403, code: DENIED, because: "a judge may not change the roll" },
      { who: "沙盒会员", org: "sandbox", target: "sandbox member", status: 403, code: DENIED, because: "a plain member may not remove anyone, themselves included" },
      { who: "张晓雯", org: "qibao", target: "nobody", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "赵立群", org: "xinyicheng", target: "nobody", status: 404, code: HIDDEN, because: "no standing in 新意城新空间" },
    ],
  },
  {
    route: "POST /orgs/{orgId}/members/import",
    doing: "imports a member roll into",
    orgScoped: true,
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/members/import`, body: csvRoll(), headers: { "content-type": "text/csv" } }),
    probe: { org: "xinyicheng" },
    cases: [
      { who: "李红", org: "sandbox", status: 200, because: "district admin inherits down the tree" },
      { who: "张晓雯", org: "sandbox", status: 200, because: "admin carries down to children" },
      // Allowed, shown without writing: an empty file is refused after the policy check.
      { who: "李红", org: "xinyicheng", body: "", status: 422, code: "validation.failed", because: "allowed (inherited admin); the empty file is then refused" },
      { who: "李红", org: "qibao", body: "", status: 422, code: "validation.failed", because: "allowed (inherited admin); the empty file is then refused" },
      { who: "王海峰", org: "xinyicheng", status: 403, code: DENIED, because: "a reviewer may read but not change the roll" },
      { who: "王海峰", org: "qibao", status: 404, code: HIDDEN, because: "七宝分会 is not under 虹桥镇" },
      { who: "陈思远", org: "qibao", status: 403, code: DENIED, because: "a plain member may not change the roll" },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "赵立群", org: "xinyicheng", status: 404, code: HIDDEN, because: "no standing in 新意城新空间" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member may not change the roll" },
    ],
  },
  {
    route: "POST /orgs/{orgId}/members/import/preview",
    doing: "previews a member roll import into",
    orgScoped: true,
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/members/import/preview`, body: csvRoll(), headers: { "content-type": "text/csv" } }),
    probe: { org: "xinyicheng" },
    cases: [
      { who: "李红", org: "sandbox", status: 200, because: "district admin inherits down the tree" },
      { who: "张晓雯", org: "sandbox", status: 200, because: "admin carries down to children" },
      { who: "赵立群", org: "qibao", status: 200, because: "admin of the org itself" },
      { who: "李红", org: "qibao", body: "", status: 422, code: "validation.failed", because: "allowed (inherited admin); the empty file is then refused" },
      { who: "王海峰", org: "xinyicheng", status: 403, code: DENIED, because: "a reviewer may read but not change the roll, nor see what an import would change" },
      { who: "王海峰", org: "qibao", status: 404, code: HIDDEN, because: "七宝分会 is not under 虹桥镇" },
      { who: "陈思远", org: "qibao", status: 403, code: DENIED, because: "a plain member may not import" },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "赵立群", org: "xinyicheng", status: 404, code: HIDDEN, because: "no standing in 新意城新空间" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member may not import" },
    ],
  },
  {
    route: "POST /orgs/{orgId}/members/{accountId}/reveal",
    doing: "asks to see in full (查看完整) a member of",
    orgScoped: true,
    send: ({ orgId, accountId }) => ({ path: `/orgs/${orgId}/members/${accountId}/reveal`, body: { reason: "verify_identity" } }),
    probe: { org: "xinyicheng", target: "nobody" },
    after: (response) => {
      if (response.status === 200) expect(response.json.phone).toBe(sandbox.member.phone);
    },
    cases: [
      { who: "李红", org: "sandbox", target: "sandbox member", status: 200, because: "district admin inherits down the tree (personal.reveal is the admins')" },
      { who: "张晓雯", org: "sandbox", target: "sandbox member", status: 200, because: "admin carries down to children" },
      { who: "平台管理员", org: "sandbox", target: "sandbox member", status: 200, because: "the platform admin may act anywhere" },
      { who: "李红", org: "xinyicheng", target: "nobody", status: 404, code: "member.not_found", because: "allowed (inherited admin); the account is not on the roll" },
      { who: "王海峰", org: "sandbox", target: "sandbox member", status: 403, code: DENIED, because: "a reviewer reads the roll masked; the full value is for admins" },
      { who: "王海峰", org: "qibao", target: "nobody", status: 404, code: HIDDEN, because: "七宝分会 is not under 虹桥镇" },
      { who: "张晓雯", org: "hongqiao", target: "nobody", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "张晓雯", org: "qibao", target: "nobody", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "赵立群", org: "xinyicheng", target: "nobody", status: 404, code: HIDDEN, because: "no standing in 新意城新空间" },
      { who: "陈思远", org: "xinyicheng", target: "nobody", status: 403, code: DENIED, because: "a plain member may not unmask anyone" },
      { who: "周敏", org: "qibao", target: "nobody", status: 403, code: DENIED, because: "a scrutineer may not unmask anyone" },
      { who: "吴一鸣", org: "district", target: "nobody", status: 403, code: DENIED, because: "a judge may not unmask anyone" },
      { who: "吴一鸣", org: "hongqiao", target: "nobody", status: 404, code: HIDDEN, because: "the judge role does not carry down the tree" },
      { who: "沙盒会员", org: "sandbox", target: "sandbox member", status: 403, code: DENIED, because: "a plain member may not unmask, not even their own roll entry (that is 我的个人信息)" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/personal-data/access-log",
    doing: "reads the 个人信息访问记录 of",
    orgScoped: true,
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/personal-data/access-log` }),
    probe: { org: "xinyicheng" },
    after: (response) => {
      if (response.status === 200) expect(response.json).toMatchObject({ items: expect.any(Array), broken: [] });
    },
    cases: [
      { who: "李红", org: "district", status: 200, because: "the office's admin reads its subtree's log" },
      { who: "李红", org: "xinyicheng", status: 200, because: "district admin inherits down the tree" },
      { who: "张晓雯", org: "sandbox", status: 200, because: "admin carries down to children" },
      { who: "平台管理员", org: "qibao", status: 200, because: "the platform admin may act anywhere" },
      { who: "王海峰", org: "hongqiao", status: 403, code: DENIED, because: "personal.audit is the admins'" },
      { who: "王海峰", org: "qibao", status: 404, code: HIDDEN, because: "七宝分会 is not under 虹桥镇" },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "赵立群", org: "xinyicheng", status: 404, code: HIDDEN, because: "no standing in 新意城新空间" },
      { who: "陈思远", org: "xinyicheng", status: 403, code: DENIED, because: "a plain member may not read the log" },
      { who: "周敏", org: "qibao", status: 403, code: DENIED, because: "a scrutineer may not read the log" },
      { who: "吴一鸣", org: "district", status: 403, code: DENIED, because: "a judge may not read the log" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member may not read the log" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
];

/** Routes anyone may call: a stale or broken session never stands in the way. */
const PUBLIC: Array<{ route: string; send: () => { path: string; body?: unknown }; status: number }> = [
  { route: "GET /health", send: () => ({ path: "/health" }), status: 200 },
  { route: "POST /auth/login", send: () => ({ path: "/auth/login", body: sandboxLogin() }), status: 200 },
  { route: "GET /openapi.json", send: () => ({ path: "/openapi.json" }), status: 200 },
];

describeMatrix(PROTECTED, ORGS);

describe.each(PUBLIC)("$route is public", (spec) => {
  it.each(NO_SESSION)(`answers %s with ${spec.status}`, async (who) => {
    const request = spec.send();
    const caller = brokenSession(who);
    const response = await call(spec.route.split(" ")[0]!, request.path, { token: caller.token, headers: caller.headers, body: request.body });
    expect(response.status, response.text).toBe(spec.status);
  });
});

// ---------------------------------------------------------------------------------------
// What the matrix promises about itself and about hiding orgs
// ---------------------------------------------------------------------------------------

describeGuards({
  file: "authorization.test.ts",
  specs: PROTECTED,
  publicRoutes: PUBLIC.map((spec) => spec.route),
  scoped: (spec) => (spec as OrgRouteSpec).orgScoped,
  hidden: (c) => c.code === HIDDEN && c.org !== "missing",
});

describe("an org you have no standing in looks exactly like one that does not exist", () => {
  const pairs: Array<{ spec: OrgRouteSpec; who: Person; org: OrgKey }> = PROTECTED.filter((spec) => spec.orgScoped).flatMap((spec) =>
    [{ spec, who: "张晓雯" as const, org: "qibao" as const }, { spec, who: "赵立群" as const, org: "xinyicheng" as const }],
  );

  it.each(pairs.map((pair) => [`${pair.spec.route}: ${pair.who} on ${ORG_LABELS[pair.org]} vs a made-up id`, pair] as const))("%s", async (_name, { spec, who, org }) => {
    const target = spec.route.includes("{accountId}") ? "nobody" : undefined;
    const { response: hidden } = await ask({ token: token(who) }, spec, ORGS, { org, target });
    const { response: missing } = await ask({ token: token(who) }, spec, ORGS, { org: "missing", target });
    expectSameProblem(hidden, missing, 404, HIDDEN);
  });
});

describe("without a session, real and made-up org ids get the same answer (no probing)", () => {
  it.each(PROTECTED.filter((spec) => spec.orgScoped))("$route", async (spec) => {
    const { response: real } = await ask({}, spec, ORGS, spec.probe);
    const { response: madeUp } = await ask({}, spec, ORGS, { ...spec.probe, org: "missing" });
    expectProblem(real, 401, "auth.required");
    expectProblem(madeUp, 401, "auth.required");
  });
});

describe("what the allowed cases did is visible to the people who did it", () => {
  it("李红 sees the person she added to the throwaway org on its roll, and 王海峰 can read that roll too", async () => {
    const phone = uniquePhone();
    const added = await call("POST", `/orgs/${sandbox.orgId}/members`, { token: token("李红"), body: { name: "区里加的人", phone } });
    expect(added.status).toBe(201);
    for (const who of ["李红", "王海峰", "张晓雯"] as const) {
      const roll = await call("GET", `/orgs/${sandbox.orgId}/members?limit=200`, { token: token(who) });
      expect(roll.status).toBe(200);
      expect(roll.json.items.map((m: { phone: string }) => m.phone)).toContain(maskPhone(phone));
    }
  });

  it("a member removed by an inherited admin is gone from the roll", async () => {
    const accountId = await freshSandboxMember();
    expect((await call("DELETE", `/orgs/${sandbox.orgId}/members/${accountId}`, { token: token("李红") })).status).toBe(204);
    const roll = await call("GET", `/orgs/${sandbox.orgId}/members?limit=200`, { token: token("张晓雯") });
    expect(roll.json.items.map((m: { accountId: string }) => m.accountId)).not.toContain(accountId);
  });

  it("the org detail tells each caller which roles they hold there, inherited ones included", async () => {
    const asWang = await call("GET", `/orgs/${demoOrgs().xinyicheng}`, { token: token("王海峰") });
    expect(asWang.json.myRoles).toEqual(["reviewer"]);
    const asLi = await call("GET", `/orgs/${sandbox.orgId}`, { token: token("李红") });
    expect([...asLi.json.myRoles].sort()).toEqual(["admin", "reviewer"]);
    const asMember = await call("GET", `/orgs/${sandbox.orgId}`, { token: token("沙盒会员") });
    expect(asMember.json.myRoles).toEqual(["member"]);
  });
});
