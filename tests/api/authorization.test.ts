/**
 * The authorization matrix: every route the API serves, called by every kind of caller
 * that matters — nobody, a broken or revoked session, someone with the wrong role, someone
 * with no standing in the org, and the people whose roles reach the org from above.
 *
 * Writes only land in a throwaway org created under 新意城新空间 (and, for the platform
 * admin, in a new root org), with fresh phone numbers, so other test files see the demo
 * tree as seeded. Where a case proves that an admin is *allowed* to manage a demo org, it
 * uses a request that passes the policy and is then refused by the roll itself (an
 * unknown account, a person already on it, an empty file), so nothing is written there.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "@tongxin/core/ids";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { app } from "../../packages/functions/src/app";
import { call, demoOrgs, uniquePhone } from "../support/api";

// ---------------------------------------------------------------------------------------
// Who calls
// ---------------------------------------------------------------------------------------

const PEOPLE = {
  李红: { login: "13800000001", label: "李红 (admin+reviewer of 闵行区委统战部)" },
  王海峰: { login: "13800000002", label: "王海峰 (reviewer of 虹桥镇)" },
  张晓雯: { login: "13800000003", label: "张晓雯 (admin+member of 新意城新空间)" },
  陈思远: { login: "13800000004", label: "陈思远 (plain member of 新意城新空间 and 七宝分会)" },
  赵立群: { login: "13800000005", label: "赵立群 (admin+member of 七宝分会)" },
  周敏: { login: "13800000006", label: "周敏 (member+scrutineer of 七宝分会)" },
  吴一鸣: { login: "13800000007", label: "吴一鸣 (judge of 闵行区委统战部)" },
  平台管理员: { login: "admin@tongxin.local", label: "the platform admin" },
} as const;

type DemoPerson = keyof typeof PEOPLE;
/** 沙盒会员: a fresh person who is a plain member of the throwaway org only. */
type Person = DemoPerson | "沙盒会员";

const SANDBOX_MEMBER_PASSWORD = "Sandbox@2026-matrix";

/** Callers without a usable session. */
const NO_SESSION = ["no session", "a garbage bearer token", "a garbage session cookie", "a token with a forged signature", "an unsigned (alg: none) token", "a signed-out token"] as const;
type NoSession = (typeof NO_SESSION)[number];

// ---------------------------------------------------------------------------------------
// Where
// ---------------------------------------------------------------------------------------

type DemoOrgKey = "district" | "association" | "qibao" | "hongqiao" | "xinyicheng" | "chamber" | "pujin" | "zhixinhui";
/** `sandbox`: a throwaway child of 新意城新空间; `missing`: an id no org has; `root`: no parent (POST /orgs). */
type OrgKey = DemoOrgKey | "sandbox" | "missing" | "root";

const ORG_LABELS: Record<OrgKey, string> = {
  district: "闵行区委统战部",
  association: "闵行区新联会",
  qibao: "七宝分会",
  hongqiao: "虹桥镇",
  xinyicheng: "新意城新空间",
  chamber: "虹桥镇商会",
  pujin: "浦锦街道",
  zhixinhui: "浦锦知新荟",
  sandbox: "a throwaway org under 新意城新空间",
  missing: "an org id that does not exist",
  root: "the top of the tree (no parent)",
};

/** Whose membership a PATCH/DELETE names: a fresh member made for the case, an account on no roll, or the sandbox member. */
type Target = "fresh" | "nobody" | "sandbox member";

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

const tokens = new Map<Person, string>();
const broken = new Map<NoSession, { headers?: Record<string, string>; token?: string }>();
let sandboxId = "";
let sandboxMember = { accountId: "", phone: "" };
const MISSING_ORG = newId();
const NOBODY = newId();

/** Signs in; a 429 can come from another test file signing the same demo person in at the same instant. */
async function signInAs(login: string, password = DEMO_PASSWORD): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await call("POST", "/auth/login", { body: { login, password } });
    if (response.status === 200) return response.json.token as string;
    if (response.status !== 429 || attempt >= 5) throw new Error(`sign-in as ${login} failed: ${response.status} ${response.text}`);
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get("retry-after") ?? 1)));
  }
}

function token(person: Person): string {
  const value = tokens.get(person);
  if (!value) throw new Error(`no session for ${person}`);
  return value;
}

function orgIdOf(key: OrgKey): string | null {
  if (key === "root") return null;
  if (key === "sandbox") return sandboxId;
  if (key === "missing") return MISSING_ORG;
  return demoOrgs()[key]!;
}

/** A new person on the sandbox roll, added by 张晓雯 (admin of its parent), for one destructive case. */
async function freshSandboxMember(): Promise<string> {
  const response = await call("POST", `/orgs/${sandboxId}/members`, { token: token("张晓雯"), body: { name: "矩阵待删", phone: uniquePhone() } });
  expect(response.status, response.text).toBe(201);
  return response.json.accountId as string;
}

async function targetId(target: Target | undefined): Promise<string> {
  if (target === "fresh") return freshSandboxMember();
  if (target === "sandbox member") return sandboxMember.accountId;
  return NOBODY;
}

beforeAll(async () => {
  for (const [person, { login }] of Object.entries(PEOPLE)) tokens.set(person as DemoPerson, await signInAs(login));

  const sandbox = await call("POST", "/orgs", {
    token: token("张晓雯"),
    body: { name: `授权矩阵沙盒${Date.now().toString(36)}`, kind: "new_space", parentId: demoOrgs().xinyicheng },
  });
  expect(sandbox.status, sandbox.text).toBe(201);
  sandboxId = sandbox.json.orgId;

  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${sandboxId}/members`, {
    token: token("张晓雯"),
    body: { name: "沙盒会员", phone, roles: ["member"], initialPassword: SANDBOX_MEMBER_PASSWORD },
  });
  expect(added.status, added.text).toBe(201);
  sandboxMember = { accountId: added.json.accountId, phone };
  tokens.set("沙盒会员", await signInAs(phone, SANDBOX_MEMBER_PASSWORD));

  const real = token("陈思远");
  const [header, payload] = real.split(".");
  const unsignedHeader = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
  const signedOut = await signInAs(phone, SANDBOX_MEMBER_PASSWORD);
  expect((await call("POST", "/auth/logout", { token: signedOut })).status).toBe(204);
  broken.set("no session", {});
  broken.set("a garbage bearer token", { token: "not-a-session-token" });
  broken.set("a garbage session cookie", { headers: { cookie: "tx_session=garbage.garbage.garbage" } });
  broken.set("a token with a forged signature", { token: `${header}.${payload}.${"A".repeat(43)}` });
  broken.set("an unsigned (alg: none) token", { token: `${unsignedHeader}.${payload}.` });
  broken.set("a signed-out token", { token: signedOut });
});

// ---------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------

interface Case {
  who: Person;
  /** The org in the path, or the parent for POST /orgs. */
  org?: OrgKey;
  target?: Target;
  /** Replaces the route's usual body. */
  body?: unknown;
  /** Sign in anew for this case (the case ends the session). */
  freshSession?: boolean;
  status: number;
  code?: string;
  /** Why, in the policy's terms. */
  because: string;
}

interface RouteSpec {
  /** "METHOD /path" exactly as the OpenAPI document names it, without the /api prefix. */
  route: string;
  /** What the caller is trying to do, for test names. */
  doing: string;
  /** The route names an org (in the path, or as the parent in the body). */
  orgScoped: boolean;
  send(where: { orgId: string | null; accountId: string }): { path: string; body?: unknown; headers?: Record<string, string> };
  /** A request every no-session caller makes (must be well-formed, so only the session decides). */
  probe: { org?: OrgKey; target?: Target };
  cases: Case[];
}

const csvRoll = () => `姓名,手机\n矩阵导入,${uniquePhone()}\n`;

const DENIED = "access.denied";
const HIDDEN = "org.not_found";
/**
 * Someone who belongs to an org *beneath* this one is not a stranger to it (they see it among
 * their org's ancestors), so the policy answers 403, not 404 (`belongsWithin` in
 * packages/core/src/access/policy.ts) — but no role ever carries up the tree.
 */
const UP_THE_TREE = "belonging to an org beneath counts as standing (403, not hidden), but roles never carry up the tree";

const PROTECTED: RouteSpec[] = [
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
    route: "POST /orgs",
    doing: "creates a child org under",
    orgScoped: true,
    send: ({ orgId }) => ({ path: "/orgs", body: { name: `矩阵子组织${newId().slice(0, 6)}`, kind: "new_space", parentId: orgId } }),
    probe: { org: "xinyicheng" },
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
      { who: "李红", org: "xinyicheng", status: 200, because: "district admin inherits down the tree" },
      { who: "李红", org: "qibao", status: 200, because: "district admin inherits down the tree" },
      { who: "王海峰", org: "xinyicheng", status: 200, because: "a reviewer of 虹桥镇 inherits to 新意城新空间" },
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
];

/** Routes anyone may call: a stale or broken session never stands in the way. */
const PUBLIC: Array<{ route: string; send: () => { path: string; body?: unknown }; status: number }> = [
  { route: "GET /health", send: () => ({ path: "/health" }), status: 200 },
  { route: "POST /auth/login", send: () => ({ path: "/auth/login", body: { login: sandboxMember.phone, password: SANDBOX_MEMBER_PASSWORD } }), status: 200 },
  { route: "GET /openapi.json", send: () => ({ path: "/openapi.json" }), status: 200 },
];

// ---------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------

async function asCaller(caller: { token?: string; headers?: Record<string, string> }, spec: RouteSpec, org: OrgKey | undefined, target: Target | undefined, body?: unknown) {
  const request = spec.send({ orgId: org ? orgIdOf(org) : null, accountId: await targetId(target) });
  const [method] = spec.route.split(" ");
  return call(method!, request.path, {
    token: caller.token,
    body: body === undefined ? request.body : body,
    headers: { ...request.headers, ...caller.headers },
  });
}

function expectProblem(response: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(response.json).toMatchObject({ status, code, type: `urn:tongxin:problem:${code}` });
}

const caseName = (spec: RouteSpec, c: Case) =>
  `${PEOPLE[c.who as DemoPerson]?.label ?? "沙盒会员 (plain member of the throwaway org)"} ${spec.doing}${spec.orgScoped ? ` ${ORG_LABELS[c.org!]}` : ""}` +
  `${c.target === "nobody" ? " (an account not on the roll)" : c.target === "sandbox member" ? " (the sandbox member)" : ""}` +
  ` → ${c.status}${c.code ? ` ${c.code}` : ""}: ${c.because}`;

describe.each(PROTECTED)("$route", (spec) => {
  it.each(NO_SESSION)(`with %s → 401 auth.required`, async (who) => {
    const response = await asCaller(broken.get(who)!, spec, spec.probe.org, spec.probe.target);
    expectProblem(response, 401, "auth.required");
  });

  it.each(spec.cases.map((c) => [caseName(spec, c), c] as const))("%s", async (_name, c) => {
    const caller = { token: c.freshSession ? await signInAs(c.who === "沙盒会员" ? sandboxMember.phone : PEOPLE[c.who as DemoPerson].login, c.who === "沙盒会员" ? SANDBOX_MEMBER_PASSWORD : DEMO_PASSWORD) : token(c.who) };
    const response = await asCaller(caller, spec, c.org, c.target, c.body);
    if (c.code) expectProblem(response, c.status, c.code);
    else expect(response.status, response.text).toBe(c.status);
    if (c.status === 201 && spec.route === "POST /orgs") expect(response.json.parentId).toBe(orgIdOf(c.org!));
    if (c.status === 201 && spec.route === "POST /orgs/{orgId}/members") expect(response.json.orgId).toBe(orgIdOf(c.org!));
  });
});

describe.each(PUBLIC)("$route is public", (spec) => {
  it.each(NO_SESSION)(`answers %s with ${spec.status}`, async (who) => {
    const request = spec.send();
    const caller = broken.get(who)!;
    const response = await call(spec.route.split(" ")[0]!, request.path, { token: caller.token, headers: caller.headers, body: request.body });
    expect(response.status, response.text).toBe(spec.status);
  });
});

// ---------------------------------------------------------------------------------------
// What the matrix promises about itself and about hiding orgs
// ---------------------------------------------------------------------------------------

describe("the matrix covers the whole API", () => {
  const matrixRoutes = () => [...PROTECTED.map((spec) => spec.route), ...PUBLIC.map((spec) => spec.route)];
  const withoutRow = (routes: string[]) => [...new Set(routes)].filter((route) => !matrixRoutes().includes(route)).sort();
  /** Fails listing every route that has no row, so whoever added a route sees what to add. */
  const expectAllCovered = (routes: string[], what: string) => {
    const missing = withoutRow(routes);
    expect(missing, `${what} with no row in the authorization matrix:\n  ${missing.join("\n  ")}\n`).toEqual([]);
  };
  const documentedRoutes = async () => {
    const doc = await call("GET", "/openapi.json");
    return Object.entries(doc.json.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/^\/api/, "")}`),
    );
  };

  it("every route registered in the OpenAPI registry has a row in the matrix", () => {
    const registered = app.openAPIRegistry.definitions.flatMap((definition) =>
      definition.type === "route" ? [`${definition.route.method.toUpperCase()} ${definition.route.path.replace(/^\/api/, "")}`] : [],
    );
    expect(registered.length).toBeGreaterThan(0);
    expectAllCovered(registered, "routes in the OpenAPI registry");
  });

  it("every operation in /api/openapi.json has a row in the matrix", async () => {
    expectAllCovered(await documentedRoutes(), "operations in /api/openapi.json");
  });

  it("the matrix names no route the API lacks", async () => {
    const documented = [...(await documentedRoutes()), "GET /openapi.json"];
    expect(matrixRoutes().filter((route) => !documented.includes(route)), "matrix rows for routes that do not exist").toEqual([]);
  });

  it("every handler mounted on the app (OpenAPI or not) has a row in the matrix", () => {
    const mounted = app.routes
      .filter((route) => route.method !== "ALL" && route.path.startsWith("/api/"))
      .map((route) => `${route.method} ${route.path.replace(/^\/api/, "").replace(/:(\w+)/g, "{$1}")}`);
    expectAllCovered(mounted, "handlers mounted on the app");
  });

  it.each(PROTECTED)("every status a client can get from $route in this matrix is documented in /api/openapi.json", async (spec) => {
    const doc = await call("GET", "/openapi.json");
    const [method, path] = spec.route.split(" ");
    const operation = doc.json.paths[`/api${path}`]?.[method!.toLowerCase()];
    expect(operation, `${spec.route} is not in the OpenAPI document`).toBeDefined();
    const documented = Object.keys(operation.responses).map(Number);
    const observed = [...new Set([401, ...spec.cases.map((c) => c.status)])].sort();
    expect(documented).toEqual(expect.arrayContaining(observed));
  });

  it.each(PROTECTED.filter((spec) => spec.orgScoped))("$route has allowed, forbidden and hidden-org cases", (spec) => {
    expect(spec.cases.some((c) => c.status < 300)).toBe(true);
    expect(spec.cases.some((c) => c.code === DENIED)).toBe(true);
    expect(spec.cases.some((c) => c.code === HIDDEN && c.org !== "missing")).toBe(true);
  });
});

describe("an org you have no standing in looks exactly like one that does not exist", () => {
  const pairs: Array<{ spec: RouteSpec; who: Person; org: OrgKey }> = PROTECTED.filter((spec) => spec.orgScoped).flatMap((spec) =>
    [{ spec, who: "张晓雯" as const, org: "qibao" as const }, { spec, who: "赵立群" as const, org: "xinyicheng" as const }],
  );

  it.each(pairs.map((pair) => [`${pair.spec.route}: ${pair.who} on ${ORG_LABELS[pair.org]} vs a made-up id`, pair] as const))("%s", async (_name, { spec, who, org }) => {
    const target = spec.route.includes("{accountId}") ? "nobody" : undefined;
    const hidden = await asCaller({ token: token(who) }, spec, org, target);
    const missing = await asCaller({ token: token(who) }, spec, "missing", target);
    expectProblem(hidden, 404, HIDDEN);
    expectProblem(missing, 404, HIDDEN);
    const { instance: hiddenInstance, ...hiddenBody } = hidden.json;
    const { instance: missingInstance, ...missingBody } = missing.json;
    expect(hiddenInstance).toEqual(expect.any(String));
    expect(missingInstance).toEqual(expect.any(String));
    expect(hiddenBody).toEqual(missingBody);
    expect(hidden.headers.get("content-type")).toBe(missing.headers.get("content-type"));
  });
});

describe("without a session, real and made-up org ids get the same answer (no probing)", () => {
  it.each(PROTECTED.filter((spec) => spec.orgScoped))("$route", async (spec) => {
    const real = await asCaller({}, spec, spec.probe.org, spec.probe.target);
    const madeUp = await asCaller({}, spec, "missing", spec.probe.target);
    expectProblem(real, 401, "auth.required");
    expectProblem(madeUp, 401, "auth.required");
  });
});

describe("what the allowed cases did is visible to the people who did it", () => {
  it("李红 sees the person she added to the throwaway org on its roll, and 王海峰 can read that roll too", async () => {
    const phone = uniquePhone();
    const added = await call("POST", `/orgs/${sandboxId}/members`, { token: token("李红"), body: { name: "区里加的人", phone } });
    expect(added.status).toBe(201);
    for (const who of ["李红", "王海峰", "张晓雯"] as const) {
      const roll = await call("GET", `/orgs/${sandboxId}/members?limit=200`, { token: token(who) });
      expect(roll.status).toBe(200);
      expect(roll.json.items.map((m: { phone: string }) => m.phone)).toContain(phone);
    }
  });

  it("a member removed by an inherited admin is gone from the roll", async () => {
    const accountId = await freshSandboxMember();
    expect((await call("DELETE", `/orgs/${sandboxId}/members/${accountId}`, { token: token("李红") })).status).toBe(204);
    const roll = await call("GET", `/orgs/${sandboxId}/members?limit=200`, { token: token("张晓雯") });
    expect(roll.json.items.map((m: { accountId: string }) => m.accountId)).not.toContain(accountId);
  });

  it("the org detail tells each caller which roles they hold there, inherited ones included", async () => {
    const asWang = await call("GET", `/orgs/${demoOrgs().xinyicheng}`, { token: token("王海峰") });
    expect(asWang.json.myRoles).toEqual(["reviewer"]);
    const asLi = await call("GET", `/orgs/${sandboxId}`, { token: token("李红") });
    expect([...asLi.json.myRoles].sort()).toEqual(["admin", "reviewer"]);
    const asMember = await call("GET", `/orgs/${sandboxId}`, { token: token("沙盒会员") });
    expect(asMember.json.myRoles).toEqual(["member"]);
  });
});
