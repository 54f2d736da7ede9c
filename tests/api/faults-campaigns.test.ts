import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiLocal } from "@tongxin/core/activities/time";
import { campaignAudit, verifyCampaignAudit } from "@tongxin/core/campaigns/store";
import { Keys } from "@tongxin/core/db/keys";
import { call, demoOrgs, signIn } from "../support/api";
import { addPerson, campaignTree, caseData, createCampaign, enter, fullScores, review, type Person } from "../support/campaigns";
import { crowd, injectedFaults, partition, setFaultRate, statuses, withRetries, type Reply } from "../support/faults";

/**
 * The 十佳案例 campaign and activity check-ins under the same injected DynamoDB faults as the
 * main workload (tests/api/faults.test.ts): judges saving and submitting scores at once,
 * objections filed and resolved during the 公示, two admins finalizing together, and QR
 * check-ins. Clients retry 503s; a retry whose first try landed gets the documented 409.
 */
const DAY = 86_400_000;
const at = (days: number, time: string) => `${shanghaiLocal(new Date(Date.now() + days * DAY)).slice(0, 10)}T${time}`;
const reasons = (i: number) => `第${i}位群众认为该案例的成效数据需要进一步核实。`;

/** A reply that is a success, or the 409 a retry meets when its first try had landed. */
function landedOnce(response: Reply & { unavailable: number }, success: number, replayCode: string) {
  if (response.status === success) return;
  expect(response.status, response.text).toBe(409);
  expect(response.json.code).toBe(replayCode);
  expect(response.unavailable).toBeGreaterThan(0);
}

describe("with DynamoDB failing at random during a case campaign and activity check-ins", () => {
  let districtAdmin: string;
  let officeAdmin: Person;
  let judges: Person[];
  let campaignId: string;
  let orgId: string;
  const entryIds: string[] = [];
  let objectors: Array<{ accountId: string; token: string }>;
  let activityId: string;
  let checkinTokens: string[];
  let organizer: string;

  beforeAll(async () => {
    districtAdmin = await signIn("13800000001");
    const tree = await campaignTree(districtAdmin);
    orgId = tree.office.orgId;
    officeAdmin = await addPerson(districtAdmin, orgId, "容错办公室", ["admin"]);
    const entrantB = await addPerson(districtAdmin, tree.unitB.orgId, "容错申报乙", ["member"]);
    const entrantC = await addPerson(districtAdmin, tree.unitC.orgId, "容错申报丙", ["member"]);
    judges = [];
    for (let i = 0; i < 3; i++) judges.push(await addPerson(districtAdmin, orgId, `容错评委${i}`, ["judge"]));
    campaignId = (await createCampaign(officeAdmin.token, orgId)).campaignId;
    for (const [i, [who, unit]] of ([[entrantB, tree.unitB], [entrantC, tree.unitC], [entrantB, tree.unitB], [entrantC, tree.unitC]] as const).entries()) {
      const entry = await enter(who.token, campaignId, unit.orgId, caseData(`容错案例${i}`));
      await review(officeAdmin.token, entry.instanceId!, "approve");
      entryIds.push(entry.entryId);
    }
    const closed = await call("PUT", `/campaigns/${campaignId}/window`, { token: officeAdmin.token, body: { submissionsCloseAt: new Date(Date.now() - 1000).toISOString() } });
    expect(closed.status, closed.text).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/judging`, { token: officeAdmin.token })).status).toBe(200);
    expect((await call("PUT", `/campaigns/${campaignId}/judges`, { token: officeAdmin.token, body: { judgeIds: judges.map((j) => j.accountId) } })).status).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/assignments/auto`, { token: officeAdmin.token })).status).toBe(200);
    objectors = await crowd(districtAdmin, tree.unitC.orgId, 8, "容错异议人");

    // An open activity with a place for everyone who signs up; each sign-up's QR token.
    organizer = await signIn("13800000003");
    const town = await signIn("13800000002");
    const proposal = { title: "容错签到活动", theme: "volunteer", startsAt: at(20, "09:00"), endsAt: at(20, "11:00"), venue: "新意城", capacity: 30, needsFunds: "no", description: "容错签到" };
    const opened = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: organizer, body: { data: proposal } });
    expect(opened.status, opened.text).toBe(201);
    for (const approver of [town, districtAdmin]) expect((await call("POST", `/instances/${opened.json.instanceId}/actions`, { token: approver, body: { type: "approve" } })).status).toBe(200);
    activityId = opened.json.submissionId;
    const space = await call("POST", "/orgs", { token: organizer, body: { name: `容错签到${Date.now().toString(36)}`, kind: "new_space", parentId: demoOrgs().xinyicheng } });
    expect(space.status, space.text).toBe(201);
    const joiners = await crowd(organizer, space.json.orgId, 16, "容错签到者");
    checkinTokens = [];
    for (const person of joiners) {
      const signed = await call("POST", `/activities/${activityId}/signups`, { token: person.token });
      expect(signed.status, signed.text).toBe(201);
      checkinTokens.push(signed.json.checkinToken);
    }
  }, 180_000);

  afterAll(() => {
    setFaultRate(0);
  });

  it("stores every score once and final, counts open objections exactly, publishes once, and checks each person in once", async () => {
    const rate = Number(process.env.FAULT_RATE ?? 0.2);
    setFaultRate(rate);
    // Every judge saves a draft of each entry, then submits it; all at once. Meanwhile the organizer
    // scans every QR code, a few of them twice at the same moment (two volunteers at the door).
    const scores = (e: number, j: number) => fullScores([20 + e, 18 + j, 10 + e, 12 + j]);
    const scoring = Promise.all(
      judges.flatMap((judge, j) =>
        entryIds.map(async (entryId, e) => {
          const path = `/campaigns/${campaignId}/entries/${entryId}/score`;
          const saved = await withRetries(() => call("PUT", path, { token: judge.token, body: { scores: fullScores([1, 1, 1, 1]), comment: "草稿", submit: false } }));
          const submitted = await withRetries(() => call("PUT", path, { token: judge.token, body: { scores: scores(e, j), comment: "评语", submit: true } }));
          return { judge, entryId, e, j, saved, submitted };
        }),
      ),
    );
    const scan = (token: string) => withRetries(() => call("POST", `/activities/${activityId}/checkins`, { token: organizer, body: { token } }));
    const scans = Promise.all([...checkinTokens.map(scan), ...checkinTokens.slice(0, 4).map(scan)]);
    const [scored, scanned] = await Promise.all([scoring, scans]);

    // --- Scores: each submitted once, with what the judge submitted, and final ---
    for (const { saved, submitted } of scored) {
      expect(saved.status, saved.text).toBe(200);
      landedOnce(submitted, 200, "campaign.score_submitted");
    }
    setFaultRate(0);
    const stored = await partition(`CAMPAIGN#${campaignId}`);
    const scoreItems = stored.filter((item) => String(item.sk).startsWith("SCORE#"));
    expect(scoreItems).toHaveLength(judges.length * entryIds.length);
    for (const { judge, entryId, e, j } of scored) {
      const item = scoreItems.filter((s) => s.sk === `SCORE#${entryId}#${judge.accountId}`);
      expect(item).toHaveLength(1);
      expect(item[0]).toMatchObject({ status: "submitted", scores: scores(e, j) });
    }
    const late = await call("PUT", `/campaigns/${campaignId}/entries/${entryIds[0]}/score`, { token: judges[0]!.token, body: { scores: fullScores([1, 1, 1, 1]), submit: true } });
    expect(late.json.code).toBe("campaign.score_submitted");

    // --- Check-ins: each person once; the counter equals the checked-in sign-ups ---
    // A token scanned once ends 201, or 409 only after a 503 whose try had landed; of two scans of one token at most one is 201.
    for (const response of scanned.slice(4, checkinTokens.length)) landedOnce(response, 201, "checkin.duplicate");
    for (let k = 0; k < 4; k++) {
      const pair = [scanned[k]!, scanned[checkinTokens.length + k]!];
      for (const response of pair) if (response.status !== 201) expect([response.status, response.json.code], response.text).toEqual([409, "checkin.duplicate"]);
      expect(pair.filter((r) => r.status === 201).length).toBeLessThanOrEqual(1);
    }
    const activityItems = await partition(Keys.activity(activityId).pk);
    const activity = activityItems.find((item) => item.sk === "ACTIVITY")!;
    const checkedIn = activityItems.filter((item) => String(item.sk).startsWith("SIGNUP#") && item.checkedInAt);
    expect(checkedIn).toHaveLength(checkinTokens.length);
    expect(activity.checkedIn).toBe(checkedIn.length);

    // The office confirms the awards (no faults: a confirm retried in notice would be a revision).
    const ranking = await call("GET", `/campaigns/${campaignId}/ranking`, { token: officeAdmin.token });
    const ranked = ranking.json.rows.map((r: { entryId: string }) => r.entryId) as string[];
    const confirmed = await call("POST", `/campaigns/${campaignId}/confirm`, { token: officeAdmin.token, body: { awards: [{ tier: "十佳案例", entryIds: ranked.slice(0, 2) }, { tier: "优秀作品", entryIds: ranked.slice(2, 3) }], orgAwards: [] } });
    expect(confirmed.status, confirmed.text).toBe(200);

    // --- Objections: filed at once (each with its Idempotency-Key), then five resolved at once,
    // one of them by two admins racing; the counter always equals the open objection items ---
    setFaultRate(rate);
    const filed = await Promise.all(
      objectors.map((person, i) =>
        withRetries(() => call("POST", `/campaigns/${campaignId}/objections`, { token: person.token, body: { entryId: ranked[i % 2], reasons: reasons(i) }, headers: { "idempotency-key": `objection-${i}` } })),
      ),
    );
    for (const response of filed) expect(response.status, response.text).toBe(201);
    const objectionIds = filed.map((r) => r.json.objectionId as string);
    expect(new Set(objectionIds).size).toBe(objectors.length);
    const resolve = (objectionId: string, token: string) =>
      withRetries(() => call("POST", `/campaigns/${campaignId}/objections/${objectionId}/resolve`, { token, body: { answer: "经核实，数据属实。", upheld: false } }));
    const firstRound = await Promise.all([...objectionIds.slice(0, 5).map((id) => resolve(id, officeAdmin.token)), resolve(objectionIds[0]!, districtAdmin)]);
    for (const response of firstRound) if (response.status !== 200) expect([response.status, response.json.code], response.text).toEqual([409, "campaign.objection_resolved"]);
    // Of the two resolvers of the first objection, at most one was told 200; exactly one answer is stored.
    expect(firstRound.filter((r, k) => (k === 0 || k === 5) && r.status === 200).length).toBeLessThanOrEqual(1);
    setFaultRate(0);
    // The same filing sent again with its key is answered with the stored objection, not a second one.
    const again = await call("POST", `/campaigns/${campaignId}/objections`, { token: objectors[7]!.token, body: { entryId: ranked[1], reasons: reasons(7) }, headers: { "idempotency-key": "objection-7" } });
    expect([again.status, again.headers.get("idempotent-replayed"), again.json.objectionId]).toEqual([201, "true", objectionIds[7]]);
    const openCount = async () => {
      const items = (await partition(`CAMPAIGN#${campaignId}`)).filter((item) => String(item.sk).startsWith("OBJECTION#"));
      const campaign = (await call("GET", `/campaigns/${campaignId}`, { token: officeAdmin.token })).json;
      return { counter: campaign.openObjections, open: items.filter((o) => o.status === "open").length, all: items.length };
    };
    expect(await openCount()).toEqual({ counter: 3, open: 3, all: objectors.length });
    setFaultRate(rate);
    const secondRound = await Promise.all(objectionIds.slice(5).map((id) => resolve(id, officeAdmin.token)));
    for (const response of secondRound) landedOnce(response, 200, "campaign.objection_resolved");

    // --- Finalize: two admins at the same moment; exactly one takes effect ---
    const finals = await Promise.all([officeAdmin.token, districtAdmin].map((token) => withRetries(() => call("POST", `/campaigns/${campaignId}/finalize`, { token }))));
    for (const response of finals) if (response.status !== 200) expect([response.status, response.json.code], response.text).toEqual([409, "campaign.invalid_state"]);
    expect(finals.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    if (!finals.some((r) => r.status === 200)) expect(finals.some((r) => r.unavailable > 0)).toBe(true);
    setFaultRate(0);
    expect(await openCount()).toEqual({ counter: 0, open: 0, all: objectors.length });
    expect((await call("GET", `/public/campaigns/${campaignId}`)).json.status).toBe("published");

    // The audit chain is whole and records each change once: every objection filed once and resolved once, one finalize.
    const audit = await campaignAudit(campaignId);
    expect(await verifyCampaignAudit(campaignId)).toMatchObject({ valid: true });
    const actions = (action: string) => audit.filter((entry) => entry.event.action === action);
    expect(actions("finalized")).toHaveLength(1);
    expect(actions("awards_confirmed")).toHaveLength(1);
    expect(actions("objection_filed").map((entry) => entry.event.objectionId).sort()).toEqual([...objectionIds].sort());
    expect(actions("objection_resolved").map((entry) => entry.event.objectionId).sort()).toEqual([...objectionIds].sort());

    expect(injectedFaults()).toBeGreaterThan(20);
    expect(statuses).not.toContain(500);
    console.info(
      `campaign faults: ${injectedFaults()} injected, ${statuses.length} responses (${statuses.filter((s) => s === 503).length} × 503); ` +
        `${scored.filter(({ submitted }) => submitted.status === 409).length} score submissions found already final, ` +
        `${filed.filter((r) => r.headers.get("idempotent-replayed")).length} objections replayed, ` +
        `${scanned.filter((r) => r.status === 409).length} scans found the person already in`,
    );
  }, 240_000);
});
