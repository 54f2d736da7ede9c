import { beforeAll, describe, expect, it } from "vitest";
import { shanghaiLocal } from "@tongxin/core/activities/time";
import { call, demoOrgs, signIn } from "../support/api";
import { addPerson, alsoIn, caseData, campaignBody, makeOrg, type Person } from "../support/campaigns";
import { addPerson as addVoter, certifyAndPublish, createElection as newElection, freshBranch, paper, type Person as Voter } from "../support/elections";
import { crowd } from "../support/faults";

/**
 * Idempotency-Key on every route that takes it, from one table: the key is scoped to the account,
 * the operation and its target; the same key and body replays, another body is refused with
 * nothing written, and concurrent requests with one key make one object.
 */
const DAY = 86_400_000;
const at = (days: number, time: string) => `${shanghaiLocal(new Date(Date.now() + days * DAY)).slice(0, 10)}T${time}`;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let n = 0;
const newKey = () => `idem-${run}-${(n += 1)}`;

interface Target {
  path: string;
  /** How many objects of this route's kind the target holds (undefined: the route has no list to count). */
  count?: () => Promise<number>;
}

interface RouteCase {
  route: string;
  token: () => string;
  /** The request's target and another target of the same route (none when the path has no parameters). */
  targets: () => { one: Target; other?: Target };
  /** A body for `path`, the same for the same `i`, different when `i` differs (undefined for a route without a body). */
  body?: (i: number, path: string) => unknown;
  idOf: (json: Record<string, unknown>) => unknown;
}

const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
let entrant: Person;
const campaignBodies: Array<ReturnType<typeof campaignBody>> = [];
/** People who sign up: one per test, since a person signs up for an activity once. */
let signers: Array<{ token: string }> = [];
let signerIndex = 0;

const items = async (token: string, path: string, field = "items") => {
  const listed = await call("GET", path, { token });
  expect(listed.status, listed.text).toBe(200);
  return (listed.json[field] as unknown[]).length;
};

const formDefinition = (i: number) => ({ definition: { title: `幂等表单${run}-${i}`, fields: [{ key: "name", type: "text", label: "姓名", required: true }] }, publish: true });
const proposal = (i: number) => ({ data: { title: `幂等活动${run}-${i}`, theme: "volunteer", startsAt: at(30, "09:00"), endsAt: at(30, "11:00"), venue: "新意城", capacity: 20, needsFunds: "no", description: "幂等" } });

/** Targets a route can act on once (a run-off per election, a summary per activity): each test takes fresh ones. */
const pools: Record<"runoff" | "summary", string[]> = { runoff: [], summary: [] };
const fresh = (pool: keyof typeof pools) => {
  const id = pools[pool].shift();
  expect(id, `a fresh ${pool} target`).toBeDefined();
  return id!;
};
const has = async (token: string, path: string, present: (json: Record<string, unknown>) => unknown) => {
  const read = await call("GET", path, { token });
  expect(read.status, read.text).toBe(200);
  return present(read.json) ? 1 : 0;
};
const runoffTarget = (electionId: string): Target => ({ path: `/elections/${electionId}/runoff`, count: () => has(tokens.admin!, `/elections/${electionId}`, (json) => (json.election as { runoffId?: string }).runoffId) });
const summaryTarget = (activityId: string): Target => ({ path: `/activities/${activityId}/summary`, count: () => has(tokens.organizer!, `/activities/${activityId}`, (json) => (json.activity as { summary?: unknown }).summary) });

const cases: RouteCase[] = [
  {
    route: "POST /orgs",
    token: () => tokens.admin!,
    targets: () => ({ one: { path: "/orgs" } }),
    body: (i) => ({ name: `幂等组织${run}-${i}`, kind: "new_space", parentId: ids.spaceA }),
    idOf: (json) => json.orgId,
  },
  {
    route: "POST /orgs/{orgId}/forms",
    token: () => tokens.admin!,
    targets: () => ({
      one: { path: `/orgs/${ids.spaceA}/forms`, count: () => items(tokens.admin!, `/orgs/${ids.spaceA}/forms`) },
      other: { path: `/orgs/${ids.spaceB}/forms`, count: () => items(tokens.admin!, `/orgs/${ids.spaceB}/forms`) },
    }),
    body: formDefinition,
    idOf: (json) => (json.form as { formId: string }).formId,
  },
  {
    route: "POST /orgs/{orgId}/workflows",
    token: () => tokens.admin!,
    targets: () => ({
      one: { path: `/orgs/${ids.spaceA}/workflows`, count: () => items(tokens.admin!, `/orgs/${ids.spaceA}/workflows`) },
      other: { path: `/orgs/${ids.spaceB}/workflows`, count: () => items(tokens.admin!, `/orgs/${ids.spaceB}/workflows`) },
    }),
    body: (i) => ({ name: `幂等审批链${i}`, steps: [{ name: "本单位审核", approvers: { kind: "role", role: "admin", at: { kind: "unit" } } }] }),
    idOf: (json) => json.workflowId,
  },
  {
    route: "POST /forms/{formId}/submissions",
    token: () => entrant.token,
    targets: () => ({
      one: { path: `/forms/${ids.formA}/submissions`, count: () => items(tokens.admin!, `/orgs/${ids.spaceA}/forms/${ids.formA}/submissions?format=json`) },
      other: { path: `/forms/${ids.formB}/submissions`, count: () => items(tokens.admin!, `/orgs/${ids.spaceB}/forms/${ids.formB}/submissions?format=json`) },
    }),
    body: (i, path) => ({ data: { name: `填表人${i}` }, unitId: path.includes(ids.formB!) ? ids.spaceB : ids.spaceA }),
    idOf: (json) => json.submissionId,
  },
  {
    route: "POST /orgs/{orgId}/activities",
    token: () => tokens.organizer!,
    targets: () => ({ one: { path: `/orgs/${demoOrgs().xinyicheng}/activities` } }),
    body: proposal,
    idOf: (json) => json.submissionId,
  },
  {
    route: "POST /orgs/{orgId}/elections",
    token: () => tokens.admin!,
    targets: () => ({
      one: { path: `/orgs/${ids.spaceA}/elections`, count: () => items(tokens.admin!, `/orgs/${ids.spaceA}/elections`) },
      other: { path: `/orgs/${ids.spaceB}/elections`, count: () => items(tokens.admin!, `/orgs/${ids.spaceB}/elections`) },
    }),
    body: (i) => ({ ...paper, title: `幂等换届选举${run}-${i}` }),
    idOf: (json) => (json.election as { electionId: string } | undefined)?.electionId ?? json.electionId,
  },
  {
    route: "POST /orgs/{orgId}/campaigns",
    token: () => tokens.admin!,
    targets: () => ({
      one: { path: `/orgs/${ids.office}/campaigns`, count: () => items(tokens.admin!, `/orgs/${ids.office}/campaigns`) },
      other: { path: `/orgs/${ids.spaceA}/campaigns`, count: () => items(tokens.admin!, `/orgs/${ids.spaceA}/campaigns`) },
    }),
    body: (i) => ({ ...(campaignBodies[i] ??= campaignBody()), title: `幂等评选${run}-${i}` }),
    idOf: (json) => json.campaignId,
  },
  {
    route: "POST /campaigns/{campaignId}/entries",
    token: () => entrant.token,
    targets: () => ({
      one: { path: `/campaigns/${ids.campaignA}/entries`, count: () => items(tokens.admin!, `/campaigns/${ids.campaignA}/entries`) },
      other: { path: `/campaigns/${ids.campaignB}/entries`, count: () => items(tokens.admin!, `/campaigns/${ids.campaignB}/entries`) },
    }),
    body: (i) => ({ unitId: ids.spaceA, data: caseData(`幂等案例${run}-${i}`), draft: false }),
    idOf: (json) => json.entryId,
  },
  {
    route: "POST /activities/{activityId}/signups",
    token: () => signers[signerIndex++]!.token,
    targets: () => ({
      one: { path: `/activities/${ids.activityA}/signups`, count: () => items(tokens.organizer!, `/activities/${ids.activityA}/signups`) },
      other: { path: `/activities/${ids.activityB}/signups`, count: () => items(tokens.organizer!, `/activities/${ids.activityB}/signups`) },
    }),
    idOf: (json) => `${json.activityId}/${json.accountId}`,
  },
  {
    route: "POST /elections/{electionId}/runoff",
    token: () => tokens.admin!,
    targets: () => ({ one: runoffTarget(fresh("runoff")), other: runoffTarget(fresh("runoff")) }),
    body: (i) => ({ threshold: { numerator: 1, denominator: 1 + i, rule: "more_than" } }),
    idOf: (json) => (json.election as { electionId: string }).electionId,
  },
  {
    route: "POST /activities/{activityId}/summary",
    token: () => tokens.organizer!,
    targets: () => ({ one: summaryTarget(fresh("summary")), other: summaryTarget(fresh("summary")) }),
    body: (i) => ({ spentFen: 100 * i, notes: `幂等活动总结${i}` }),
    idOf: (json) => `${json.activityId}@${(json.summary as { filedAt: string }).filedAt}`,
  },
  {
    route: "POST /campaigns/{campaignId}/objections",
    token: () => tokens.objector!,
    targets: () => ({
      one: { path: `/campaigns/${ids.noticeA}/objections`, count: () => items(tokens.admin!, `/campaigns/${ids.noticeA}/objections`) },
      other: { path: `/campaigns/${ids.noticeB}/objections`, count: () => items(tokens.admin!, `/campaigns/${ids.noticeB}/objections`) },
    }),
    body: (i) => ({ reasons: `幂等异议：第${i}条理由，写得足够长。` }),
    idOf: (json) => json.objectionId,
  },
];

async function openActivity(i: number, started = false): Promise<string> {
  const when = started ? { startsAt: at(-1, "09:00"), endsAt: at(1, "18:00") } : { startsAt: at(20, "09:00"), endsAt: at(20, "11:00") };
  const opened = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: tokens.organizer, body: { data: { ...proposal(100 + i).data, ...when } } });
  expect(opened.status, opened.text).toBe(201);
  for (const approver of [tokens.town!, tokens.admin!]) expect((await call("POST", `/instances/${opened.json.instanceId}/actions`, { token: approver, body: { type: "approve" } })).status).toBe(200);
  return opened.json.submissionId;
}

/** Two campaigns of the district in their 公示 (notice), where objections are filed. */
async function campaignsInNotice(): Promise<[string, string]> {
  const li = tokens.admin!;
  const district = demoOrgs().district!;
  const closeAt = Date.now() + 8_000;
  const closing = { submissionsCloseAt: new Date(closeAt).toISOString(), judgesPerEntry: 1, noticeDays: 7 };
  const judge = await signIn("13800000007");
  const judgeId = (await call("GET", "/me", { token: judge })).json.account.accountId as string;
  const made: Array<{ campaignId: string; entryId: string }> = [];
  for (const name of ["甲", "乙"]) {
    const campaign = await call("POST", `/orgs/${district}/campaigns`, { token: li, body: campaignBody({ ...closing, title: `幂等公示${name}${run}` }) });
    expect(campaign.status, campaign.text).toBe(201);
    const entry = await call("POST", `/campaigns/${campaign.json.campaignId}/entries`, { token: tokens.organizer, body: { unitId: demoOrgs().xinyicheng, data: caseData(`幂等公示案例${name}${run}`), draft: false } });
    expect(entry.status, entry.text).toBe(201);
    expect((await call("POST", `/instances/${entry.json.instanceId}/actions`, { token: li, body: { type: "approve" } })).status).toBe(200);
    made.push({ campaignId: campaign.json.campaignId, entryId: entry.json.entryId });
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, closeAt - Date.now() + 200)));
  const score = { scores: { innovation: 20, effect: 20, exemplary: 15, transferable: 15 }, comment: "", submit: true };
  for (const { campaignId, entryId } of made) {
    for (const [method, path, body] of [
      ["POST", "judging", undefined],
      ["PUT", "judges", { judgeIds: [judgeId] }],
      ["POST", "assignments/auto", undefined],
    ] as const) {
      const step = await call(method, `/campaigns/${campaignId}/${path}`, { token: li, body });
      expect(step.status, step.text).toBe(200);
    }
    expect((await call("PUT", `/campaigns/${campaignId}/entries/${entryId}/score`, { token: judge, body: score })).status).toBe(200);
    const confirmed = await call("POST", `/campaigns/${campaignId}/confirm`, { token: li, body: { awards: [{ tier: "十佳案例", entryIds: [entryId] }], orgAwards: [] } });
    expect(confirmed.status, confirmed.text).toBe(200);
  }
  return [made[0]!.campaignId, made[1]!.campaignId];
}

/** An election left with a seat unfilled (3 candidates, 2 seats, only 甲 over half): ready for its run-off. */
async function electionNeedingRunoff(orgId: string, scrutineers: Voter[], voters: Voter[], i: number): Promise<string> {
  const admin = tokens.admin!;
  const electionId = await newElection(admin, orgId, { title: `幂等补选${run}-${i}`, mode: "online", positions: [{ title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] }] });
  expect((await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } })).status).toBeLessThan(300);
  expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBeLessThan(300);
  expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
  const marks = [["p1c1", "p1c2"], ["p1c1", "p1c3"], ["p1c1", "p1c2"], ["p1c1", "p1c3"], ["p1c1"]];
  for (const [v, voter] of voters.entries()) {
    const cast = await call("POST", `/elections/${electionId}/ballots`, { token: voter.token, body: { choices: { positions: { p1: { marks: Object.fromEntries(marks[v]!.map((id) => [id, "for"])) } } } } });
    expect(cast.status, cast.text).toBe(201);
  }
  expect((await call("POST", `/elections/${electionId}/close`, { token: admin })).status).toBe(200);
  await certifyAndPublish(admin, electionId, scrutineers);
  return electionId;
}

beforeAll(async () => {
  [tokens.admin, tokens.town, tokens.organizer] = [await signIn("13800000001"), await signIn("13800000002"), await signIn("13800000003")];
  const office = await makeOrg(tokens.admin, `幂等街道${run}`, "subdistrict", demoOrgs().district!);
  ids.office = office.orgId;
  ids.spaceA = (await makeOrg(tokens.admin, `幂等甲空间${run}`, "new_space", office.orgId)).orgId;
  ids.spaceB = (await makeOrg(tokens.admin, `幂等乙空间${run}`, "new_space", office.orgId)).orgId;
  for (const [space, name] of [[ids.spaceA, "formA"], [ids.spaceB, "formB"]] as const) {
    const form = await call("POST", `/orgs/${space}/forms`, { token: tokens.admin, body: formDefinition(0) });
    expect(form.status, form.text).toBe(201);
    ids[name] = form.json.form.formId;
  }
  for (const name of ["campaignA", "campaignB"]) {
    const campaign = await call("POST", `/orgs/${ids.office}/campaigns`, { token: tokens.admin, body: campaignBody() });
    expect(campaign.status, campaign.text).toBe(201);
    ids[name] = campaign.json.campaignId;
  }
  entrant = await addPerson(tokens.admin, ids.spaceA, "幂等申报人", ["admin", "member"]);
  await alsoIn(tokens.admin, ids.spaceB, entrant);
  ids.activityA = await openActivity(1);
  ids.activityB = await openActivity(2);
  const space = await call("POST", "/orgs", { token: tokens.organizer, body: { name: `幂等报名${run}`, kind: "new_space", parentId: demoOrgs().xinyicheng } });
  expect(space.status, space.text).toBe(201);
  signers = await crowd(tokens.organizer, space.json.orgId, 4, "幂等报名者");
  // Four tests take one or two fresh targets each (the other-target test two, the concurrent one the "other").
  for (let i = 0; i < 8; i += 1) pools.summary.push(await openActivity(10 + i, true));
  const branch = await freshBranch(tokens.admin);
  const scrutineers = [await addVoter(tokens.admin, branch, "幂等监票甲", ["scrutineer"]), await addVoter(tokens.admin, branch, "幂等监票乙", ["scrutineer"])];
  const voters: Voter[] = [];
  for (let i = 0; i < 5; i += 1) voters.push(await addVoter(tokens.admin, branch, `幂等选民${i}`));
  for (let i = 0; i < 8; i += 1) pools.runoff.push(await electionNeedingRunoff(branch, scrutineers, voters, i));
  tokens.objector = await signIn("13800000006");
  [ids.noticeA, ids.noticeB] = await campaignsInNotice();
}, 600_000);

const send = (c: RouteCase, token: string, path: string, key: string, i: number) => call("POST", path, { token, body: c.body?.(i, path), headers: { "idempotency-key": key } });

describe.each(cases)("Idempotency-Key on $route", (c) => {
  it("the same key and body makes one object; the retry replays it, marked as a replay", async () => {
    const token = c.token();
    const { one } = c.targets();
    const before = await one.count?.();
    const key = newKey();
    const first = await send(c, token, one.path, key, 1);
    expect(first.status, first.text).toBe(201);
    const retry = await send(c, token, one.path, key, 1);
    expect(retry.status, retry.text).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(c.idOf(retry.json)).toBe(c.idOf(first.json));
    if (one.count) expect(await one.count()).toBe(before! + 1);
  });

  it.runIf(c.body !== undefined)("the same key with another body is refused with 422 idempotency.key_reused, and nothing is written", async () => {
    const token = c.token();
    const { one } = c.targets();
    const key = newKey();
    expect((await send(c, token, one.path, key, 1)).status).toBe(201);
    const before = await one.count?.();
    const changed = await send(c, token, one.path, key, 2);
    expect(changed.status, changed.text).toBe(422);
    expect(changed.headers.get("content-type")).toMatch(/problem\+json/);
    expect(changed.json.code).toBe("idempotency.key_reused");
    expect(changed.json.errors["idempotency-key"]).toBeDefined();
    if (one.count) expect(await one.count()).toBe(before);
  });

  it.runIf(c.route !== "POST /orgs" && c.route !== "POST /orgs/{orgId}/activities")("the same key on another target makes a new object there", async () => {
    const token = c.token();
    const { one, other } = c.targets();
    const before = await other!.count?.();
    const key = newKey();
    const first = await send(c, token, one.path, key, 1);
    expect(first.status, first.text).toBe(201);
    const elsewhere = await send(c, token, other!.path, key, 1);
    expect(elsewhere.status, elsewhere.text).toBe(201);
    expect(elsewhere.headers.get("idempotent-replayed")).toBeNull();
    expect(c.idOf(elsewhere.json)).not.toBe(c.idOf(first.json));
    if (other!.count) expect(await other!.count()).toBe(before! + 1);
  });

  it("ten concurrent requests with one key make one object, and none fails", async () => {
    const token = c.token();
    const target = c.targets().other ?? c.targets().one;
    const before = await target.count?.();
    const key = newKey();
    const replies = await Promise.all(Array.from({ length: 10 }, () => send(c, token, target.path, key, 3)));
    for (const reply of replies) expect([201, 409], reply.text).toContain(reply.status);
    const created = replies.filter((reply) => reply.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((reply) => c.idOf(reply.json))).size).toBe(1);
    if (target.count) expect(await target.count()).toBe(before! + 1);
  });
});
