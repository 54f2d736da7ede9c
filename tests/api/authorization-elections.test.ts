/**
 * The authorization matrix for elections: an org's elections, an election with its roll,
 * codes, check-in, voting, counting, certifying and publishing, and what it shows (the people,
 * broken sessions, runner and guards are in tests/support/authz.ts).
 *
 * The actions (packages/core/src/access/policy.ts, packages/functions/src/routes/elections.ts):
 * - `elections.read` (the election, its turnout, results, bulletin and audit; certifying, as
 *   far as the policy goes): every role held in the election's org itself, plus admins and
 *   reviewers carried down. Belonging to an org beneath is standing (403), not reading;
 * - `elections.manage` (create, scrutineers, the roll, codes, check-in, open, close, publish,
 *   run-off): admins, carried down;
 * - casting is decided by the frozen roll; certifying by the appointed scrutineers.
 * Someone with no standing in the election's org is told the election does not exist,
 * exactly as for a made-up id.
 *
 * Fixtures: 张晓雯 (admin of its parent) creates an election in the throwaway org under
 * 新意城新空间 and never takes it further, so every allowed row that would change it is
 * refused by the election's state (a draft has no roll, no scrutineers, no votes, no count)
 * after the policy let the caller through; the only writes are new elections in the
 * throwaway org.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "@tongxin/core/ids";
import { call } from "../support/api";
import {
  ask,
  DENIED,
  describeGuards,
  describeMatrix,
  expectProblem,
  expectSameProblem,
  HIDDEN,
  ORG_LABELS,
  orgIdOf,
  prepareMatrix,
  sandbox,
  specTitle,
  token,
  thingRows,
  describeRefusedRoutes,
  UP_THE_TREE,
  type Case,
  type Domain,
  type OrgKey,
  type Reply,
  type RouteSpec,
} from "../support/authz";
import { choicesFor, paper } from "../support/elections";

// ---------------------------------------------------------------------------------------
// Where
// ---------------------------------------------------------------------------------------

type ElectionKey = "sandbox" | "nominating" | "missing";

interface Place {
  org?: OrgKey;
  election?: ElectionKey;
}

interface Where {
  orgId: string;
  electionId: string;
}

const ELECTION_LABELS: Record<ElectionKey, string> = {
  sandbox: "the throwaway org's election (never opened)",
  nominating: "the throwaway org's second election (stays in set-up, for nominations)",
  missing: "an election id that does not exist",
};

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

const ELECTION: Record<ElectionKey, string> = { sandbox: "", nominating: "", missing: newId() };
const MATRIX_PAPER = { ...paper, title: "授权矩阵选举" };

async function expectStatus(response: Reply, status: number) {
  expect(response.status, response.text).toBe(status);
  return response.json;
}

beforeAll(async () => {
  await prepareMatrix();
  ELECTION.sandbox = (await expectStatus(await call("POST", `/orgs/${sandbox.orgId}/elections`, { token: token("张晓雯"), body: MATRIX_PAPER }), 201)).election.electionId;
  ELECTION.nominating = (await expectStatus(await call("POST", `/orgs/${sandbox.orgId}/elections`, { token: token("张晓雯"), body: { ...MATRIX_PAPER, title: "授权矩阵提名" } }), 201)).election.electionId;
});

const ELECTIONS: Domain<Place, Where> = {
  resolve: async ({ org, election }) => ({ orgId: org ? orgIdOf(org)! : "", electionId: election ? ELECTION[election] : "" }),
  label: (_spec, { org, election }) => `${org ? ` ${ORG_LABELS[org]}` : ""}${election ? ` ${ELECTION_LABELS[election]}` : ""}`,
};

const electionIds = (response: Reply) => (response.json.items as Array<{ electionId: string }>).map((item) => item.electionId);

// ---------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------

const GONE = "election.not_found";
/**
 * KNOWN BUG: a 409 election.invalid_state problem carries the election's status in its
 * `status` member (e.g. "roll_frozen"), overwriting the HTTP status that problem+json puts
 * there, so these rows check only the HTTP status; pinned by "KNOWN BUG" below.
 */
const WRONG_STATE = "election.invalid_state, whose problem body is checked below";
const READ_NEVER_FORBIDDEN = "elections.read reaches everyone who may see the election: whoever may not is told it does not exist";

/** The rows every manage route shares: who is refused by the policy, and who is not even told the election exists. */
const MANAGE_REFUSED: Array<Case<Place, Where>> = [
  { who: "沙盒会员", election: "sandbox", status: 403, code: DENIED, because: "a plain member sees the election but does not manage it" },
  { who: "王海峰", election: "sandbox", status: 403, code: DENIED, because: "a reviewer's role carries down: he sees it, but does not manage it" },
  { who: "陈思远", election: "sandbox", status: 404, code: GONE, because: "a plain member of the parent org has no standing in the throwaway org" },
  { who: "赵立群", election: "sandbox", status: 404, code: GONE, because: "no standing in the throwaway org" },
  { who: "平台管理员", election: "missing", status: 404, code: GONE, because: "there is no such election" },
];

/** The rows every read route shares. */
const READ_HIDDEN: Array<Case<Place, Where>> = [
  { who: "陈思远", election: "sandbox", status: 404, code: GONE, because: "a plain member of the parent org: member roles do not carry down" },
  { who: "吴一鸣", election: "sandbox", status: 404, code: GONE, because: "the judge role does not carry down the tree" },
  { who: "赵立群", election: "sandbox", status: 404, code: GONE, because: "no standing in the throwaway org" },
  { who: "平台管理员", election: "missing", status: 404, code: GONE, because: "there is no such election" },
];

const manage = (route: string, doing: string, body: unknown, allowed: Array<Case<Place, Where>>): RouteSpec<Place, Where> => ({
  route,
  doing,
  send: ({ electionId }) => ({ path: `/elections/${electionId}/${route.split("/").pop()}`, body }),
  probe: { election: "sandbox" },
  cases: [...allowed, ...MANAGE_REFUSED],
});

const read = (route: string, doing: string, allowed: Array<Case<Place, Where>>): RouteSpec<Place, Where> => ({
  route,
  doing,
  send: ({ electionId }) => ({ path: route === "GET /elections/{electionId}" ? `/elections/${electionId}` : `/elections/${electionId}/${route.split("/").pop()}` }),
  probe: { election: "sandbox" },
  neverForbidden: READ_NEVER_FORBIDDEN,
  cases: [...allowed, ...READ_HIDDEN],
});

const PROTECTED: Array<RouteSpec<Place, Where>> = [
  {
    route: "GET /orgs/{orgId}/elections",
    doing: "lists the elections of",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/elections` }),
    probe: { org: "sandbox" },
    cases: [
      { who: "沙盒会员", org: "sandbox", status: 200, because: "a member sees their org's elections", check: (r) => expect(electionIds(r)).toContain(ELECTION.sandbox) },
      { who: "王海峰", org: "sandbox", status: 200, because: "a reviewer's role carries down", check: (r) => expect(electionIds(r)).toContain(ELECTION.sandbox) },
      { who: "周敏", org: "qibao", status: 200, because: "a scrutineer sees her org's elections" },
      { who: "吴一鸣", org: "district", status: 200, because: "a judge sees his org's elections" },
      { who: "陈思远", org: "district", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "陈思远", org: "sandbox", status: 404, code: HIDDEN, because: "member roles do not carry down to the throwaway org" },
      { who: "赵立群", org: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "POST /orgs/{orgId}/elections",
    doing: "creates an election in",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/elections`, body: MATRIX_PAPER }),
    probe: { org: "sandbox" },
    after: (response, { orgId }) => {
      if (response.status === 201) expect(response.json.election.orgId).toBe(orgId);
    },
    cases: [
      { who: "张晓雯", org: "sandbox", status: 201, because: "admin carries down to children" },
      { who: "李红", org: "sandbox", status: 201, because: "district admin inherits down the tree" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member does not manage elections" },
      { who: "王海峰", org: "sandbox", status: 403, code: DENIED, because: "a reviewer does not manage elections" },
      { who: "周敏", org: "qibao", status: 403, code: DENIED, because: "a scrutineer does not manage elections" },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "赵立群", org: "sandbox", status: 404, code: HIDDEN, because: "no standing in the throwaway org" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  read("GET /elections/{electionId}", "opens", [
    { who: "沙盒会员", election: "sandbox", status: 200, because: "a member sees their org's election", check: (r) => expect(r.json.me.canManage).toBe(false) },
    { who: "张晓雯", election: "sandbox", status: 200, because: "an admin carried down", check: (r) => expect(r.json.me.canManage).toBe(true) },
    { who: "王海峰", election: "sandbox", status: 200, because: "a reviewer's role carries down" },
  ]),
  read("GET /elections/{electionId}/turnout", "reads the turnout of", [
    { who: "沙盒会员", election: "sandbox", status: 200, because: "a member sees their org's election" },
    { who: "李红", election: "sandbox", status: 200, because: "district admin inherits down the tree" },
  ]),
  read("GET /elections/{electionId}/results", "reads the results of", [
    { who: "沙盒会员", election: "sandbox", status: 409, code: "election.not_published", because: "allowed; nothing is published yet" },
    { who: "张晓雯", election: "sandbox", status: 409, code: "election.not_published", because: "allowed (admin); nothing is published yet" },
  ]),
  read("GET /elections/{electionId}/bulletin", "reads the ballot bulletin of", [
    { who: "沙盒会员", election: "sandbox", status: 409, code: "election.not_published", because: "allowed; nothing is published yet" },
    { who: "王海峰", election: "sandbox", status: 409, code: "election.not_published", because: "allowed (a reviewer's role carries down); nothing is published yet" },
  ]),
  read("GET /elections/{electionId}/audit", "reads the audit trail of", [
    { who: "沙盒会员", election: "sandbox", status: 200, because: "a member sees their org's election" },
    { who: "王海峰", election: "sandbox", status: 200, because: "a reviewer's role carries down" },
  ]),
  {
    ...read("POST /elections/{electionId}/certify", "certifies the count of", [
      { who: "沙盒会员", election: "sandbox", status: 403, code: "election.not_scrutineer", because: "allowed by the policy; only an appointed scrutineer certifies" },
      { who: "张晓雯", election: "sandbox", status: 403, code: "election.not_scrutineer", because: "allowed by the policy (an admin too); only an appointed scrutineer certifies" },
    ]),
    send: ({ electionId }) => ({ path: `/elections/${electionId}/certify`, body: {} }),
    neverForbidden: "the policy lets whoever may see the election through (access.denied never comes); the election itself refuses anyone it did not appoint (403 election.not_scrutineer)",
  },
  {
    route: "POST /elections/{electionId}/ballots",
    doing: "casts a ballot (signed in) in",
    send: ({ electionId }) => ({ path: `/elections/${electionId}/ballots`, body: { choices: choicesFor(1) } }),
    probe: { election: "sandbox" },
    neverForbidden: "the roll decides who votes: anyone who may see the election and is not on it is told so",
    cases: [
      { who: "沙盒会员", election: "sandbox", status: 403, code: "election.not_on_roll", because: "allowed to see it; no roll is frozen yet, so not on it" },
      { who: "张晓雯", election: "sandbox", status: 403, code: "election.not_on_roll", because: "allowed to see it (admin); not on the roll" },
      ...READ_HIDDEN,
    ],
  },
  {
    route: "GET /elections/{electionId}/roll",
    doing: "reads the roll of",
    send: ({ electionId }) => ({ path: `/elections/${electionId}/roll` }),
    probe: { election: "sandbox" },
    cases: [
      { who: "张晓雯", election: "sandbox", status: 200, because: "an admin carried down" },
      { who: "李红", election: "sandbox", status: 200, because: "district admin inherits down the tree" },
      ...MANAGE_REFUSED,
    ],
  },
  manage("POST /elections/{electionId}/scrutineers", "appoints the scrutineers of", { accountIds: [newId(), newId()] }, [
    { who: "张晓雯", election: "sandbox", status: 422, code: "validation.failed", because: "allowed (admin); people who are not scrutineers are then refused" },
  ]),
  manage("POST /elections/{electionId}/nominations", "turns on candidate nominations for", {}, [
    { who: "张晓雯", election: "nominating", status: 200, because: "allowed (admin) while the election is being set up", check: (r) => expect(r.json.election.nomination.formId).toBeTruthy() },
    { who: "李红", election: "nominating", status: 200, because: "district admin inherits down the tree; turning it on again changes nothing", check: (r) => expect(r.json.election.nomination.formId).toBeTruthy() },
    { who: "沙盒会员", election: "nominating", status: 403, code: DENIED, because: "a plain member nominates on the form; only admins turn nominations on" },
  ]),
  {
    route: "GET /elections/{electionId}/nominations",
    doing: "lists the nominations of",
    send: ({ electionId }) => ({ path: `/elections/${electionId}/nominations` }),
    probe: { election: "sandbox" },
    cases: [
      { who: "张晓雯", election: "nominating", status: 200, because: "an admin carried down", check: (r) => expect(r.json.items).toEqual([]) },
      { who: "李红", election: "sandbox", status: 200, because: "district admin inherits down the tree; no nominations there", check: (r) => expect(r.json).toEqual({ nomination: null, items: [] }) },
      ...MANAGE_REFUSED,
    ],
  },
  manage("POST /elections/{electionId}/roll", "freezes the roll of", undefined, [
    { who: "李红", election: "sandbox", status: 200, because: "allowed (district admin)" },
  ]),
  manage("POST /elections/{electionId}/codes", "issues voting codes for", { accountIds: [newId()] }, [
    { who: "张晓雯", election: "sandbox", status: 422, code: "validation.failed", because: "allowed (admin); someone not on the roll is then refused" },
  ]),
  manage("POST /elections/{electionId}/checkins", "checks voters in to", { accountIds: [newId()] }, [
    { who: "张晓雯", election: "sandbox", status: 200, because: "allowed (admin); someone not on the roll is not checked in", check: (r) => expect(r.json.turnout).toBeDefined() },
  ]),
  manage("POST /elections/{electionId}/open", "opens voting in", undefined, [
    { who: "张晓雯", election: "sandbox", status: 409, code: "election.scrutineers_required", because: "allowed (admin); no scrutineers are appointed" },
  ]),
  manage("POST /elections/{electionId}/close", "closes voting in", undefined, [
    { who: "张晓雯", election: "sandbox", status: 409, because: `allowed (admin); voting is not open (${WRONG_STATE})` },
  ]),
  manage("POST /elections/{electionId}/publish", "publishes the results of", undefined, [
    { who: "张晓雯", election: "sandbox", status: 409, because: `allowed (admin); nothing is counted (${WRONG_STATE})` },
  ]),
  manage("POST /elections/{electionId}/runoff", "calls a run-off for", {}, [
    { who: "张晓雯", election: "sandbox", status: 409, because: `allowed (admin); nothing is counted (${WRONG_STATE})` },
  ]),
  read("GET /elections/{electionId}/report", "downloads the result report of", [
    { who: "沙盒会员", election: "sandbox", status: 409, code: "election.not_published", because: "allowed; nothing is published yet" },
    { who: "张晓雯", election: "sandbox", status: 409, code: "election.not_published", because: "allowed (admin); nothing is counted yet" },
  ]),
  manage("GET /elections/{electionId}/filing", "downloads the 换届 filing pack of", undefined, [
    { who: "张晓雯", election: "sandbox", status: 409, code: "election.not_published", because: "allowed (admin); nothing is counted yet" },
  ]),
  manage("POST /elections/{electionId}/proxies", "registers a written proxy in", { holderId: newId(), grantorId: newId() }, [
    { who: "张晓雯", election: "sandbox", status: 409, because: `allowed (admin); the election takes no proxies (${WRONG_STATE})` },
  ]),
  // 纸质选票 (routes/election-paper.ts): the sandbox election takes no paper and is never closed.
  manage("POST /elections/{electionId}/tellers", "appoints the tellers of", { accountIds: [newId(), newId()] }, [
    { who: "张晓雯", election: "sandbox", status: 409, because: `allowed (admin); the election takes no paper ballots (${WRONG_STATE})` },
  ]),
  {
    ...read("GET /elections/{electionId}/paper-ballots", "reads the paper ballot entry of", [
      { who: "张晓雯", election: "sandbox", status: 200, because: "an admin oversees the entry", check: (r) => expect(r.json).toMatchObject({ takesPaper: false, discrepancies: [] }) },
      { who: "沙盒会员", election: "sandbox", status: 403, code: "election.not_teller", because: "allowed by the policy; only the election's tellers, scrutineers and admins see the entry" },
    ]),
    neverForbidden: "the policy lets whoever may see the election through (access.denied never comes); the election refuses anyone it did not appoint (403 election.not_teller)",
  },
  {
    ...read("POST /elections/{electionId}/paper-ballots", "enters a paper ballot in", [
      { who: "沙盒会员", election: "sandbox", status: 403, code: "election.not_teller", because: "allowed by the policy; only an appointed teller enters paper ballots" },
      { who: "张晓雯", election: "sandbox", status: 403, code: "election.not_teller", because: "allowed by the policy (an admin too); only an appointed teller enters paper ballots" },
    ]),
    send: ({ electionId }) => ({ path: `/elections/${electionId}/paper-ballots`, body: { batch: 1, seq: 1, side: "A", line: "0" } }),
    neverForbidden: "the policy lets whoever may see the election through (access.denied never comes); the election refuses anyone it did not appoint (403 election.not_teller)",
  },
  {
    ...read("POST /elections/{electionId}/paper-ballots/resolutions", "resolves a differing paper ballot in", [
      { who: "沙盒会员", election: "sandbox", status: 403, code: "election.not_scrutineer", because: "allowed by the policy; only an appointed scrutineer resolves" },
      { who: "张晓雯", election: "sandbox", status: 403, code: "election.not_scrutineer", because: "allowed by the policy (an admin too); only an appointed scrutineer resolves" },
    ]),
    send: ({ electionId }) => ({ path: `/elections/${electionId}/paper-ballots/resolutions`, body: { batch: 1, seq: 1, line: "0" } }),
    neverForbidden: "the policy lets whoever may see the election through (access.denied never comes); the election refuses anyone it did not appoint (403 election.not_scrutineer)",
  },
  {
    ...manage("POST /elections/{electionId}/paper-ballots/finish", "closes the paper ballot entry of", undefined, [
      { who: "张晓雯", election: "sandbox", status: 409, because: `allowed (admin); the election takes no paper ballots (${WRONG_STATE})` },
    ]),
    send: ({ electionId }) => ({ path: `/elections/${electionId}/paper-ballots/finish` }),
  },
  // 加密投票 (routes/election-crypto.ts): the sandbox election is a draft without encryption, so nothing is written.
  {
    ...manage("PUT /elections/{electionId}/encryption", "sets 加密投票 for", { enabled: false, threshold: 3 }, [
      { who: "张晓雯", election: "nominating", status: 422, code: "validation.failed", because: "allowed (admin); a threshold without encryption is refused (the set-up election: the sandbox's roll is frozen by another row)" },
    ]),
  },
  read("GET /elections/{electionId}/ceremony", "reads the key ceremony of", [
    { who: "沙盒会员", election: "sandbox", status: 200, because: "the ceremony is public to whoever sees the election", check: (r) => expect(r.json).toMatchObject({ encryption: null, trustees: [], keysFrom: [] }) },
    { who: "张晓雯", election: "sandbox", status: 200, because: "an admin carried down" },
  ]),
  {
    ...read("POST /elections/{electionId}/ceremony/keys", "publishes a 监票人's device key in", [
      { who: "沙盒会员", election: "sandbox", status: 409, because: `allowed by the policy; the election does not use 加密投票 (${WRONG_STATE})` },
      { who: "张晓雯", election: "sandbox", status: 409, because: `allowed by the policy (an admin too); the election does not use 加密投票 (${WRONG_STATE})` },
    ]),
    send: ({ electionId }) => ({ path: `/elections/${electionId}/ceremony/keys`, body: { deviceKey: {}, commitments: {} } }),
    neverForbidden: "the policy lets whoever may see the election through (access.denied never comes); the ceremony refuses anyone not among its 监票人 (403 election.not_trustee)",
  },
  {
    ...read("POST /elections/{electionId}/ceremony/shares", "posts a 监票人's sealed shares in", [
      { who: "沙盒会员", election: "sandbox", status: 409, code: "election.ceremony_incomplete", because: "allowed by the policy; no ceremony has started" },
      { who: "张晓雯", election: "sandbox", status: 409, code: "election.ceremony_incomplete", because: "allowed by the policy (an admin too); no ceremony has started" },
    ]),
    send: ({ electionId }) => ({ path: `/elections/${electionId}/ceremony/shares`, body: { shares: [] } }),
    neverForbidden: "the policy lets whoever may see the election through (access.denied never comes); the ceremony refuses anyone not among its 监票人 (403 election.not_trustee)",
  },
  // 加密投票's count (decryption-store.ts): the sandbox election does not use 加密投票, so nothing is read or written.
  read("GET /elections/{electionId}/decryption", "reads the sums to decrypt of", [
    { who: "沙盒会员", election: "sandbox", status: 409, code: "election.invalid_state", because: "the sums are public to whoever sees the election; the sandbox does not use 加密投票" },
    { who: "张晓雯", election: "sandbox", status: 409, code: "election.invalid_state", because: "an admin carried down; the sandbox does not use 加密投票" },
  ]),
  {
    ...read("POST /elections/{electionId}/decryption", "posts a 监票人's partial decryptions in", [
      { who: "沙盒会员", election: "sandbox", status: 409, code: "election.invalid_state", because: "allowed by the policy; the election does not use 加密投票" },
      { who: "张晓雯", election: "sandbox", status: 409, code: "election.invalid_state", because: "allowed by the policy (an admin too); the election does not use 加密投票" },
    ]),
    send: ({ electionId }) => ({ path: `/elections/${electionId}/decryption`, body: { trustee: 1, sums: {}, writeIns: [] } }),
    neverForbidden: "the policy lets whoever may see the election through (access.denied never comes); the count refuses anyone not among the ceremony's 监票人 (403 election.not_trustee)",
  },
  {
    ...manage("POST /elections/{electionId}/encryption/fallback", "falls back to paper in", { reason: "监票人手机遗失" }, [
      { who: "张晓雯", election: "sandbox", status: 409, code: "election.invalid_state", because: "allowed (admin); the sandbox does not use 加密投票" },
    ]),
    send: ({ electionId }) => ({ path: `/elections/${electionId}/encryption/fallback`, body: { reason: "监票人手机遗失" } }),
  },
  read("GET /elections/{electionId}/record", "downloads the election record of", [
    { who: "沙盒会员", election: "sandbox", status: 409, code: "election.not_published", because: "a member sees the record once the results are published (admins and 监票人 once counted)" },
    { who: "张晓雯", election: "sandbox", status: 409, code: "election.invalid_state", because: "an admin may preview; the sandbox does not use 加密投票" },
  ]),
];

describeMatrix(PROTECTED, ELECTIONS);

// ---------------------------------------------------------------------------------------
// What the matrix promises about itself and about hiding elections
// ---------------------------------------------------------------------------------------

const scoped = (spec: RouteSpec<Place, Where>) => Object.keys(spec.probe).length > 0;
const { hidden, allowed } = thingRows<Place, Where>("election", GONE);

describeGuards({
  file: "authorization-elections.test.ts",
  specs: PROTECTED,
  /** Reading a ballot paper with a voting code needs no session (the code is the credential; elections.test.ts covers it). */
  publicRoutes: ["POST /elections/{electionId}/paper"],
  // The routes where an allowed caller can succeed on the never-opened election; the others are checked just below.
  scoped: (spec) => scoped(spec) && spec.cases.some((c) => c.status < 400),
  hidden,
});

describeRefusedRoutes("the routes whose allowed callers the never-opened election refuses still show allowed, forbidden (or say why not) and hidden rows", PROTECTED, { hidden, allowed });

describe("an election (or its org) you may not see looks exactly like one that does not exist", () => {
  it.each(PROTECTED.filter(scoped).map((spec) => [specTitle(spec), spec] as const))("%s: 赵立群", async (_title, spec) => {
    const madeUp: Place = spec.probe.org ? { org: "missing" } : { election: "missing" };
    const { response: hidden } = await ask({ token: token("赵立群") }, spec, ELECTIONS, spec.probe);
    const { response: missing } = await ask({ token: token("赵立群") }, spec, ELECTIONS, madeUp);
    expectSameProblem(hidden, missing, 404, spec.probe.org ? HIDDEN : GONE);
  });
});

describe("without a session, real and made-up ids get the same answer (no probing)", () => {
  it.each(PROTECTED.filter(scoped).map((spec) => [specTitle(spec), spec] as const))("%s", async (_title, spec) => {
    const madeUp: Place = spec.probe.org ? { org: "missing" } : { election: "missing" };
    const { response: real } = await ask({}, spec, ELECTIONS, spec.probe);
    const { response: fake } = await ask({}, spec, ELECTIONS, madeUp);
    expectProblem(real, 401, "auth.required");
    expectProblem(fake, 401, "auth.required");
  });
});

describe("a wrong-state refusal is a well-formed problem", () => {
  // Its `status` member is the HTTP status, never the election's state.
  it("POST /elections/{electionId}/close by 张晓雯 on an election that is not open → 409 election.invalid_state, status 409 in the body", async () => {
    const response = await call("POST", `/elections/${ELECTION.sandbox}/close`, { token: token("张晓雯") });
    expectProblem(response, 409, "election.invalid_state");
  });
});
