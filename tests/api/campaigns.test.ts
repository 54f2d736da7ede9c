import readXlsxFile from "read-excel-file/universal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyCampaignAudit, campaignAudit } from "@tongxin/core/campaigns/store";
import { call, signIn } from "../support/api";
import { addPerson, alsoIn, campaignTree, caseData, createCampaign, enter, fullScores, review, sleep, type Person } from "../support/campaigns";

/**
 * A 十佳案例 campaign from creation to publication against DynamoDB Local, each step with the
 * refusals a user can meet. One office (a 街镇 made for this file) with units beneath it:
 * 锦绣新联会 → 锦绣新空间 (→ 锦绣小组) and 星光新空间, and 晨曦新空间 directly under the office.
 */
describe("a case campaign, step by step", () => {
  let districtAdmin: string;
  let tree: Awaited<ReturnType<typeof campaignTree>>;
  let officeAdmin: Person;
  let reviewer: Person;
  let entrantA: Person; // admin+member of 锦绣新空间
  let memberA: Person; // plain member of 锦绣新空间
  let entrantB: Person; // member of 星光新空间
  let entrantC: Person; // member of 晨曦新空间
  let judges: Person[]; // j0 office only; j1 also in 锦绣新联会; j2 also in 锦绣小组; j3 also in 晨曦新空间; j4 office only
  let campaignId: string;
  let formId: string;
  let closeAt: number;
  const entries: Record<string, { entryId: string; instanceId?: string }> = {};
  let stranger: string;

  beforeAll(async () => {
    districtAdmin = await signIn("13800000001");
    stranger = await signIn("13800000006"); // 周敏: 七宝分会 only
    tree = await campaignTree(districtAdmin);
    officeAdmin = await addPerson(districtAdmin, tree.office.orgId, "办公室管理员", ["admin"]);
    reviewer = await addPerson(districtAdmin, tree.office.orgId, "形式审查员", ["reviewer"]);
    entrantA = await addPerson(districtAdmin, tree.unitA.orgId, "锦绣申报人", ["admin", "member"]);
    memberA = await addPerson(districtAdmin, tree.unitA.orgId, "锦绣会员", ["member"]);
    entrantB = await addPerson(districtAdmin, tree.unitB.orgId, "星光申报人", ["member"]);
    entrantC = await addPerson(districtAdmin, tree.unitC.orgId, "晨曦申报人", ["member"]);
    judges = [];
    for (let i = 0; i < 5; i++) judges.push(await addPerson(districtAdmin, tree.office.orgId, `评委${i}`, ["judge"]));
    await alsoIn(districtAdmin, tree.assoc.orgId, judges[1]!);
    await alsoIn(districtAdmin, tree.group.orgId, judges[2]!);
    await alsoIn(districtAdmin, tree.unitC.orgId, judges[3]!);
    closeAt = Date.now() + 15_000;
    const created = await createCampaign(officeAdmin.token, tree.office.orgId, { submissionsCloseAt: new Date(closeAt).toISOString() });
    campaignId = created.campaignId;
    formId = created.formId;
  }, 180_000);

  afterAll(async () => {
    const verdict = await verifyCampaignAudit(campaignId);
    expect(verdict.valid).toBe(true);
  });

  it("creates the campaign with its entry form and one-step 形式审查 chain; only admins create, outsiders see nothing", async () => {
    const seen = await call("GET", `/campaigns/${campaignId}`, { token: officeAdmin.token });
    expect(seen.status).toBe(200);
    expect(seen.json).toMatchObject({ status: "collecting", winners: 2, judgesPerEntry: 3, blind: true, openObjections: 0, myRole: ["office"] });
    expect(seen.json.rubric.map((c: { label: string; max: number }) => `${c.label}${c.max}`)).toEqual(["创新性30", "实效性30", "示范性20", "可推广性20"]);
    const form = await call("GET", `/forms/${formId}`, { token: officeAdmin.token });
    expect(form.status, form.text).toBe(200);
    const chains = await call("GET", `/orgs/${tree.office.orgId}/workflows`, { token: officeAdmin.token });
    expect(chains.json.items.find((w: { workflowId: string }) => w.workflowId === seen.json.workflowId)).toMatchObject({ name: "形式审查", steps: [{ mode: "any", approvers: { kind: "role", role: "reviewer" } }] });

    expect((await call("GET", `/campaigns/${campaignId}`, { token: entrantA.token })).json.myRole).toEqual(["entrant"]);
    expect((await call("GET", `/campaigns/${campaignId}`, { token: stranger })).status).toBe(404);
    const denied = await call("POST", `/orgs/${tree.office.orgId}/campaigns`, { token: reviewer.token, body: { title: "x" } });
    expect(denied.status).toBe(403);
    const bad = await call("POST", `/orgs/${tree.office.orgId}/campaigns`, {
      token: officeAdmin.token,
      body: { title: "坏", year: 2026, submissionsOpenAt: "2026-05-01T00:00:00Z", submissionsCloseAt: "2026-04-01T00:00:00Z", rubric: [{ key: "a", label: "甲", max: 10 }, { key: "a", label: "乙", max: 200 }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toMatchObject({ submissionsCloseAt: ["征集截止时间须晚于开始时间"], "rubric.1.max": ["满分不能超过100"], "rubric.1.key": ["指标标识“a”重复"] });
    const listed = await call("GET", `/orgs/${tree.office.orgId}/campaigns`, { token: entrantC.token });
    expect(listed.json.items.map((c: { campaignId: string }) => c.campaignId)).toContain(campaignId);
  });

  it("takes entries for one's own unit beneath the office only, never through the generic form route", async () => {
    const generic = await call("POST", `/forms/${formId}/submissions`, { token: entrantA.token, body: { data: caseData("绕道"), unitId: tree.unitA.orgId } });
    expect(generic.status).toBe(409);
    expect(generic.json.code).toBe("campaign.use_entry_route");
    const notMine = await call("POST", `/campaigns/${campaignId}/entries`, { token: entrantA.token, body: { unitId: tree.unitB.orgId, data: caseData("冒名") } });
    expect(notMine.status).toBe(422);
    expect(notMine.json.errors.unitId).toEqual(["只能以本人所属单位申报"]);
    const missing = await call("POST", `/campaigns/${campaignId}/entries`, { token: entrantA.token, body: { unitId: tree.unitA.orgId, data: { title: "缺内容" } } });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.json.errors)).toEqual(expect.arrayContaining(["data.summary", "data.fullText", "data.contactName", "data.contactPhone"]));

    const A = tree.unitA.name;
    const assoc = tree.assoc.name;
    entries.A = await enter(entrantA.token, campaignId, tree.unitA.orgId, caseData(`${A}“睦邻微治理”`, { summary: `${A}联合${assoc}开展睦邻行动`, fullText: `由${A}牵头，${assoc}支持。联系人锦绣申报人。`, contactName: "锦绣申报人" }));
    entries.B = await enter(entrantB.token, campaignId, tree.unitB.orgId, caseData(`${tree.unitB.name}“星光夜校”`));
    entries.C = await enter(entrantC.token, campaignId, tree.unitC.orgId, caseData(`${tree.unitC.name}“晨曦议事厅”`));
    entries.A2 = await enter(memberA.token, campaignId, tree.unitA.orgId, caseData("楼组自治公约"));
    entries.Brejected = await enter(entrantB.token, campaignId, tree.unitB.orgId, caseData("不合要求的案例"));
    entries.Cdraft = await enter(entrantC.token, campaignId, tree.unitC.orgId, { title: "还没写完" }, true);
    for (const key of ["A", "B", "C", "A2", "Brejected"]) expect((await call("GET", `/campaigns/${campaignId}/entries/${entries[key]!.entryId}`, { token: officeAdmin.token })).json.status).toBe("in_review");
  });

  it("shows drafts to their submitter only, and a unit's entries to its admins", async () => {
    const draft = entries.Cdraft!.entryId;
    expect((await call("GET", `/campaigns/${campaignId}/entries/${draft}`, { token: entrantC.token })).json).toMatchObject({ status: "draft", view: "full" });
    for (const token of [officeAdmin.token, entrantA.token, memberA.token, judges[0]!.token]) expect((await call("GET", `/campaigns/${campaignId}/entries/${draft}`, { token })).status).toBe(404);
    const officeList = await call("GET", `/campaigns/${campaignId}/entries`, { token: officeAdmin.token });
    expect(officeList.json.items.map((e: { entryId: string }) => e.entryId)).not.toContain(draft);
    expect(officeList.json.items).toHaveLength(5);

    // 锦绣新空间's admin reads the plain member's entry; the plain member does not read the admin's.
    expect((await call("GET", `/campaigns/${campaignId}/entries/${entries.A2!.entryId}`, { token: entrantA.token })).json).toMatchObject({ view: "full", unitName: tree.unitA.name });
    expect((await call("GET", `/campaigns/${campaignId}/entries/${entries.A!.entryId}`, { token: memberA.token })).status).toBe(404);
    expect((await call("GET", `/campaigns/${campaignId}/entries/${entries.B!.entryId}`, { token: entrantA.token })).status).toBe(404);
    const mine = await call("GET", `/campaigns/${campaignId}/entries`, { token: entrantA.token });
    expect(mine.json.items.map((e: { entryId: string }) => e.entryId).sort()).toEqual([entries.A!.entryId, entries.A2!.entryId].sort());
    const member = await call("GET", `/campaigns/${campaignId}/entries`, { token: memberA.token });
    expect(member.json.items.map((e: { entryId: string }) => e.entryId)).toEqual([entries.A2!.entryId]);
  });

  it("runs 形式审查: approves, rejects, returns for fixes; judging waits for the window and for every review", async () => {
    await review(reviewer.token, entries.A!.instanceId!, "approve");
    await review(reviewer.token, entries.B!.instanceId!, "approve");
    await review(reviewer.token, entries.C!.instanceId!, "approve");
    await review(reviewer.token, entries.Brejected!.instanceId!, "reject", "不属于统战工作案例");
    await review(reviewer.token, entries.A2!.instanceId!, "return", "请补充成效数据");
    expect((await call("GET", `/campaigns/${campaignId}/entries/${entries.A2!.entryId}`, { token: memberA.token })).json.status).toBe("returned");

    const early = await call("POST", `/campaigns/${campaignId}/judging`, { token: officeAdmin.token });
    expect(early.status).toBe(409);
    expect(early.json.title).toContain("征集尚未截止");

    await sleep(Math.max(0, closeAt - Date.now() + 200));
    const late = await call("POST", `/campaigns/${campaignId}/entries`, { token: entrantB.token, body: { unitId: tree.unitB.orgId, data: caseData("迟到的案例") } });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("campaign.window_closed");
    expect(late.json.title).toMatch(/^征集已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）截止/);
    const draftLate = await call("PUT", `/campaigns/${campaignId}/entries/${entries.Cdraft!.entryId}`, { token: entrantC.token, body: { data: { title: "还没写完" }, submit: false, revision: 1 } });
    expect(draftLate.status).toBe(409);
    expect(draftLate.json.code).toBe("campaign.window_closed");

    const pending = await call("POST", `/campaigns/${campaignId}/judging`, { token: officeAdmin.token });
    expect(pending.status).toBe(409);
    expect(pending.json).toMatchObject({ code: "campaign.review_pending", title: "还有1件申报未完成形式审查（审查中0件、退回修改1件）" });

    // A returned entry may still be fixed and resubmitted after the window, until judging starts.
    const returned = (await call("GET", `/campaigns/${campaignId}/entries/${entries.A2!.entryId}`, { token: memberA.token })).json;
    const notOwner = await call("PUT", `/campaigns/${campaignId}/entries/${entries.A2!.entryId}`, { token: entrantA.token, body: { data: returned.data, submit: true, revision: returned.revision } });
    expect(notOwner.status).toBe(403);
    const fixed = await call("PUT", `/campaigns/${campaignId}/entries/${entries.A2!.entryId}`, {
      token: memberA.token,
      body: { data: { ...returned.data, fullText: "补充了成效数据。" }, submit: true, revision: returned.revision },
    });
    expect(fixed.status, fixed.text).toBe(200);
    expect(fixed.json.status).toBe("in_review");
    await review(reviewer.token, entries.A2!.instanceId!, "approve");

    const started = await call("POST", `/campaigns/${campaignId}/judging`, { token: officeAdmin.token });
    expect(started.status, started.text).toBe(200);
    expect(started.json).toMatchObject({ status: "judging", counts: { approved: 4, rejected: 1, in_review: 0, returned: 0 } });
    expect((await call("POST", `/campaigns/${campaignId}/judging`, { token: officeAdmin.token })).json.code).toBe("campaign.invalid_state");
  });

  it("sets the panel from holders of the judge role only", async () => {
    const wrong = await call("PUT", `/campaigns/${campaignId}/judges`, { token: officeAdmin.token, body: { judgeIds: [judges[0]!.accountId, entrantA.accountId] } });
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors).toEqual({ "judgeIds.1": ["须为本单位的评审专家（评委角色）"] });
    const set = await call("PUT", `/campaigns/${campaignId}/judges`, { token: officeAdmin.token, body: { judgeIds: judges.map((j) => j.accountId) } });
    expect(set.status, set.text).toBe(200);
    expect(set.json.judgeIds).toHaveLength(5);
    expect((await call("GET", `/campaigns/${campaignId}`, { token: judges[0]!.token })).json.myRole).toEqual(["judge"]);
  });

  it("assigns judges automatically: three each, balanced, never a conflicted judge; manual overrides refuse conflicts", async () => {
    const auto = await call("POST", `/campaigns/${campaignId}/assignments/auto`, { token: officeAdmin.token });
    expect(auto.status, auto.text).toBe(200);
    expect(auto.json.added).toBe(12);
    const matrix = auto.json.matrix;
    const row = (key: string) => matrix.entries.find((e: { entryId: string }) => e.entryId === entries[key]!.entryId);
    const judgesOf = (key: string) => row(key).assigned.map((a: { judgeId: string }) => a.judgeId).sort();
    for (const key of ["A", "A2", "B", "C"]) expect(row(key).assigned).toHaveLength(3);
    // 锦绣新空间's entries: 评委1 sits in its parent (锦绣新联会), 评委2 in its child (锦绣小组).
    expect(row("A").conflicts[judges[1]!.accountId]).toMatchObject({ reason: "parent_org", orgId: tree.assoc.orgId, orgName: tree.assoc.name });
    expect(row("A").conflicts[judges[2]!.accountId]).toMatchObject({ reason: "child_org", orgId: tree.group.orgId });
    expect(row("C").conflicts[judges[3]!.accountId]).toMatchObject({ reason: "same_org", orgId: tree.unitC.orgId });
    expect(row("B").conflicts[judges[2]!.accountId]).toBeUndefined();
    const ids = (list: number[]) => list.map((i) => judges[i]!.accountId).sort();
    expect(judgesOf("A")).toEqual(ids([0, 3, 4]));
    expect(judgesOf("A2")).toEqual(ids([0, 3, 4]));
    for (const key of ["A", "A2", "B", "C"]) for (const judgeId of judgesOf(key)) expect(row(key).conflicts[judgeId]).toBeUndefined();
    const loads = matrix.judges.map((j: { load: number }) => j.load);
    expect(loads.reduce((a: number, b: number) => a + b, 0)).toBe(12);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(2);

    const again = await call("POST", `/campaigns/${campaignId}/assignments/auto`, { token: officeAdmin.token });
    expect(again.json.added).toBe(0);

    const conflicted = await call("PUT", `/campaigns/${campaignId}/assignments/${entries.A!.entryId}/${judges[1]!.accountId}`, { token: officeAdmin.token });
    expect(conflicted.status).toBe(409);
    expect(conflicted.json).toMatchObject({ code: "campaign.conflict", title: `该评委需回避：其所在的“${tree.assoc.name}”是申报单位的上级单位` });
    const rejected = await call("PUT", `/campaigns/${campaignId}/assignments/${entries.Brejected!.entryId}/${judges[0]!.accountId}`, { token: officeAdmin.token });
    expect(rejected.status).toBe(404);

    // Move one of 星光新空间's judges by hand: remove, then add another.
    const onB = judgesOf("B");
    const free = judges.map((j) => j.accountId).filter((id) => !onB.includes(id) && id !== judges[1]!.accountId);
    expect((await call("DELETE", `/campaigns/${campaignId}/assignments/${entries.B!.entryId}/${onB[0]}`, { token: officeAdmin.token })).status).toBe(204);
    const added = await call("PUT", `/campaigns/${campaignId}/assignments/${entries.B!.entryId}/${free[0]}`, { token: officeAdmin.token });
    expect(added.status, added.text).toBe(200);
    expect(added.json).toMatchObject({ status: "assigned", judgeId: free[0] });
    const after = (await call("GET", `/campaigns/${campaignId}/assignments`, { token: officeAdmin.token })).json;
    expect(after.entries.find((e: { entryId: string }) => e.entryId === entries.B!.entryId).assigned).toHaveLength(3);
    expect((await call("GET", `/campaigns/${campaignId}/assignments`, { token: judges[0]!.token })).status).toBe(403);
  });

  /** Every judge-visible answer must not mention the unit or its ancestors below the office, the submitter or the contact. */
  const leaks = (text: string) => [tree.unitA.name, tree.unitB.name, tree.unitC.name, tree.assoc.name, tree.group.name, "锦绣申报人", "星光申报人", "晨曦申报人", "13912345678"].filter((name) => text.includes(name));

  it("shows judges the blind view: no unit, submitter or contact through any judge route", async () => {
    const matrix = (await call("GET", `/campaigns/${campaignId}/assignments`, { token: officeAdmin.token })).json;
    for (const judge of judges) {
      const mine = await call("GET", `/campaigns/${campaignId}/my-assignments`, { token: judge.token });
      expect(mine.status).toBe(200);
      expect(leaks(mine.text)).toEqual([]);
      const expected = matrix.entries.filter((e: { assigned: Array<{ judgeId: string }> }) => e.assigned.some((a) => a.judgeId === judge.accountId)).map((e: { entryId: string }) => e.entryId).sort();
      expect(mine.json.items.map((i: { entryId: string }) => i.entryId).sort()).toEqual(expected);
      for (const entryId of expected) {
        const view = await call("GET", `/campaigns/${campaignId}/entries/${entryId}`, { token: judge.token });
        expect(view.status).toBe(200);
        expect(view.json.view).toBe("judge");
        expect(leaks(view.text)).toEqual([]);
        for (const field of ["unitId", "unitName", "unitPath", "submitterId", "submitterName", "contactName", "contactPhone", "data"]) expect(view.json).not.toHaveProperty(field);
      }
      const campaign = await call("GET", `/campaigns/${campaignId}`, { token: judge.token });
      expect(leaks(campaign.text)).toEqual([]);
      const list = await call("GET", `/campaigns/${campaignId}/entries`, { token: judge.token });
      expect(leaks(list.text)).toEqual([]);
    }
    const viewA = (await call("GET", `/campaigns/${campaignId}/entries/${entries.A!.entryId}`, { token: judges[0]!.token })).json;
    expect(viewA.title).toBe("【申报单位】“睦邻微治理”");
    expect(viewA.fullText).toBe("由【申报单位】牵头，【申报单位】支持。联系人【申报人】。");
    // A judge not assigned to an entry does not see it at all.
    expect((await call("GET", `/campaigns/${campaignId}/entries/${entries.A!.entryId}`, { token: judges[1]!.token })).status).toBe(404);
  });

  it("takes scores within the rubric, as drafts and then final; others' scores only after one's own", async () => {
    const entryId = entries.C!.entryId;
    const assigned = (await call("GET", `/campaigns/${campaignId}/assignments`, { token: officeAdmin.token })).json.entries.find((e: { entryId: string }) => e.entryId === entryId).assigned.map((a: { judgeId: string }) => a.judgeId);
    const [first, second] = judges.filter((j) => assigned.includes(j.accountId));
    const path = `/campaigns/${campaignId}/entries/${entryId}/score`;

    const outOfRange = await call("PUT", path, { token: first!.token, body: { scores: { innovation: 31, effect: 10.25 }, comment: "", submit: false } });
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.json.errors).toEqual({ "scores.innovation": ["创新性须在0–30分之间"], "scores.effect": ["实效性的分数以0.5分为单位"] });
    const incomplete = await call("PUT", path, { token: first!.token, body: { scores: { innovation: 28 }, submit: true } });
    expect(incomplete.status).toBe(422);
    expect(Object.keys(incomplete.json.errors).sort()).toEqual(["scores.effect", "scores.exemplary", "scores.transferable"]);

    const draft = await call("PUT", path, { token: first!.token, body: { scores: { innovation: 28 }, comment: "思路新", submit: false } });
    expect(draft.status, draft.text).toBe(200);
    expect(draft.json).toMatchObject({ status: "draft", total: 28 });
    expect((await call("GET", `/campaigns/${campaignId}/entries/${entryId}/scores`, { token: first!.token })).json.code).toBe("campaign.score_first");

    const submitted = await call("PUT", path, { token: first!.token, body: { scores: fullScores([28, 27, 18, 17.5]), comment: "很好", submit: true } });
    expect(submitted.json).toMatchObject({ status: "submitted", total: 90.5 });
    const final = await call("PUT", path, { token: first!.token, body: { scores: fullScores([1, 1, 1, 1]), submit: true } });
    expect(final.status).toBe(409);
    expect(final.json.code).toBe("campaign.score_submitted");

    // The second judge, still scoring, cannot see the first's; the first, having submitted, sees all.
    const before = await call("GET", `/campaigns/${campaignId}/entries/${entryId}/scores`, { token: second!.token });
    expect(before.status).toBe(403);
    expect(before.json.code).toBe("campaign.score_first");
    const seen = await call("GET", `/campaigns/${campaignId}/entries/${entryId}/scores`, { token: first!.token });
    expect(seen.status).toBe(200);
    expect(leaks(seen.text)).toEqual([]);
    expect(seen.json.items.find((s: { judgeId: string }) => s.judgeId === first!.accountId)).toMatchObject({ total: 90.5, comment: "很好" });
    expect((await call("GET", `/campaigns/${campaignId}/entries/${entryId}/scores`, { token: officeAdmin.token })).status).toBe(200);

    const notAssigned = judges.find((j) => !assigned.includes(j.accountId))!;
    expect((await call("PUT", path, { token: notAssigned.token, body: { scores: {}, submit: false } })).status).toBe(404);
    expect((await call("PUT", path, { token: entrantC.token, body: { scores: {}, submit: false } })).status).toBe(403);
    expect((await call("DELETE", `/campaigns/${campaignId}/assignments/${entryId}/${first!.accountId}`, { token: officeAdmin.token })).json.code).toBe("campaign.score_submitted");
  });

  /** Hand-set totals per entry: C 91ish, A 85, B 70, A2 60 (each judge's criteria scale with the base). */
  const BASES: Record<string, number[]> = { A: [26, 26, 17, 16], B: [21, 21, 14, 14], C: [27, 27, 19, 18], A2: [18, 18, 12, 12] };

  it("ranks by the aggregate of submitted scores, with each judge's total, spread and deviation", async () => {
    const matrix = (await call("GET", `/campaigns/${campaignId}/assignments`, { token: officeAdmin.token })).json;
    const incompleteRanking = await call("GET", `/campaigns/${campaignId}/ranking`, { token: officeAdmin.token });
    expect(incompleteRanking.json.rows.find((r: { entryId: string }) => r.entryId === entries.C!.entryId)).toMatchObject({ submitted: 1, assigned: 3, incomplete: true, aggregate: 90.5 });

    for (const [key, base] of Object.entries(BASES)) {
      const row = matrix.entries.find((e: { entryId: string }) => e.entryId === entries[key]!.entryId);
      for (const [index, { judgeId, status }] of row.assigned.entries()) {
        if (status === "submitted") continue;
        const judge = judges.find((j) => j.accountId === judgeId)!;
        const scores = fullScores(base.map((v, i) => (i === 0 ? v - index : v)));
        const put = await call("PUT", `/campaigns/${campaignId}/entries/${entries[key]!.entryId}/score`, { token: judge.token, body: { scores, comment: "", submit: true } });
        expect(put.status, put.text).toBe(200);
        expect(leaks(put.text)).toEqual([]);
      }
    }
    const ranking = await call("GET", `/campaigns/${campaignId}/ranking`, { token: officeAdmin.token });
    expect(ranking.status).toBe(200);
    const rows = ranking.json.rows as Array<{ entryId: string; rank: number; aggregate: number; totals: Array<{ total: number }>; spread: number; incomplete: boolean; proposedTier: string | null; decidedBy: string }>;
    expect(rows.map((r) => r.entryId)).toEqual([entries.C!.entryId, entries.A!.entryId, entries.B!.entryId, entries.A2!.entryId]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    for (const row of rows) {
      const totals = row.totals.map((t) => t.total);
      expect(totals).toHaveLength(3);
      expect(row.aggregate).toBeCloseTo(totals.reduce((a, b) => a + b, 0) / 3, 2);
      expect(row.spread).toBe(Math.max(...totals) - Math.min(...totals));
      expect(row.incomplete).toBe(false);
    }
    expect(rows.map((r) => r.proposedTier)).toEqual(["十佳案例", "十佳案例", "优秀作品", null]);
    expect(rows[0]!.decidedBy).toBe("aggregate");
    expect(ranking.json.proposedAwards).toEqual([{ tier: "十佳案例", entryIds: [entries.C!.entryId, entries.A!.entryId] }, { tier: "优秀作品", entryIds: [entries.B!.entryId] }]);
    expect(ranking.json.judges).toHaveLength(5);
    // 锦绣新联会 (the organiser of both 新空间 beneath it): three eligible of four, both its units took part;
    // 锦绣新空间: two eligible entries; 星光新空间: one eligible of two submitted.
    const suggestion = (orgId: string) => ranking.json.orgAwardSuggestions.find((u: { unitId: string }) => u.unitId === orgId);
    expect(ranking.json.orgAwardSuggestions[0]).toMatchObject({ unitId: tree.assoc.orgId, level: "新联会", depth: 1, submitted: 4, eligible: 3, units: 2, unitsEntered: 2, participation: 1, suggested: true, bestRank: 2 });
    expect(suggestion(tree.unitA.orgId)).toMatchObject({ level: "新空间", depth: 2, submitted: 2, eligible: 2, suggested: false, bestRank: 2 });
    expect(suggestion(tree.unitB.orgId)).toMatchObject({ submitted: 2, eligible: 1, suggested: false });
    for (const judge of judges) expect((await call("GET", `/campaigns/${campaignId}/ranking`, { token: judge.token })).status).toBe(403);
  });

  it("exports every score as XLSX for the office", async () => {
    const xlsx = await call("GET", `/campaigns/${campaignId}/scores.xlsx`, { token: reviewer.token });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const sheets = await readXlsxFile(xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength) as ArrayBuffer);
    expect(sheets.map((s) => s.sheet)).toEqual(["排名", "评分明细"]);
    const [ranks, detail] = [sheets[0]!.data, sheets[1]!.data];
    expect(ranks[0]).toEqual(["排名", "案例", "申报单位", "综合得分", "中位数", "平均分", "极差", "已评/应评", "拟获奖项", "备注"]);
    expect(ranks.slice(1).map((row) => [row[0], row[2], row[7], row[8]])).toEqual([
      [1, tree.unitC.name, "3/3", "十佳案例"],
      [2, tree.unitA.name, "3/3", "十佳案例"],
      [3, tree.unitB.name, "3/3", "优秀作品"],
      [4, tree.unitA.name, "3/3", null],
    ]);
    expect(detail[0]).toEqual(["案例", "申报单位", "评委", "状态", "创新性（30）", "实效性（30）", "示范性（20）", "可推广性（20）", "总分", "评语"]);
    expect(detail).toHaveLength(1 + 12);
    const first = detail.find((row) => row[9] === "很好")!;
    expect(first.slice(4, 9)).toEqual([28, 27, 18, 17.5, 90.5]);
    expect((await call("GET", `/campaigns/${campaignId}/scores.xlsx`, { token: judges[0]!.token })).status).toBe(403);
  });

  it("confirms the awards after checking them, opening the 公示 on the public page", async () => {
    expect((await call("GET", `/public/campaigns/${campaignId}`)).status).toBe(404);
    const wrong = await call("POST", `/campaigns/${campaignId}/confirm`, {
      token: officeAdmin.token,
      body: { awards: [{ tier: "十佳案例", entryIds: [entries.C!.entryId, entries.A!.entryId, entries.B!.entryId] }, { tier: "特等奖", entryIds: [entries.Brejected!.entryId] }], orgAwards: [tree.unitA.orgId, tree.unitB.orgId] },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors).toMatchObject({ "awards.0.entryIds": ["“十佳案例”最多2件"], "awards.1.tier": ["没有“特等奖”这个奖项"], "awards.1.entryIds.0": ["不是通过形式审查的参评案例"], orgAwards: ["组织奖最多1个"] });
    expect((await call("POST", `/campaigns/${campaignId}/confirm`, { token: reviewer.token, body: { awards: [{ tier: "十佳案例", entryIds: [] }] } })).status).toBe(403);

    const confirmed = await call("POST", `/campaigns/${campaignId}/confirm`, {
      token: officeAdmin.token,
      body: { awards: [{ tier: "十佳案例", entryIds: [entries.C!.entryId, entries.A!.entryId] }, { tier: "优秀作品", entryIds: [entries.B!.entryId] }], orgAwards: [tree.unitA.orgId] },
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.json).toMatchObject({ status: "notice", orgAwards: [tree.unitA.orgId] });
    expect(confirmed.json.noticeEndsAt).toBe(confirmed.json.confirmedAt);

    const page = await call("GET", `/public/campaigns/${campaignId}`);
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ status: "notice", orgAwards: [{ orgId: tree.unitA.orgId, name: tree.unitA.name, level: "新空间" }], certificates: [], orgCertificates: [] });
    expect(page.json.awards[0]).toMatchObject({ tier: "十佳案例", entries: [{ entryId: entries.C!.entryId, unitName: tree.unitC.name, rank: 1 }, { entryId: entries.A!.entryId, unitName: tree.unitA.name }] });
    expect(page.json.awards[0].entries[1].summary).toContain("睦邻行动");
    expect(page.text).not.toContain("13912345678");
    const scoreLate = await call("PUT", `/campaigns/${campaignId}/entries/${entries.A!.entryId}/score`, { token: judges[0]!.token, body: { scores: {}, submit: false } });
    expect(scoreLate.status).toBe(409);
  });

  it("takes objections during the 公示; an open one blocks publication; of two resolvers one wins", async () => {
    const short = await call("POST", `/campaigns/${campaignId}/objections`, { token: stranger, body: { reasons: "太短" } });
    expect(short.status).toBe(422);
    expect(short.json.errors.reasons).toEqual(["异议理由至少10个字"]);
    const filed = await call("POST", `/campaigns/${campaignId}/objections`, { token: stranger, body: { entryId: entries.A!.entryId, reasons: "该案例的部分数据与实际情况不符，请核实。" } });
    expect(filed.status, filed.text).toBe(201);
    expect(filed.json).toMatchObject({ status: "open", entryTitle: `${tree.unitA.name}“睦邻微治理”` });
    const objectionId = filed.json.objectionId as string;

    expect((await call("GET", `/campaigns/${campaignId}`, { token: officeAdmin.token })).json.openObjections).toBe(1);
    const inbox = await call("GET", `/orgs/${tree.office.orgId}/objections?status=open`, { token: officeAdmin.token });
    expect(inbox.json.items.map((o: { objectionId: string }) => o.objectionId)).toEqual([objectionId]);
    expect((await call("GET", `/orgs/${tree.office.orgId}/objections`, { token: entrantA.token })).status).toBe(403);
    expect((await call("GET", `/campaigns/${campaignId}/objections`, { token: stranger })).json.items).toHaveLength(1);
    expect((await call("GET", `/campaigns/${campaignId}/objections`, { token: entrantB.token })).json.items).toHaveLength(0);
    expect((await call("GET", `/campaigns/${campaignId}/objections`, { token: reviewer.token })).json.items).toHaveLength(1);

    const blocked = await call("POST", `/campaigns/${campaignId}/finalize`, { token: officeAdmin.token });
    expect(blocked.status).toBe(409);
    expect(blocked.json).toMatchObject({ code: "campaign.objections_open", title: "还有1件异议未处理，处理完毕后才能发布" });

    const path = `/campaigns/${campaignId}/objections/${objectionId}/resolve`;
    const [one, two] = await Promise.all([
      call("POST", path, { token: officeAdmin.token, body: { answer: "经核实，数据属实。", upheld: false } }),
      call("POST", path, { token: districtAdmin, body: { answer: "异议成立。", upheld: true } }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    expect([one, two].find((r) => r.status === 409)!.json.code).toBe("campaign.objection_resolved");
    const winner = [one, two].find((r) => r.status === 200)!.json;
    const stored = (await call("GET", `/campaigns/${campaignId}/objections`, { token: stranger })).json.items[0];
    expect(stored).toMatchObject({ status: "resolved", answer: winner.answer, upheld: winner.upheld });
    expect((await call("GET", `/campaigns/${campaignId}`, { token: officeAdmin.token })).json.openObjections).toBe(0);
    expect((await call("GET", `/orgs/${tree.office.orgId}/objections`, { token: officeAdmin.token })).json.items).toEqual([]);
  });

  it("publishes once when two admins finalize at the same moment, with the results and certificates public", async () => {
    const [one, two] = await Promise.all([
      call("POST", `/campaigns/${campaignId}/finalize`, { token: officeAdmin.token }),
      call("POST", `/campaigns/${campaignId}/finalize`, { token: districtAdmin }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    expect([one, two].find((r) => r.status === 409)!.json.code).toBe("campaign.invalid_state");
    const audit = await campaignAudit(campaignId);
    expect(audit.filter((e) => e.event.action === "finalized")).toHaveLength(1);
    expect(audit.map((e) => e.event.action)).toEqual(["created", "judging_started", "judges_set", "assignments_auto", "assignment_removed", "assignment_added", "awards_confirmed", "objection_filed", "objection_resolved", "finalized"]);

    const page = await call("GET", `/public/campaigns/${campaignId}`);
    expect(page.json).toMatchObject({ status: "published", orgAwardName: "优秀组织奖", orgAwards: [{ orgId: tree.unitA.orgId, name: tree.unitA.name }] });
    expect(page.json.certificates.map((c: { tier: string; unitName: string }) => `${c.tier}:${c.unitName}`)).toEqual([`十佳案例:${tree.unitC.name}`, `十佳案例:${tree.unitA.name}`, `优秀作品:${tree.unitB.name}`]);
    const late = await call("POST", `/campaigns/${campaignId}/objections`, { token: stranger, body: { reasons: "公示结束后才看到，提出异议。" } });
    expect(late.status).toBe(409);
  });
});
