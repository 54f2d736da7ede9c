/**
 * What the authorization matrix files (tests/api/authorization*.test.ts) share: who calls,
 * the sessions that must not work, the throwaway org, how a row is run, and the guards that
 * fail when a route the API serves has no row.
 *
 * Each matrix file owns the routes `matrixFileOf` gives it, so every route has its rows in
 * exactly one file, and each file's guards check its own share.
 */
import { describe, expect, it } from "vitest";
import { newId } from "@tongxin/core/ids";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { app } from "../../packages/functions/src/app";
import { call, demoOrgs, uniquePhone } from "./api";
import { acceptInvitationOf } from "./invitations";

// ---------------------------------------------------------------------------------------
// Who calls
// ---------------------------------------------------------------------------------------

export const PEOPLE = {
  李红: { login: "13800000001", label: "李红 (admin+reviewer of 闵行区委统战部)" },
  王海峰: { login: "13800000002", label: "王海峰 (reviewer of 虹桥镇)" },
  张晓雯: { login: "13800000003", label: "张晓雯 (admin+member of 新意城新空间)" },
  陈思远: { login: "13800000004", label: "陈思远 (plain member of 新意城新空间 and 七宝分会)" },
  赵立群: { login: "13800000005", label: "赵立群 (admin+member of 七宝分会)" },
  周敏: { login: "13800000006", label: "周敏 (member+scrutineer of 七宝分会)" },
  吴一鸣: { login: "13800000007", label: "吴一鸣 (judge of 闵行区委统战部)" },
  平台管理员: { login: "admin@tongxin.local", label: "the platform admin" },
} as const;

export type DemoPerson = keyof typeof PEOPLE;
/** 沙盒会员: a fresh person who is a plain member of the throwaway org only. */
export type Person = DemoPerson | "沙盒会员";

const SANDBOX_MEMBER_PASSWORD = "Sandbox@2026-matrix";

export const personLabel = (who: Person) => (who === "沙盒会员" ? "沙盒会员 (plain member of the throwaway org)" : PEOPLE[who].label);

/** Callers without a usable session. */
export const NO_SESSION = ["no session", "a garbage bearer token", "a garbage session cookie", "a token with a forged signature", "an unsigned (alg: none) token", "a signed-out token"] as const;
export type NoSession = (typeof NO_SESSION)[number];

// ---------------------------------------------------------------------------------------
// Where
// ---------------------------------------------------------------------------------------

export type DemoOrgKey = "district" | "association" | "qibao" | "hongqiao" | "xinyicheng" | "chamber" | "pujin" | "zhixinhui";
/** `sandbox`: a throwaway child of 新意城新空间; `missing`: an id no org has; `root`: no parent (POST /orgs). */
export type OrgKey = DemoOrgKey | "sandbox" | "missing" | "root";

export const ORG_LABELS: Record<OrgKey, string> = {
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

export const DENIED = "access.denied";
export const HIDDEN = "org.not_found";
/**
 * Someone who belongs to an org *beneath* this one is not a stranger to it (they see it among
 * their org's ancestors), so the policy answers 403, not 404 (`belongsWithin` in
 * packages/core/src/access/policy.ts) — but no role ever carries up the tree.
 */
export const UP_THE_TREE = "belonging to an org beneath counts as standing (403, not hidden), but roles never carry up the tree";

// ---------------------------------------------------------------------------------------
// Fixtures: every matrix file signs everyone in and makes its own throwaway org
// ---------------------------------------------------------------------------------------

const tokens = new Map<Person, string>();
const broken = new Map<NoSession, Caller>();
/** The throwaway org and its one member, made by `prepareMatrix`. */
export const sandbox = { orgId: "", member: { accountId: "", phone: "" } };
export const MISSING_ORG = newId();

export interface Caller {
  token?: string;
  headers?: Record<string, string>;
}

/** Signs in; a 429 can come from another test file signing the same demo person in at the same instant. */
export async function signInAs(login: string, password = DEMO_PASSWORD): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await call("POST", "/auth/login", { body: { login, password, delivery: "token" } });
    if (response.status === 200) return response.json.token as string;
    if (response.status !== 429 || attempt >= 5) throw new Error(`sign-in as ${login} failed: ${response.status} ${response.text}`);
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get("retry-after") ?? 1)));
  }
}

/** A new session for the person (for a case that ends it). */
export function signInAgain(person: Person): Promise<string> {
  return person === "沙盒会员" ? signInAs(sandbox.member.phone, SANDBOX_MEMBER_PASSWORD) : signInAs(PEOPLE[person].login);
}

export function token(person: Person): string {
  const value = tokens.get(person);
  if (!value) throw new Error(`no session for ${person}`);
  return value;
}

export function brokenSession(who: NoSession): Caller {
  const caller = broken.get(who);
  if (!caller) throw new Error(`no caller for ${who}`);
  return caller;
}

export function orgIdOf(key: OrgKey): string | null {
  if (key === "root") return null;
  if (key === "sandbox") return sandbox.orgId;
  if (key === "missing") return MISSING_ORG;
  return demoOrgs()[key]!;
}

/** The login of the sandbox member, for the public POST /auth/login row. */
export const sandboxLogin = () => ({ login: sandbox.member.phone, password: SANDBOX_MEMBER_PASSWORD });

/** Signs every demo person in, makes the throwaway org with its member, and the broken sessions. Call in `beforeAll`. */
export async function prepareMatrix(): Promise<void> {
  for (const [person, { login }] of Object.entries(PEOPLE)) tokens.set(person as DemoPerson, await signInAs(login));

  const made = await call("POST", "/orgs", {
    token: token("张晓雯"),
    body: { name: `授权矩阵沙盒${Date.now().toString(36)}${newId().slice(-4)}`, kind: "new_space", parentId: demoOrgs().xinyicheng },
  });
  expect(made.status, made.text).toBe(201);
  sandbox.orgId = made.json.orgId;

  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${sandbox.orgId}/members`, {
    token: token("张晓雯"),
    body: { name: "沙盒会员", phone, roles: ["member"] },
  });
  await acceptInvitationOf(added.json.accountId, SANDBOX_MEMBER_PASSWORD);
  expect(added.status, added.text).toBe(201);
  sandbox.member = { accountId: added.json.accountId, phone };
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
}

// ---------------------------------------------------------------------------------------
// Rows and how they run
// ---------------------------------------------------------------------------------------

export type Reply = Awaited<ReturnType<typeof call>>;

export interface Request {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One row: who calls, at which place (`P`: the ids the route names), and what they must get. */
export type Case<P, W> = P & {
  who: Person;
  /** Replaces the route's usual body (a function gets the resolved ids). */
  body?: unknown | ((where: W) => unknown);
  /** Sign in anew for this case (the case ends the session). */
  freshSession?: boolean;
  /** The session to call with, made for this case (the case ends every session its person has, so not a shared person's). */
  session?: () => Promise<string>;
  status: number;
  code?: string;
  /** Why, in the policy's terms. */
  because: string;
  /** What an allowed answer must (not) show this caller. */
  check?: (response: Reply, where: W) => void;
};

export interface RouteSpec<P, W> {
  /** "METHOD /path" exactly as the OpenAPI document names it, without the /api prefix. */
  route: string;
  /** Tells two specs of one route apart (e.g. the JSON page and the CSV export). */
  variant?: string;
  /** What the caller is trying to do, for test names. */
  doing: string;
  send(where: W): Request;
  /** A place every no-session caller asks about (must be well-formed and real, so only the session decides). */
  probe: P;
  cases: Array<Case<P, W>>;
  /** Checked after every case (e.g. the org a 201 landed in). */
  after?: (response: Reply, where: W, c: Case<P, W>) => void;
  /** Why no row of this route can be 403 (the action reaches everyone with standing). */
  neverForbidden?: string;
}

export interface Domain<P, W> {
  /** Turns a place into ids (may create a fresh target for a destructive case). */
  resolve(place: P): Promise<W>;
  /** The place as it reads in a test name (with a leading space). */
  label(spec: RouteSpec<P, W>, place: P): string;
}

export const specTitle = (spec: { route: string; variant?: string }) => (spec.variant ? `${spec.route} (${spec.variant})` : spec.route);

export async function ask<P, W>(caller: Caller, spec: RouteSpec<P, W>, domain: Domain<P, W>, place: P, body?: unknown): Promise<{ response: Reply; where: W }> {
  const where = await domain.resolve(place);
  const request = spec.send(where);
  const [method] = spec.route.split(" ");
  const response = await call(method!, request.path, {
    token: caller.token,
    body: body === undefined ? request.body : typeof body === "function" ? body(where) : body,
    headers: { ...request.headers, ...caller.headers },
  });
  return { response, where };
}

export function expectProblem(response: Reply, status: number, code: string) {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(response.json).toMatchObject({ status, code, type: `urn:tongxin:problem:${code}` });
}

/** Two answers a client cannot tell apart: same status, same problem (but for its `instance`), same content type. */
export function expectSameProblem(hidden: Reply, missing: Reply, status: number, code: string) {
  expectProblem(hidden, status, code);
  expectProblem(missing, status, code);
  const { instance: hiddenInstance, ...hiddenBody } = hidden.json;
  const { instance: missingInstance, ...missingBody } = missing.json;
  expect(hiddenInstance).toEqual(expect.any(String));
  expect(missingInstance).toEqual(expect.any(String));
  expect(hiddenBody).toEqual(missingBody);
  expect(hidden.headers.get("content-type")).toBe(missing.headers.get("content-type"));
}

/** For each route: every broken session gets 401, then every row. */
export function describeMatrix<P, W>(specs: Array<RouteSpec<P, W>>, domain: Domain<P, W>) {
  const caseName = (spec: RouteSpec<P, W>, c: Case<P, W>) =>
    `${personLabel(c.who)} ${spec.doing}${domain.label(spec, c)} → ${c.status}${c.code ? ` ${c.code}` : ""}: ${c.because}`;

  describe.each(specs.map((spec) => [specTitle(spec), spec] as const))("%s", (_title, spec) => {
    it.each(NO_SESSION)(`with %s → 401 auth.required`, async (who) => {
      const { response } = await ask(brokenSession(who), spec, domain, spec.probe);
      expectProblem(response, 401, "auth.required");
    });

    it.each(spec.cases.map((c) => [caseName(spec, c), c] as const))("%s", async (_name, c) => {
      const caller = { token: c.session ? await c.session() : c.freshSession ? await signInAgain(c.who) : token(c.who) };
      const { response, where } = await ask(caller, spec, domain, c, c.body);
      if (c.code) expectProblem(response, c.status, c.code);
      else expect(response.status, response.text).toBe(c.status);
      c.check?.(response, where);
      spec.after?.(response, where, c);
    });
  });
}

// ---------------------------------------------------------------------------------------
// Guards: each file's share of the API has rows, and its rows tell the truth about the API
// ---------------------------------------------------------------------------------------

export type MatrixFile =
  | "authorization.test.ts"
  | "authorization-forms.test.ts"
  | "authorization-workflows.test.ts"
  | "authorization-activities.test.ts"
  | "authorization-elections.test.ts"
  | "authorization-campaigns.test.ts"
  | "authorization-messages.test.ts";

/**
 * The file that holds a route's rows ("METHOD /path" without the /api prefix): approval routes
 * (workflows, instances, inbox) in authorization-workflows.test.ts, even when they hang under a
 * form; activities (with the proposal route, calendar and stats) in
 * authorization-activities.test.ts; elections in authorization-elections.test.ts; campaigns (with
 * their objections and public page) in authorization-campaigns.test.ts; forms,
 * submissions and uploads in authorization-forms.test.ts; messages and the SMS-code sign-in routes in
 * authorization-messages.test.ts; everything else in authorization.test.ts.
 */
export function matrixFileOf(route: string): MatrixFile {
  const path = route.split(" ")[1] ?? "";
  if (/^\/messages(\/|$)/.test(path) || /^\/auth\/(sms-code|login\/sms|password\/reset|invitation|invitation\/accept)$/.test(path)) return "authorization-messages.test.ts";
  if (/\/(campaigns|objections|working-days)(\/|$)/.test(path)) return "authorization-campaigns.test.ts";
  if (/\/(workflows?|instances|inbox)(\/|$)/.test(path)) return "authorization-workflows.test.ts";
  if (/\/(activities|calendar|stats)(\/|$)/.test(path)) return "authorization-activities.test.ts";
  if (/\/elections(\/|$)/.test(path)) return "authorization-elections.test.ts";
  const forms = /\/(forms|submissions|uploads|receipts)(\/|$)/.test(path) && !/\/(workflows?|instances|inbox)(\/|$)/.test(path);
  return forms ? "authorization-forms.test.ts" : "authorization.test.ts";
}

interface GuardOptions<P, W> {
  file: MatrixFile;
  specs: Array<RouteSpec<P, W>>;
  /** Routes with rows in this file that need no session. */
  publicRoutes?: string[];
  /** Which specs name an org, form, submission or upload (and so must show allowed, forbidden and hidden rows). */
  scoped(spec: RouteSpec<P, W>): boolean;
  /** A row where a real place is hidden from someone with no standing (404, not a made-up id). */
  hidden(c: Case<P, W>): boolean;
}

async function documentedRoutes(): Promise<string[]> {
  const doc = await call("GET", "/openapi.json");
  return Object.entries(doc.json.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/^\/api/, "")}`),
  );
}

export function describeGuards<P, W>({ file, specs, publicRoutes = [], scoped, hidden }: GuardOptions<P, W>) {
  describe(`the matrix in ${file} covers its share of the API`, () => {
    const matrixRoutes = () => [...specs.map((spec) => spec.route), ...publicRoutes];
    const ours = (routes: string[]) => [...new Set(routes)].filter((route) => matrixFileOf(route) === file);
    /** Fails listing every route that has no row, so whoever added a route sees what to add. */
    const expectAllCovered = (routes: string[], what: string) => {
      const missing = ours(routes).filter((route) => !matrixRoutes().includes(route)).sort();
      expect(missing, `${what} with no row in the authorization matrix (${file}):\n  ${missing.join("\n  ")}\n`).toEqual([]);
    };

    it("every route registered in the OpenAPI registry has a row in the matrix", () => {
      const registered = app.openAPIRegistry.definitions.flatMap((definition) =>
        definition.type === "route" ? [`${definition.route.method.toUpperCase()} ${definition.route.path.replace(/^\/api/, "")}`] : [],
      );
      expect(ours(registered).length).toBeGreaterThan(0);
      expectAllCovered(registered, "routes in the OpenAPI registry");
    });

    it("every operation in /api/openapi.json has a row in the matrix", async () => {
      expectAllCovered(await documentedRoutes(), "operations in /api/openapi.json");
    });

    it("the matrix names no route the API lacks, and no route another matrix file holds", async () => {
      const documented = [...(await documentedRoutes()), "GET /openapi.json"];
      expect(matrixRoutes().filter((route) => !documented.includes(route)), "matrix rows for routes that do not exist").toEqual([]);
      expect(matrixRoutes().filter((route) => matrixFileOf(route) !== file), "rows that belong in another matrix file").toEqual([]);
    });

    it("every handler mounted on the app (OpenAPI or not) has a row in the matrix", () => {
      const mounted = app.routes
        .filter((route) => route.method !== "ALL" && route.path.startsWith("/api/"))
        .map((route) => `${route.method} ${route.path.replace(/^\/api/, "").replace(/:(\w+)/g, "{$1}")}`);
      expectAllCovered(mounted, "handlers mounted on the app");
    });

    it.each(specs.map((spec) => [specTitle(spec), spec] as const))("every status a client can get from %s in this matrix is documented in /api/openapi.json", async (_title, spec) => {
      const doc = await call("GET", "/openapi.json");
      const [method, path] = spec.route.split(" ");
      const operation = doc.json.paths[`/api${path}`]?.[method!.toLowerCase()];
      expect(operation, `${spec.route} is not in the OpenAPI document`).toBeDefined();
      const documented = Object.keys(operation.responses).map(Number);
      const observed = [...new Set([401, ...spec.cases.map((c) => c.status)])].sort();
      expect(documented).toEqual(expect.arrayContaining(observed));
    });

    it.each(specs.filter(scoped).map((spec) => [specTitle(spec), spec] as const))("%s has allowed, forbidden (or says why it cannot be) and hidden cases", (_title, spec) => {
      expect(spec.cases.some((c) => c.status < 400)).toBe(true);
      expect(spec.cases.some((c) => c.code === DENIED), spec.neverForbidden ?? "no 403 row").toBe(!spec.neverForbidden);
      expect(spec.cases.some(hidden)).toBe(true);
    });
  });
}

/**
 * The rows of a matrix over one kind of thing an org holds (an election, a campaign), told apart:
 * `hidden`, a real one someone with no standing may not see (404, not a made-up id); `allowed`, let
 * through by the policy (a success, or a refusal by the thing itself afterwards). `gone` is the
 * thing's own not-found code.
 */
export function thingRows<P extends { org?: OrgKey }, W>(thing: Exclude<keyof P, "org">, gone: string) {
  const isMadeUp = (place: P) => place.org === "missing" || (place[thing] as unknown) === "missing";
  return {
    hidden: (c: Case<P, W>) => c.status === 404 && [HIDDEN, gone].includes(c.code!) && !isMadeUp(c),
    allowed: (c: Case<P, W>) => c.status < 400 || ![DENIED, gone, HIDDEN].includes(c.code ?? ""),
  };
}

/**
 * Routes where no allowed caller can succeed on the matrix's things (their state refuses them):
 * each still shows an allowed row, a forbidden one (unless it never forbids) and a hidden one.
 */
export function describeRefusedRoutes<P, W>(title: string, specs: Array<RouteSpec<P, W>>, rows: { hidden: (c: Case<P, W>) => boolean; allowed: (c: Case<P, W>) => boolean }) {
  const scoped = (spec: RouteSpec<P, W>) => Object.keys(spec.probe as object).length > 0;
  describe(title, () => {
    it.each(specs.filter((spec) => scoped(spec) && !spec.cases.some((c) => c.status < 400)).map((spec) => [specTitle(spec), spec] as const))("%s", (_title, spec) => {
      expect(spec.cases.some(rows.allowed)).toBe(true);
      expect(spec.cases.some((c) => c.code === DENIED), spec.neverForbidden ?? "no 403 row").toBe(!spec.neverForbidden);
      expect(spec.cases.some(rows.hidden)).toBe(true);
    });
  });
}
