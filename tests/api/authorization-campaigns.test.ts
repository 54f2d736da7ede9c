/**
 * The authorization matrix for 十佳案例 campaigns: an org's campaigns, a campaign with its
 * entries, panel, assignments, scores, ranking, awards, objections and XLSX, and the public
 * page (the people, broken sessions, runner and guards are in tests/support/authz.ts).
 *
 * The actions (packages/core/src/access/policy.ts, packages/functions/src/routes/campaigns.ts):
 * - `campaigns.read` (see a campaign, enter it, list one's entries): everyone who belongs to
 *   the campaign org or any org beneath it; anyone else is told the campaign does not exist;
 * - `campaigns.review` (the office reads: all entries, the matrix, all scores, the ranking, the
 *   XLSX, the objections 待办): admins and reviewers at the campaign org or above;
 * - `campaigns.manage` (create, panel, window, judging, assignments, confirm, resolve, finalize):
 *   admins at the campaign org or above;
 * - judges: the campaign's panel (holders of the judge role at the campaign org); an entry a
 *   caller may not read is not found (404), so entry ids cannot be probed.
 *
 * Fixtures (in the demo district, where 吴一鸣 is a judge, and in this file's throwaway org):
 * - JUDGING: a district campaign in judging with two of 张晓雯's entries (新意城新空间), both
 *   assigned to 吴一鸣, who has submitted his score of the first;
 * - NOTICE: a district campaign in its 公示 (7 days) with one open objection by 周敏;
 * - COLLECTING: a district campaign taking entries, with 赵立群's draft (七宝分会);
 * - SANDBOX: a campaign of the throwaway org (under 新意城新空间), taking entries — hidden from
 *   everyone without standing there.
 * No row moves a campaign on: allowed rows that would are refused by its state.
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
import { campaignBody, caseData, sleep } from "../support/campaigns";

type CampaignKey = "judging" | "notice" | "collecting" | "sandbox" | "missing";
type EntryKey = "scored" | "unscored" | "draft" | "missing";

interface Place {
  org?: OrgKey;
  campaign?: CampaignKey;
  entry?: EntryKey;
  /** The judge of an assignment route: 吴一鸣, or an id no one has. */
  judge?: "吴一鸣" | "nobody";
  objection?: "open" | "missing";
  /** The year of a working-day calendar route (one fresh year per writing row; 2099 otherwise). */
  year?: number;
}

interface Where {
  year: number;
  orgId: string;
  campaignId: string;
  entryId: string;
  judgeId: string;
  objectionId: string;
}

const CAMPAIGN_LABELS: Record<CampaignKey, string> = {
  judging: "the district's campaign in judging",
  notice: "the district's campaign in its 公示",
  collecting: "the district's campaign taking entries",
  sandbox: "the throwaway org's campaign",
  missing: "a campaign id that does not exist",
};
const ENTRY_LABELS: Record<EntryKey, string> = {
  scored: "张晓雯's entry scored by 吴一鸣",
  unscored: "张晓雯's entry 吴一鸣 has yet to score",
  draft: "赵立群's draft",
  missing: "an entry id that does not exist",
};

const CAMPAIGN: Record<CampaignKey, string> = { judging: "", notice: "", collecting: "", sandbox: "", missing: newId() };
const ENTRY: Record<EntryKey, string> = { scored: "", unscored: "", draft: "", missing: newId() };
const IDS = { wu: "", objection: "" };

async function expectStatus(response: Reply, status: number) {
  expect(response.status, response.text).toBe(status);
  return response.json;
}

beforeAll(async () => {
  await prepareMatrix();
  const li = token("李红");
  const zhang = token("张晓雯");
  const wu = token("吴一鸣");
  IDS.wu = (await expectStatus(await call("GET", "/me", { token: wu }), 200)).account.accountId;
  const district = orgIdOf("district")!;
  const closeAt = Date.now() + 10_000;
  const closing = { submissionsCloseAt: new Date(closeAt).toISOString(), judgesPerEntry: 1, noticeDays: 7 };
  CAMPAIGN.judging = (await expectStatus(await call("POST", `/orgs/${district}/campaigns`, { token: li, body: campaignBody({ ...closing, title: "授权矩阵·评审中" }) }), 201)).campaignId;
  CAMPAIGN.notice = (await expectStatus(await call("POST", `/orgs/${district}/campaigns`, { token: li, body: campaignBody({ ...closing, title: "授权矩阵·公示中" }) }), 201)).campaignId;
  CAMPAIGN.collecting = (await expectStatus(await call("POST", `/orgs/${district}/campaigns`, { token: li, body: campaignBody({ title: "授权矩阵·征集中" }) }), 201)).campaignId;
  CAMPAIGN.sandbox = (await expectStatus(await call("POST", `/orgs/${sandbox.orgId}/campaigns`, { token: zhang, body: campaignBody({ title: "授权矩阵·沙盒" }) }), 201)).campaignId;

  const enter = async (campaignId: string, who: string, unitId: string, title: string, draft = false) =>
    expectStatus(await call("POST", `/campaigns/${campaignId}/entries`, { token: who, body: { unitId, data: draft ? { title } : caseData(title), draft } }), 201);
  const approve = async (instanceId: string) => expectStatus(await call("POST", `/instances/${instanceId}/actions`, { token: li, body: { type: "approve" } }), 200);
  const scored = await enter(CAMPAIGN.judging, zhang, orgIdOf("xinyicheng")!, `${ORG_LABELS.xinyicheng}·矩阵案例一`);
  const unscored = await enter(CAMPAIGN.judging, zhang, orgIdOf("xinyicheng")!, `${ORG_LABELS.hongqiao}·矩阵案例二`);
  const noticed = await enter(CAMPAIGN.notice, zhang, orgIdOf("xinyicheng")!, "矩阵公示案例");
  for (const entry of [scored, unscored, noticed]) await approve(entry.instanceId);
  ENTRY.scored = scored.entryId;
  ENTRY.unscored = unscored.entryId;
  ENTRY.draft = (await enter(CAMPAIGN.collecting, token("赵立群"), orgIdOf("qibao")!, "矩阵草稿", true)).entryId;

  await sleep(Math.max(0, closeAt - Date.now() + 200));
  for (const id of [CAMPAIGN.judging, CAMPAIGN.notice]) {
    await expectStatus(await call("POST", `/campaigns/${id}/judging`, { token: li }), 200);
    await expectStatus(await call("PUT", `/campaigns/${id}/judges`, { token: li, body: { judgeIds: [IDS.wu] } }), 200);
    await expectStatus(await call("POST", `/campaigns/${id}/assignments/auto`, { token: li }), 200);
  }
  const score = { scores: { innovation: 20, effect: 20, exemplary: 15, transferable: 15 }, comment: "", submit: true };
  await expectStatus(await call("PUT", `/campaigns/${CAMPAIGN.judging}/entries/${ENTRY.scored}/score`, { token: wu, body: score }), 200);
  await expectStatus(await call("PUT", `/campaigns/${CAMPAIGN.notice}/entries/${noticed.entryId}/score`, { token: wu, body: score }), 200);
  await expectStatus(await call("POST", `/campaigns/${CAMPAIGN.notice}/confirm`, { token: li, body: { awards: [{ tier: "十佳案例", entryIds: [noticed.entryId] }], orgAwards: [] } }), 200);
  IDS.objection = (await expectStatus(await call("POST", `/campaigns/${CAMPAIGN.notice}/objections`, { token: token("周敏"), body: { reasons: "授权矩阵用的异议，理由足够长。" } }), 201)).objectionId;
  await expectStatus(await call("PUT", `/campaigns/${CAMPAIGN.judging}/public-vote`, { token: li, body: PUBLIC_VOTE }), 200);
}, 180_000);

const PUBLIC_VOTE = { opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 3_600_000).toISOString(), picksPerDay: 2, perAddressPerDay: 50, showCounts: false, weight: 0.3 };

const CAMPAIGNS: Domain<Place, Where> = {
  resolve: async ({ org, campaign, entry, judge, objection, year }) => ({
    year: year ?? 2099,
    orgId: org ? orgIdOf(org)! : "",
    campaignId: campaign ? CAMPAIGN[campaign] : "",
    entryId: entry ? ENTRY[entry] : "",
    judgeId: judge === "吴一鸣" ? IDS.wu : judge === "nobody" ? "nobody" : "",
    objectionId: objection === "open" ? IDS.objection : objection === "missing" ? newId() : "",
  }),
  label: (_spec, { org, campaign, entry, year }) => `${year ? ` ${year}年` : ""}${org ? ` ${ORG_LABELS[org]}` : ""}${campaign ? ` ${CAMPAIGN_LABELS[campaign]}` : ""}${entry ? ` (${ENTRY_LABELS[entry]})` : ""}`,
};

// ---------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------

const GONE = "campaign.not_found";
const NO_ENTRY = "campaign.entry_not_found";
const READ_NEVER_FORBIDDEN = "campaigns.read reaches everyone in the campaign org's subtree: whoever may not is told it does not exist";

/** Nobody without standing in the throwaway org learns its campaign exists. */
const HIDDEN_ROWS: Array<Case<Place, Where>> = [
  { who: "赵立群", campaign: "sandbox", status: 404, code: GONE, because: "no standing in the throwaway org" },
  { who: "吴一鸣", campaign: "sandbox", status: 404, code: GONE, because: "the judge role does not carry down the tree" },
  { who: "平台管理员", campaign: "missing", status: 404, code: GONE, because: "there is no such campaign" },
];

const names = () => [ORG_LABELS.xinyicheng, ORG_LABELS.hongqiao, "张晓雯"];
/** In blind mode a judge's answer names neither the unit, nor its ancestors below the office, nor the submitter. */
const noUnitName = (r: Reply) => expect(names().filter((name) => r.text.includes(name))).toEqual([]);

const path = (suffix: string) => ({ campaignId, entryId, judgeId, objectionId }: Where) =>
  suffix.replace("{campaignId}", campaignId).replace("{entryId}", entryId).replace("{judgeId}", judgeId).replace("{objectionId}", objectionId);

const PROTECTED: Array<RouteSpec<Place, Where>> = [
  {
    route: "POST /orgs/{orgId}/campaigns",
    doing: "creates a campaign in",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/campaigns`, body: campaignBody({ title: "授权矩阵·新建" }) }),
    probe: { org: "sandbox" },
    after: (response, { orgId }) => {
      if (response.status === 201) expect(response.json.orgId).toBe(orgId);
    },
    cases: [
      { who: "张晓雯", org: "sandbox", status: 201, because: "admin carries down to children" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member does not run campaigns" },
      { who: "王海峰", org: "sandbox", status: 403, code: DENIED, because: "a reviewer reads campaigns but does not create them" },
      { who: "吴一鸣", org: "district", status: 403, code: DENIED, because: "a judge scores, he does not create campaigns" },
      { who: "赵立群", org: "sandbox", status: 404, code: HIDDEN, because: "no standing in the throwaway org" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/campaigns",
    doing: "lists the campaigns of",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/campaigns` }),
    probe: { org: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", org: "sandbox", status: 200, because: "a member sees their org's campaigns", check: (r) => expect(r.json.items.map((c: { campaignId: string }) => c.campaignId)).toContain(CAMPAIGN.sandbox) },
      { who: "陈思远", org: "district", status: 200, because: "belonging to an org beneath is enough to see the district's campaigns" },
      { who: "吴一鸣", org: "district", status: 200, because: "a judge sees his org's campaigns" },
      { who: "赵立群", org: "sandbox", status: 404, code: HIDDEN, because: "no standing in the throwaway org" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "GET /campaigns/{campaignId}",
    doing: "opens",
    send: (w) => ({ path: path("/campaigns/{campaignId}")(w) }),
    probe: { campaign: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", campaign: "sandbox", status: 200, because: "a member of the campaign org sees it", check: (r) => expect(r.json.counts).toBeUndefined() },
      { who: "李红", campaign: "judging", status: 200, because: "the office", check: (r) => expect(r.json.myRole).toEqual(["office"]) },
      { who: "吴一鸣", campaign: "judging", status: 200, because: "a judge on the panel", check: (r) => (expect(r.json.myRole).toEqual(["judge"]), noUnitName(r)) },
      { who: "陈思远", campaign: "judging", status: 200, because: "an entrant in the subtree", check: (r) => expect(r.json.myRole).toEqual(["entrant"]) },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "POST /campaigns/{campaignId}/entries",
    doing: "enters a case in",
    send: (w) => ({ path: path("/campaigns/{campaignId}/entries")(w), body: { unitId: orgIdOf("xinyicheng"), data: caseData("矩阵新案例") } }),
    probe: { campaign: "sandbox" },
    neverForbidden: "anyone in the subtree may enter; the unit rules refuse a unit one does not belong to (422)",
    cases: [
      { who: "张晓雯", campaign: "collecting", status: 201, because: "a unit's admin enters a case for it" },
      { who: "陈思远", campaign: "collecting", status: 201, because: "a plain member of the unit may enter too" },
      { who: "沙盒会员", campaign: "sandbox", status: 422, code: "validation.failed", because: "allowed; but not for a unit he does not belong to" },
      { who: "张晓雯", campaign: "judging", status: 409, code: "campaign.invalid_state", because: "allowed; but judging has started" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/entries",
    doing: "lists the entries of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/entries")(w) }),
    probe: { campaign: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "李红", campaign: "judging", status: 200, because: "the office sees every submitted entry", check: (r) => expect(r.json.items).toHaveLength(2) },
      { who: "李红", campaign: "collecting", status: 200, because: "the office does not see drafts", check: (r) => expect(r.json.items.map((e: { entryId: string }) => e.entryId)).not.toContain(ENTRY.draft) },
      { who: "赵立群", campaign: "collecting", status: 200, because: "the submitter sees his own draft", check: (r) => expect(r.json.items.map((e: { entryId: string }) => e.entryId)).toContain(ENTRY.draft) },
      { who: "张晓雯", campaign: "collecting", status: 200, because: "another unit's admin does not see the draft", check: (r) => expect(r.json.items.map((e: { entryId: string }) => e.entryId)).not.toContain(ENTRY.draft) },
      { who: "吴一鸣", campaign: "judging", status: 200, because: "a judge lists nothing here (he reads assignments)", check: (r) => (expect(r.json.items).toEqual([]), noUnitName(r)) },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/entries/{entryId}",
    doing: "reads",
    send: (w) => ({ path: path("/campaigns/{campaignId}/entries/{entryId}")(w) }),
    probe: { campaign: "judging", entry: "scored" },
    neverForbidden: "an entry one may not read is not found, so entry ids cannot be probed",
    cases: [
      { who: "李红", campaign: "judging", entry: "scored", status: 200, because: "the office reads entries in full", check: (r) => expect(r.json.view).toBe("full") },
      { who: "张晓雯", campaign: "judging", entry: "scored", status: 200, because: "the submitter reads her own entry", check: (r) => expect(r.json.view).toBe("full") },
      { who: "吴一鸣", campaign: "judging", entry: "scored", status: 200, because: "an assigned judge reads the blind judge view", check: (r) => (expect(r.json.view).toBe("judge"), noUnitName(r)) },
      { who: "赵立群", campaign: "collecting", entry: "draft", status: 200, because: "the submitter reads his own draft" },
      { who: "张晓雯", campaign: "collecting", entry: "draft", status: 404, code: NO_ENTRY, because: "a unit cannot read another unit's draft" },
      { who: "李红", campaign: "collecting", entry: "draft", status: 404, code: NO_ENTRY, because: "nobody but the submitter reads a draft, the office neither" },
      { who: "陈思远", campaign: "judging", entry: "scored", status: 404, code: NO_ENTRY, because: "a plain member of the unit does not read others' entries" },
      { who: "吴一鸣", campaign: "collecting", entry: "draft", status: 404, code: NO_ENTRY, because: "a judge reads only entries assigned to him" },
      { ...HIDDEN_ROWS[0]!, entry: "missing" },
      { ...HIDDEN_ROWS[2]!, entry: "missing" },
    ],
  },
  {
    route: "PUT /campaigns/{campaignId}/entries/{entryId}",
    doing: "edits",
    send: (w) => ({ path: path("/campaigns/{campaignId}/entries/{entryId}")(w), body: { data: { title: "矩阵草稿（改）" }, submit: false, revision: 1 } }),
    probe: { campaign: "collecting", entry: "draft" },
    cases: [
      { who: "赵立群", campaign: "collecting", entry: "draft", status: 200, because: "the submitter saves his draft within the window" },
      { who: "李红", campaign: "judging", entry: "scored", status: 403, code: DENIED, because: "the office reads the entry but only its submitter edits it" },
      { who: "张晓雯", campaign: "collecting", entry: "draft", status: 404, code: NO_ENTRY, because: "another unit's draft is not even there for her" },
      { ...HIDDEN_ROWS[0]!, entry: "missing" },
      { ...HIDDEN_ROWS[2]!, entry: "missing" },
    ],
  },
  {
    route: "PUT /campaigns/{campaignId}/judges",
    doing: "sets the panel of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/judges")(w), body: { judgeIds: [IDS.wu] } }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 200, because: "the office admin sets the panel" },
      { who: "张晓雯", campaign: "sandbox", status: 422, code: "validation.failed", because: "allowed (admin carried down); 吴一鸣 is no judge of the throwaway org" },
      { who: "王海峰", campaign: "judging", status: 403, code: DENIED, because: "a reviewer beneath the district is not its office" },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "a judge does not pick the panel" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "PUT /campaigns/{campaignId}/window",
    doing: "moves the submission window of",
    // Extends the window by two hours from now: the collecting campaigns stay open for their rows.
    send: (w) => ({ path: path("/campaigns/{campaignId}/window")(w), body: { submissionsCloseAt: new Date(Date.now() + 2 * 3_600_000).toISOString() } }),
    probe: { campaign: "sandbox" },
    after: (response) => {
      if (response.status === 200) expect(Date.parse(response.json.submissionsCloseAt)).toBeGreaterThan(Date.now());
    },
    cases: [
      { who: "李红", campaign: "collecting", status: 200, because: "the office admin extends the window while collecting" },
      { who: "张晓雯", campaign: "sandbox", status: 200, because: "admin carries down to the throwaway org's campaign" },
      { who: "李红", campaign: "judging", status: 409, code: "campaign.invalid_state", because: "allowed; but judging has started, the window cannot be re-opened" },
      { who: "王海峰", campaign: "collecting", status: 403, code: DENIED, because: "a reviewer beneath the district is not its office" },
      { who: "吴一鸣", campaign: "collecting", status: 403, code: DENIED, because: "a judge does not run the window" },
      { who: "赵立群", campaign: "collecting", status: 403, code: DENIED, because: "an entrant's unit admin does not run the window" },
      { who: "沙盒会员", campaign: "sandbox", status: 403, code: DENIED, because: "a plain member does not run the window" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "POST /campaigns/{campaignId}/judging",
    doing: "starts judging in",
    send: (w) => ({ path: path("/campaigns/{campaignId}/judging")(w) }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 409, code: "campaign.invalid_state", because: "allowed; judging already runs" },
      { who: "张晓雯", campaign: "sandbox", status: 409, code: "campaign.invalid_state", because: "allowed (admin carried down); the window is still open" },
      { who: "沙盒会员", campaign: "sandbox", status: 403, code: DENIED, because: "a plain member does not run the campaign" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "POST /campaigns/{campaignId}/assignments/auto",
    doing: "assigns judges automatically in",
    send: (w) => ({ path: path("/campaigns/{campaignId}/assignments/auto")(w) }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 200, because: "the office admin; every entry is already filled", check: (r) => expect(r.json.added).toBe(0) },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "a judge does not assign" },
      { who: "沙盒会员", campaign: "sandbox", status: 403, code: DENIED, because: "a plain member does not assign" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/assignments",
    doing: "reads the assignment matrix of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/assignments")(w) }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 200, because: "the office" },
      { who: "王海峰", campaign: "judging", status: 403, code: DENIED, because: "a reviewer beneath the district is not its office" },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "judges do not see who else judges what" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "PUT /campaigns/{campaignId}/assignments/{entryId}/{judgeId}",
    doing: "assigns a judge by hand in",
    send: (w) => ({ path: path("/campaigns/{campaignId}/assignments/{entryId}/{judgeId}")(w) }),
    probe: { campaign: "judging", entry: "scored", judge: "吴一鸣" },
    cases: [
      { who: "李红", campaign: "judging", entry: "scored", judge: "吴一鸣", status: 200, because: "the office admin; the assignment already exists" },
      { who: "吴一鸣", campaign: "judging", entry: "scored", judge: "吴一鸣", status: 403, code: DENIED, because: "a judge does not assign himself" },
      { who: "沙盒会员", campaign: "sandbox", entry: "missing", judge: "吴一鸣", status: 403, code: DENIED, because: "a plain member does not assign" },
      { ...HIDDEN_ROWS[0]!, entry: "missing", judge: "吴一鸣" },
      { ...HIDDEN_ROWS[2]!, entry: "missing", judge: "吴一鸣" },
    ],
  },
  {
    route: "DELETE /campaigns/{campaignId}/assignments/{entryId}/{judgeId}",
    doing: "removes an assignment in",
    send: (w) => ({ path: path("/campaigns/{campaignId}/assignments/{entryId}/{judgeId}")(w) }),
    probe: { campaign: "judging", entry: "scored", judge: "吴一鸣" },
    cases: [
      { who: "李红", campaign: "judging", entry: "scored", judge: "吴一鸣", status: 409, code: "campaign.score_submitted", because: "allowed; the judge has submitted his score" },
      { who: "李红", campaign: "judging", entry: "scored", judge: "nobody", status: 404, code: NO_ENTRY, because: "allowed; there is no such assignment" },
      { who: "吴一鸣", campaign: "judging", entry: "scored", judge: "吴一鸣", status: 403, code: DENIED, because: "a judge does not unassign himself" },
      { ...HIDDEN_ROWS[0]!, entry: "missing", judge: "吴一鸣" },
      { ...HIDDEN_ROWS[2]!, entry: "missing", judge: "吴一鸣" },
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/my-assignments",
    doing: "reads his assignments in",
    send: (w) => ({ path: path("/campaigns/{campaignId}/my-assignments")(w) }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "吴一鸣", campaign: "judging", status: 200, because: "a judge on the panel", check: (r) => (expect(r.json.items).toHaveLength(2), noUnitName(r)) },
      { who: "李红", campaign: "judging", status: 403, code: "access.denied", because: "the office is not on the panel" },
      { who: "沙盒会员", campaign: "sandbox", status: 403, code: DENIED, because: "not a judge" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "PUT /campaigns/{campaignId}/entries/{entryId}/score",
    doing: "scores",
    send: (w) => ({ path: path("/campaigns/{campaignId}/entries/{entryId}/score")(w), body: { scores: { innovation: 12 }, comment: "草稿", submit: false } }),
    probe: { campaign: "judging", entry: "unscored" },
    cases: [
      { who: "吴一鸣", campaign: "judging", entry: "unscored", status: 200, because: "the assigned judge saves a draft", check: (r) => (expect(r.json.status).toBe("draft"), noUnitName(r)) },
      { who: "吴一鸣", campaign: "judging", entry: "scored", status: 409, code: "campaign.score_submitted", because: "allowed; his score is final" },
      { who: "李红", campaign: "judging", entry: "unscored", status: 403, code: DENIED, because: "the office does not score" },
      { who: "张晓雯", campaign: "judging", entry: "unscored", status: 403, code: DENIED, because: "the submitter does not score" },
      { ...HIDDEN_ROWS[0]!, entry: "missing" },
      { ...HIDDEN_ROWS[2]!, entry: "missing" },
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/entries/{entryId}/scores",
    doing: "reads all scores of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/entries/{entryId}/scores")(w) }),
    probe: { campaign: "judging", entry: "scored" },
    cases: [
      { who: "李红", campaign: "judging", entry: "scored", status: 200, because: "the office always" },
      { who: "吴一鸣", campaign: "judging", entry: "scored", status: 200, because: "a judge who has submitted his own score", check: noUnitName },
      { who: "吴一鸣", campaign: "judging", entry: "unscored", status: 403, code: "campaign.score_first", because: "a judge who has not yet submitted his own" },
      { who: "张晓雯", campaign: "judging", entry: "scored", status: 403, code: DENIED, because: "the submitter does not see the judges' scores" },
      { ...HIDDEN_ROWS[0]!, entry: "missing" },
      { ...HIDDEN_ROWS[2]!, entry: "missing" },
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/ranking",
    doing: "reads the ranking of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/ranking")(w) }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 200, because: "the office" },
      { who: "王海峰", campaign: "judging", status: 403, code: DENIED, because: "a reviewer beneath the district is not its office" },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "the ranking is the office's" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "POST /campaigns/{campaignId}/confirm",
    doing: "confirms the awards of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/confirm")(w), body: { awards: [{ tier: "特等奖", entryIds: [] }] } }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 422, code: "validation.failed", because: "allowed; there is no such tier" },
      { who: "张晓雯", campaign: "sandbox", status: 409, code: "campaign.invalid_state", because: "allowed (admin carried down); nothing is judged yet" },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "a judge does not confirm" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "POST /campaigns/{campaignId}/objections",
    doing: "files an objection to",
    send: (w) => ({ path: path("/campaigns/{campaignId}/objections")(w), body: { reasons: "授权矩阵里提出的异议理由。" } }),
    probe: { campaign: "sandbox" },
    neverForbidden: "during the 公示 anyone signed in may object; otherwise the campaign's state refuses",
    cases: [
      { who: "周敏", campaign: "notice", status: 201, because: "anyone signed in, during the 公示" },
      { who: "沙盒会员", campaign: "notice", status: 201, because: "anyone signed in, during the 公示" },
      { who: "陈思远", campaign: "judging", status: 409, code: "campaign.invalid_state", because: "no 公示 yet" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/objections",
    doing: "lists the objections to",
    send: (w) => ({ path: path("/campaigns/{campaignId}/objections")(w) }),
    probe: { campaign: "sandbox" },
    neverForbidden: "the office sees all, anyone else only their own",
    cases: [
      { who: "李红", campaign: "notice", status: 200, because: "the office sees every objection", check: (r) => expect(r.json.items.map((o: { objectionId: string }) => o.objectionId)).toContain(IDS.objection) },
      { who: "周敏", campaign: "notice", status: 200, because: "the filer sees her own", check: (r) => expect(r.json.items.map((o: { objectionId: string }) => o.objectionId)).toContain(IDS.objection) },
      { who: "陈思远", campaign: "notice", status: 200, because: "anyone else sees only their own", check: (r) => expect(r.json.items).toEqual([]) },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "POST /campaigns/{campaignId}/objections/{objectionId}/resolve",
    doing: "answers an objection to",
    send: (w) => ({ path: path("/campaigns/{campaignId}/objections/{objectionId}/resolve")(w), body: { answer: "经核实，不影响评选结果。", upheld: false } }),
    probe: { campaign: "notice", objection: "open" },
    cases: [
      { who: "李红", campaign: "notice", objection: "missing", status: 404, code: "campaign.objection_not_found", because: "allowed; there is no such objection" },
      { who: "周敏", campaign: "notice", objection: "open", status: 403, code: DENIED, because: "the filer does not answer her own objection" },
      { who: "吴一鸣", campaign: "notice", objection: "open", status: 403, code: DENIED, because: "a judge does not answer objections" },
      { ...HIDDEN_ROWS[0]!, objection: "missing" },
      { ...HIDDEN_ROWS[2]!, objection: "missing" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/objections",
    doing: "reads the open objections (待办) of",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/objections?status=open` }),
    probe: { org: "sandbox" },
    cases: [
      { who: "李红", org: "district", status: 200, because: "the office's 待办", check: (r) => expect(r.json.items.map((o: { objectionId: string }) => o.objectionId)).toContain(IDS.objection) },
      { who: "王海峰", org: "sandbox", status: 200, because: "a reviewer's role carries down" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member is not the office" },
      { who: "张晓雯", org: "district", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "赵立群", org: "sandbox", status: 404, code: HIDDEN, because: "no standing in the throwaway org" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "POST /campaigns/{campaignId}/finalize",
    doing: "publishes the results of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/finalize")(w) }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "notice", status: 409, code: "campaign.notice_running", because: "allowed; the 公示 has days to run" },
      { who: "吴一鸣", campaign: "notice", status: 403, code: DENIED, because: "a judge does not publish" },
      { who: "沙盒会员", campaign: "sandbox", status: 403, code: DENIED, because: "a plain member does not publish" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/scores.xlsx",
    doing: "downloads every score of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/scores.xlsx")(w) }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 200, because: "the office", check: (r) => expect(r.headers.get("content-type")).toContain("spreadsheetml") },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "a judge does not export all scores" },
      { who: "张晓雯", campaign: "judging", status: 403, code: DENIED, because: "an entrant does not see the scores" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/certificates.pdf",
    doing: "downloads the certificates of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/certificates.pdf")(w) }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 409, code: "campaign.invalid_state", because: "the office, before the results are published" },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "a judge does not issue certificates" },
      { who: "张晓雯", campaign: "judging", status: 403, code: DENIED, because: "an entrant does not issue certificates" },
      ...HIDDEN_ROWS,
    ],
  },
  // The public vote stage (网络投票): the office configures it, reads counts and fraud signals, voids a source.
  {
    route: "PUT /campaigns/{campaignId}/public-vote",
    doing: "sets the public vote of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/public-vote")(w), body: PUBLIC_VOTE }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 200, because: "the office admin", check: (r) => expect(r.json.publicVote).toEqual(PUBLIC_VOTE) },
      { who: "李红", campaign: "notice", status: 409, code: "campaign.invalid_state", because: "allowed, but the ranking is confirmed" },
      { who: "张晓雯", campaign: "sandbox", status: 200, because: "admin of the throwaway org's office" },
      { who: "王海峰", campaign: "judging", status: 403, code: DENIED, because: "a reviewer reads but does not configure" },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "a judge does not configure the vote" },
      { who: "陈思远", campaign: "judging", status: 403, code: DENIED, because: "an entrant" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "GET /campaigns/{campaignId}/public-vote",
    doing: "reads the public vote's counts and fraud signals of",
    send: (w) => ({ path: path("/campaigns/{campaignId}/public-vote")(w) }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 200, because: "the office", check: (r) => expect(r.json.signals).toMatchObject({ total: expect.any(Number) }) },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "a judge does not see the votes" },
      { who: "陈思远", campaign: "judging", status: 403, code: DENIED, because: "an entrant does not see the fraud view" },
      ...HIDDEN_ROWS,
    ],
  },
  {
    route: "POST /campaigns/{campaignId}/public-vote/void",
    doing: "voids a source's votes in",
    send: (w) => ({ path: path("/campaigns/{campaignId}/public-vote/void")(w), body: { source: { kind: "address", value: "10.250.250.250" }, reason: "授权矩阵：作废一个来源" } }),
    probe: { campaign: "sandbox" },
    cases: [
      { who: "李红", campaign: "judging", status: 422, code: "validation.failed", because: "allowed; that address cast no vote", check: (r) => expect(r.json.errors["source.value"]).toEqual(["该来源没有有效投票"]) },
      { who: "王海峰", campaign: "judging", status: 403, code: DENIED, because: "a reviewer does not void votes" },
      { who: "吴一鸣", campaign: "judging", status: 403, code: DENIED, because: "a judge does not void votes" },
      ...HIDDEN_ROWS,
    ],
  },
  // The working-day calendar the 公示 counts with: anyone signed in reads a year; platform admins
  // and admins of a top-level office (区委统战部, a root org) replace a year's arrangement.
  {
    route: "GET /working-days/{year}",
    doing: "reads the working-day calendar of",
    send: ({ year }) => ({ path: `/working-days/${year}` }),
    probe: {},
    neverForbidden: "anyone signed in reads the calendar the 公示 counts with",
    cases: [
      { who: "陈思远", status: 200, because: "a plain member reads the calendar", check: (r) => expect(r.json).toMatchObject({ year: 2099, source: "none" }) },
      { who: "沙盒会员", year: 2026, status: 200, because: "anyone signed in", check: (r) => expect(r.json).toMatchObject({ year: 2026, source: "package" }) },
    ],
  },
  {
    route: "PUT /working-days/{year}",
    doing: "replaces the working-day calendar of",
    send: ({ year }) => ({ path: `/working-days/${year}`, body: { holidays: [`${year}-01-01`], workdays: [], reason: "授权矩阵：补录元旦", version: 0 } }),
    probe: {},
    cases: [
      { who: "李红", year: 2098, status: 200, because: "admin of the district office, a top-level org", check: (r) => expect(r.json).toMatchObject({ source: "override", holidays: ["2098-01-01"], version: 1 }) },
      { who: "平台管理员", year: 2097, status: 200, because: "the platform admin" },
      { who: "张晓雯", status: 403, code: DENIED, because: "an admin of a unit below the office does not edit the national calendar" },
      { who: "王海峰", status: 403, code: DENIED, because: "a reviewer does not edit the calendar" },
      { who: "吴一鸣", status: 403, code: DENIED, because: "a judge at the office is not its admin" },
    ],
  },
  {
    route: "GET /working-days/{year}/audit",
    doing: "reads who changed the working-day calendar of",
    send: ({ year }) => ({ path: `/working-days/${year}/audit` }),
    probe: {},
    cases: [
      { who: "李红", status: 200, because: "admin of the district office" },
      { who: "平台管理员", status: 200, because: "the platform admin" },
      { who: "张晓雯", status: 403, code: DENIED, because: "only those who may edit the calendar read its log" },
      { who: "陈思远", status: 403, code: DENIED, because: "a plain member" },
    ],
  },
];

describeMatrix(PROTECTED, CAMPAIGNS);

// ---------------------------------------------------------------------------------------
// What the matrix promises about itself and about hiding campaigns
// ---------------------------------------------------------------------------------------

const scoped = (spec: RouteSpec<Place, Where>) => Object.keys(spec.probe).length > 0;
const { hidden, allowed } = thingRows<Place, Where>("campaign", GONE);

describeGuards({
  file: "authorization-campaigns.test.ts",
  specs: PROTECTED,
  /** The 公示 and results page needs no session (checked just below). */
  publicRoutes: [
    "GET /public/campaigns/{campaignId}",
    // The public vote: no session; a voter proves a phone by SMS code (tests/api/campaign-public-vote.test.ts).
    "GET /public/campaigns/{campaignId}/vote",
    "POST /public/campaigns/{campaignId}/vote/code",
    "POST /public/campaigns/{campaignId}/vote/voter",
    "POST /public/campaigns/{campaignId}/votes",
  ],
  scoped: (spec) => scoped(spec) && spec.cases.some((c) => c.status < 400),
  hidden,
});

describeRefusedRoutes("the routes whose allowed callers the campaign's state refuses still show allowed, forbidden and hidden rows", PROTECTED, { hidden, allowed });

describe("a campaign you may not see looks exactly like one that does not exist", () => {
  it.each(PROTECTED.filter((spec) => spec.probe.campaign === "sandbox" || spec.probe.org).map((spec) => [specTitle(spec), spec] as const))("%s: 赵立群", async (_title, spec) => {
    const place: Place = spec.probe.org ? { org: "sandbox" } : { campaign: "sandbox" };
    const madeUp: Place = spec.probe.org ? { org: "missing" } : { campaign: "missing" };
    const { response: hiddenReply } = await ask({ token: token("赵立群") }, spec, CAMPAIGNS, place);
    const { response: missing } = await ask({ token: token("赵立群") }, spec, CAMPAIGNS, madeUp);
    expectSameProblem(hiddenReply, missing, 404, spec.probe.org ? HIDDEN : GONE);
  });
});

describe("the public vote page", () => {
  it("shows a campaign's vote to anyone without a session, and nothing of a campaign without one", async () => {
    const page = await call("GET", `/public/campaigns/${CAMPAIGN.judging}/vote`);
    expect(page.status, page.text).toBe(200);
    expect(page.json).toMatchObject({ title: "授权矩阵·评审中", picksPerDay: 2, showCounts: false });
    expect(page.text).not.toContain(ORG_LABELS.xinyicheng);
    expectSameProblem(await call("GET", `/public/campaigns/${CAMPAIGN.collecting}/vote`), await call("GET", `/public/campaigns/${CAMPAIGN.missing}/vote`), 404, GONE);
  });

  it("casts no vote without a pass proven by an SMS code", async () => {
    expectProblem(await call("POST", `/public/campaigns/${CAMPAIGN.judging}/votes`, { body: { pass: "x.y", entryIds: [ENTRY.scored] } }), 401, "campaign.voter_unverified");
  });
});

describe("the public 公示 / results page", () => {
  it("shows a campaign in its 公示 to anyone, without a session", async () => {
    const page = await call("GET", `/public/campaigns/${CAMPAIGN.notice}`);
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ status: "notice", title: "授权矩阵·公示中" });
  });

  it("says nothing of a campaign not yet in its 公示, exactly as of one that does not exist", async () => {
    for (const key of ["judging", "collecting", "sandbox"] as const) {
      const hiddenPage = await call("GET", `/public/campaigns/${CAMPAIGN[key]}`, { token: token("李红") });
      const missing = await call("GET", `/public/campaigns/${CAMPAIGN.missing}`);
      expectSameProblem(hiddenPage, missing, 404, GONE);
    }
  });

  it("answers 404 problem+json for a made-up id", async () => {
    expectProblem(await call("GET", `/public/campaigns/${newId()}`), 404, GONE);
  });
});
