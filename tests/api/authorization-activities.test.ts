/**
 * The authorization matrix for activities: proposing one (活动申报), the calendars and lists,
 * an activity with its sign-ups, check-in and summary, and the statistics (the people, broken
 * sessions, runner and guards are in tests/support/authz.ts).
 *
 * The actions (packages/core/src/access/policy.ts, packages/core/src/activities/model.ts):
 * - proposing (`POST /orgs/{orgId}/activities`): `forms.fill` there, and only for a unit the
 *   caller belongs to directly (anyone else with standing is told 403);
 * - `activities.read` (calendar, list, an activity, signing up): everyone with any standing in
 *   the org or beneath it, so these answer 200 or 404, never 403. An activity is listed in the
 *   calendar of its unit and of every org above, so everyone in the 闵行 tree may see it: only
 *   a made-up activity id is hidden from the demo people;
 * - sign-up lists, check-in and the summary: the organizer and the unit's admins (carried
 *   down), 403 for everyone else who may see the activity;
 * - `activities.stats`: admins and reviewers, carried down.
 *
 * Fixtures: the throwaway org's own member proposes an activity for the throwaway org, and
 * the chain's approvers approve it, so the activity belongs to the throwaway org. Nothing is
 * counted: no summary is filed (a summary adds to the statistics up the tree; the allowed rows
 * ask before the activity starts and are refused), no one checks in (a made-up code), and the
 * proposals the rows make are drafts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { shanghaiLocal } from "@tongxin/core/activities/time";
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
  UP_THE_TREE,
  type Case,
  type Domain,
  type OrgKey,
  type Reply,
  type RouteSpec,
} from "../support/authz";

// ---------------------------------------------------------------------------------------
// Where
// ---------------------------------------------------------------------------------------

type ActivityKey = "sandbox" | "missing";

interface Place {
  org?: OrgKey;
  activity?: ActivityKey;
}

interface Where {
  orgId: string;
  activityId: string;
}

const ACTIVITY_LABELS: Record<ActivityKey, string> = {
  sandbox: "沙盒会员's activity in the throwaway org",
  missing: "an activity id that does not exist",
};

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

const DAY = 86_400_000;
const at = (days: number, time: string) => `${shanghaiLocal(new Date(Date.now() + days * DAY)).slice(0, 10)}T${time}`;
const PROPOSAL = {
  title: "矩阵活动",
  theme: "sishi",
  startsAt: at(30, "14:00"),
  endsAt: at(30, "16:00"),
  venue: "沙盒活动室",
  capacity: 30,
  needsFunds: "no",
  description: "授权矩阵的活动",
};
const MONTH = PROPOSAL.startsAt.slice(0, 7);
/** Saved as a draft: no approval starts, nothing is counted. */
const DRAFT = { data: { title: "矩阵草稿" }, draft: true };
/** Refused by the answer check, after the policy: nothing is stored. */
const BAD_PROPOSAL = { data: { theme: "nope" } };
const SUMMARY = { spentFen: 0, notes: "矩阵总结" };

const ACTIVITY: Record<ActivityKey, string> = { sandbox: "", missing: newId() };

async function expectStatus(response: Reply, status: number) {
  expect(response.status, response.text).toBe(status);
  return response.json;
}

beforeAll(async () => {
  await prepareMatrix();
  const proposed = await expectStatus(await call("POST", `/orgs/${sandbox.orgId}/activities`, { token: token("沙盒会员"), body: { data: PROPOSAL } }), 201);
  // Whoever the chain waits for approves, until it is approved.
  for (let round = 0; round < 6; round += 1) {
    const view = await expectStatus(await call("GET", `/instances/${proposed.instanceId}`, { token: token("李红") }), 200);
    if (view.instance.state.status === "approved") break;
    let acted = false;
    for (const who of ["张晓雯", "王海峰", "李红"] as const) {
      const response = await call("POST", `/instances/${proposed.instanceId}/actions`, { token: token(who), body: { type: "approve" } });
      if (response.status === 200) {
        acted = true;
        break;
      }
    }
    expect(acted, JSON.stringify(view.pending)).toBe(true);
  }
  ACTIVITY.sandbox = proposed.submissionId;
  await expectStatus(await call("GET", `/activities/${ACTIVITY.sandbox}`, { token: token("沙盒会员") }), 200);
});

const ACTIVITIES: Domain<Place, Where> = {
  resolve: async ({ org, activity }) => ({ orgId: org ? orgIdOf(org)! : "", activityId: activity ? ACTIVITY[activity] : "" }),
  label: (_spec, { org, activity }) => `${org ? ` ${ORG_LABELS[org]}` : ""}${activity ? ` ${ACTIVITY_LABELS[activity]}` : ""}`,
};

const activityIds = (response: Reply) => (response.json.items as Array<{ activityId: string }>).map((item) => item.activityId);

// ---------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------

const ACTIVITY_GONE = "activity.not_found";
const READ_NEVER_FORBIDDEN = "activities.read reaches everyone with standing: whoever may see the org belongs within it or holds a role carried down to it";

const PROTECTED: Array<RouteSpec<Place, Where>> = [
  {
    route: "POST /orgs/{orgId}/activities",
    doing: "proposes an activity for",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/activities`, body: DRAFT }),
    probe: { org: "sandbox" },
    after: (response, { orgId }) => {
      if (response.status === 201) expect(response.json).toMatchObject({ status: "draft", unitId: orgId });
    },
    cases: [
      { who: "沙盒会员", org: "sandbox", status: 201, because: "a member proposes for the unit they belong to" },
      // Allowed, shown without writing: the answers are refused after the policy check.
      { who: "张晓雯", org: "xinyicheng", body: BAD_PROPOSAL, status: 422, code: "validation.failed", because: "allowed (her own unit); the answers are then refused" },
      { who: "陈思远", org: "qibao", body: BAD_PROPOSAL, status: 422, code: "validation.failed", because: "allowed (a plain member of his own unit); the answers are then refused" },
      { who: "张晓雯", org: "sandbox", status: 403, code: DENIED, because: "an admin carried down may fill there, but proposes only for a unit she belongs to" },
      { who: "王海峰", org: "xinyicheng", status: 403, code: DENIED, because: "a reviewer carried down proposes only for his own unit" },
      { who: "李红", org: "hongqiao", status: 403, code: DENIED, because: "a district admin proposes only for her own unit" },
      { who: "陈思远", org: "district", status: 403, code: DENIED, because: `${UP_THE_TREE}; and one proposes only for one's own unit` },
      { who: "赵立群", org: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/calendar",
    doing: "opens the calendar of",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/calendar?month=${MONTH}` }),
    probe: { org: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", org: "sandbox", status: 200, because: "a member reads their unit's calendar", check: (r) => expect(activityIds(r)).toContain(ACTIVITY.sandbox) },
      { who: "陈思远", org: "district", status: 200, because: "belonging beneath is enough; the activity shows up the tree", check: (r) => expect(activityIds(r)).toContain(ACTIVITY.sandbox) },
      { who: "周敏", org: "association", status: 200, because: "belonging beneath is enough", check: (r) => expect(activityIds(r)).not.toContain(ACTIVITY.sandbox) },
      { who: "王海峰", org: "sandbox", status: 200, because: "a reviewer's role carries down" },
      { who: "吴一鸣", org: "district", status: 200, because: "a judge reads his org's calendar" },
      { who: "赵立群", org: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "吴一鸣", org: "sandbox", status: 404, code: HIDDEN, because: "the judge role does not carry down the tree" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/activities",
    doing: "lists the activities of",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/activities` }),
    probe: { org: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", org: "sandbox", status: 200, because: "a member reads their unit's activities", check: (r) => expect(activityIds(r)).toContain(ACTIVITY.sandbox) },
      { who: "张晓雯", org: "sandbox", status: 200, because: "an admin's role carries down", check: (r) => expect(activityIds(r)).toContain(ACTIVITY.sandbox) },
      { who: "陈思远", org: "hongqiao", status: 200, because: "belonging beneath is enough" },
      { who: "平台管理员", org: "sandbox", status: 200, because: "the platform admin may act anywhere" },
      { who: "赵立群", org: "sandbox", status: 404, code: HIDDEN, because: "no standing in the throwaway org" },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/stats",
    doing: "reads the activity statistics of",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/stats` }),
    probe: { org: "sandbox" },
    cases: [
      { who: "张晓雯", org: "sandbox", status: 200, because: "an admin's role carries down" },
      { who: "王海峰", org: "hongqiao", status: 200, because: "a reviewer reads his org's statistics" },
      { who: "李红", org: "district", status: 200, because: "district admin+reviewer" },
      { who: "赵立群", org: "qibao", status: 200, because: "an admin reads his org's statistics" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member does not read statistics" },
      { who: "陈思远", org: "xinyicheng", status: 403, code: DENIED, because: "a plain member does not read statistics" },
      { who: "周敏", org: "qibao", status: 403, code: DENIED, because: "a scrutineer does not read statistics" },
      { who: "吴一鸣", org: "district", status: 403, code: DENIED, because: "a judge does not read statistics" },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "赵立群", org: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "GET /me/activities",
    doing: "lists the activities they signed up for",
    send: () => ({ path: "/me/activities" }),
    probe: {},
    cases: [
      { who: "沙盒会员", status: 200, because: "everyone lists their own" },
      { who: "平台管理员", status: 200, because: "everyone lists their own" },
    ],
  },
  {
    route: "GET /activities/{activityId}",
    doing: "opens",
    send: ({ activityId }) => ({ path: `/activities/${activityId}` }),
    probe: { activity: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", activity: "sandbox", status: 200, because: "the organizer" },
      { who: "王海峰", activity: "sandbox", status: 200, because: "a reviewer's role carries down" },
      { who: "赵立群", activity: "sandbox", status: 200, because: "the activity is listed in the district's calendar, and 七宝分会 is beneath the district" },
      { who: "吴一鸣", activity: "sandbox", status: 200, because: "a judge reads the district's calendar, where it is listed" },
      { who: "平台管理员", activity: "missing", status: 404, code: ACTIVITY_GONE, because: "there is no such activity" },
    ],
  },
  {
    route: "POST /activities/{activityId}/signups",
    doing: "signs up for",
    send: ({ activityId }) => ({ path: `/activities/${activityId}/signups` }),
    probe: { activity: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", activity: "sandbox", status: 201, because: "whoever may see an activity may sign up" },
      { who: "沙盒会员", activity: "sandbox", status: 409, code: "signup.exists", because: "allowed; a second sign-up is then refused" },
      { who: "平台管理员", activity: "missing", status: 404, code: ACTIVITY_GONE, because: "there is no such activity" },
    ],
  },
  {
    route: "GET /activities/{activityId}/signups",
    doing: "lists the sign-ups of",
    send: ({ activityId }) => ({ path: `/activities/${activityId}/signups` }),
    probe: { activity: "sandbox" },
    cases: [
      { who: "沙盒会员", activity: "sandbox", status: 200, because: "the organizer manages it", check: (r) => expect(r.json.counts.confirmed).toBe(1) },
      { who: "张晓雯", activity: "sandbox", status: 200, because: "an admin carried down to the unit manages it" },
      { who: "李红", activity: "sandbox", status: 200, because: "district admin inherits down the tree" },
      { who: "王海峰", activity: "sandbox", status: 403, code: DENIED, because: "a reviewer sees it but does not manage it" },
      { who: "陈思远", activity: "sandbox", status: 403, code: DENIED, because: "a plain member of the parent org sees it but does not manage it" },
      { who: "赵立群", activity: "sandbox", status: 403, code: DENIED, because: "an admin of another branch sees it up the tree but does not manage it" },
      { who: "平台管理员", activity: "missing", status: 404, code: ACTIVITY_GONE, because: "there is no such activity" },
    ],
  },
  {
    route: "POST /activities/{activityId}/checkins",
    doing: "checks someone in to",
    send: ({ activityId }) => ({ path: `/activities/${activityId}/checkins`, body: { token: "not-a-real-checkin-code" } }),
    probe: { activity: "sandbox" },
    cases: [
      // Allowed, shown without writing: the check-in code is made up.
      { who: "沙盒会员", activity: "sandbox", status: 404, code: "checkin.token_invalid", because: "allowed (the organizer); a made-up code is then refused" },
      { who: "张晓雯", activity: "sandbox", status: 404, code: "checkin.token_invalid", because: "allowed (admin carried down); a made-up code is then refused" },
      { who: "王海峰", activity: "sandbox", status: 403, code: DENIED, because: "a reviewer sees it but does not manage it" },
      { who: "周敏", activity: "sandbox", status: 403, code: DENIED, because: "a member elsewhere in the tree sees it but does not manage it" },
      { who: "平台管理员", activity: "missing", status: 404, code: ACTIVITY_GONE, because: "there is no such activity" },
    ],
  },
  {
    route: "POST /activities/{activityId}/summary",
    doing: "files the summary of",
    send: ({ activityId }) => ({ path: `/activities/${activityId}/summary`, body: SUMMARY }),
    probe: { activity: "sandbox" },
    cases: [
      // Allowed, shown without writing: the activity has not started.
      { who: "沙盒会员", activity: "sandbox", status: 409, code: "activity.not_started", because: "allowed (the organizer); it has not started yet" },
      { who: "李红", activity: "sandbox", status: 409, code: "activity.not_started", because: "allowed (district admin carried down); it has not started yet" },
      { who: "王海峰", activity: "sandbox", status: 403, code: DENIED, because: "a reviewer sees it but does not manage it" },
      { who: "吴一鸣", activity: "sandbox", status: 403, code: DENIED, because: "a judge sees it but does not manage it" },
      { who: "平台管理员", activity: "missing", status: 404, code: ACTIVITY_GONE, because: "there is no such activity" },
    ],
  },
  {
    route: "POST /activities/{activityId}/cancel",
    doing: "cancels",
    send: ({ activityId }) => ({ path: `/activities/${activityId}/cancel`, body: { reason: "" } }),
    probe: { activity: "sandbox" },
    cases: [
      // Allowed, shown without writing: a blank reason is refused after the policy.
      { who: "沙盒会员", activity: "sandbox", status: 422, code: "validation.failed", because: "allowed (the organizer); a blank reason is then refused" },
      { who: "张晓雯", activity: "sandbox", status: 422, code: "validation.failed", because: "allowed (admin carried down); a blank reason is then refused" },
      { who: "王海峰", activity: "sandbox", status: 403, code: DENIED, because: "a reviewer sees it but does not manage it" },
      { who: "陈思远", activity: "sandbox", status: 403, code: DENIED, because: "a plain member of the parent org sees it but does not manage it" },
      { who: "平台管理员", activity: "missing", status: 404, code: ACTIVITY_GONE, because: "there is no such activity" },
    ],
  },
  {
    route: "DELETE /activities/{activityId}/signups/me",
    doing: "cancels their sign-up for",
    send: ({ activityId }) => ({ path: `/activities/${activityId}/signups/me` }),
    probe: { activity: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", activity: "sandbox", status: 200, because: "whoever signed up may cancel" },
      { who: "陈思远", activity: "sandbox", status: 404, code: "signup.not_found", because: "allowed (he may see it); he never signed up" },
      { who: "平台管理员", activity: "missing", status: 404, code: ACTIVITY_GONE, because: "there is no such activity" },
    ],
  },
];

describeMatrix(PROTECTED, ACTIVITIES);

// ---------------------------------------------------------------------------------------
// What the matrix promises about itself and about hiding
// ---------------------------------------------------------------------------------------

const orgScoped = (spec: RouteSpec<Place, Where>) => spec.probe.org !== undefined;
const activityScoped = (spec: RouteSpec<Place, Where>) => spec.probe.activity !== undefined;

describeGuards({
  file: "authorization-activities.test.ts",
  specs: PROTECTED,
  scoped: orgScoped,
  hidden: (c: Case<Place, Where>) => c.status === 404 && c.code === HIDDEN && c.org !== "missing",
});

describe("every demo person has standing to see the throwaway org's activity (it is listed up to the district), so only a made-up id is hidden", () => {
  /** Allowed: a success, or a refusal that comes only after the policy let the caller through. */
  const allowed = (c: Case<Place, Where>) => c.status < 400 || ![DENIED, ACTIVITY_GONE].includes(c.code!);
  it.each(PROTECTED.filter(activityScoped).map((spec) => [specTitle(spec), spec] as const))("%s has a made-up-id row, allowed rows, and forbidden rows (or says why it cannot)", (_title, spec) => {
    expect(spec.cases.some((c) => c.activity === "missing" && c.code === ACTIVITY_GONE)).toBe(true);
    expect(spec.cases.some(allowed)).toBe(true);
    expect(spec.cases.some((c) => c.code === DENIED), spec.neverForbidden ?? "no 403 row").toBe(!spec.neverForbidden);
  });
});

describe("an org you may not see looks exactly like one that does not exist", () => {
  it.each(PROTECTED.filter(orgScoped).map((spec) => [specTitle(spec), spec] as const))("%s: 赵立群 on 新意城新空间", async (_title, spec) => {
    const { response: hidden } = await ask({ token: token("赵立群") }, spec, ACTIVITIES, { org: "xinyicheng" });
    const { response: missing } = await ask({ token: token("赵立群") }, spec, ACTIVITIES, { org: "missing" });
    expectSameProblem(hidden, missing, 404, HIDDEN);
  });
});

describe("without a session, real and made-up ids get the same answer (no probing)", () => {
  it.each(PROTECTED.filter((spec) => orgScoped(spec) || activityScoped(spec)).map((spec) => [specTitle(spec), spec] as const))("%s", async (_title, spec) => {
    const madeUp: Place = { ...(spec.probe.org && { org: "missing" }), ...(spec.probe.activity && { activity: "missing" }) };
    const { response: real } = await ask({}, spec, ACTIVITIES, spec.probe);
    const { response: fake } = await ask({}, spec, ACTIVITIES, madeUp);
    expectProblem(real, 401, "auth.required");
    expectProblem(fake, 401, "auth.required");
  });
});
