import { beforeAll, describe, expect, it } from "vitest";
import { campaignAudit, verifyCampaignAudit } from "@tongxin/core/campaigns/store";
import { call, demoOrgs, signIn } from "../support/api";
import { addPerson, campaignTree, caseData, createCampaign, enter, fullScores, review, sleep, type Person } from "../support/campaigns";

/**
 * The campaign rules beyond the main flow: files in the blind judge view, open review,
 * refusing an assignment plan that conflicts leave unfillable, confirming only fully scored
 * entries, revising the awards, and a 公示 that has not run its course.
 */
describe("campaign rules", () => {
  let admin: string;
  let tree: Awaited<ReturnType<typeof campaignTree>>;
  let entrant: Person; // member of 锦绣新空间
  let insider: Person; // judge at the office, also a member of 锦绣新空间
  let outsider: Person; // judge at the office only
  let third: Person; // judge at the office only
  let blindId: string;
  let openId: string;
  let blindEntry: { entryId: string; instanceId?: string };
  let openEntry: { entryId: string; instanceId?: string };
  const PDF = new TextEncoder().encode("%PDF-1.4\n案例方案\n%%EOF");
  const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

  async function upload(campaignFormId: string, field: string, name: string, type: string, bytes: Uint8Array) {
    const ticket = await call("POST", "/uploads", { token: entrant.token, body: { formId: campaignFormId, field, name, type, size: bytes.length } });
    expect(ticket.status, ticket.text).toBe(201);
    const put = await fetch(ticket.json.url, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer>, headers: ticket.json.headers });
    expect(put.status).toBe(200);
    return { uploadId: ticket.json.uploadId as string, name, size: bytes.length, type };
  }

  beforeAll(async () => {
    admin = await signIn("13800000001");
    tree = await campaignTree(admin);
    entrant = await addPerson(admin, tree.unitA.orgId, "文件申报人");
    insider = await addPerson(admin, tree.office.orgId, "本单位评委", ["judge"]);
    const joined = await call("POST", `/orgs/${tree.unitA.orgId}/members`, { token: admin, body: { name: insider.name, phone: insider.phone, roles: ["member"] } });
    expect(joined.status).toBe(201);
    outsider = await addPerson(admin, tree.office.orgId, "外单位评委", ["judge"]);
    third = await addPerson(admin, tree.office.orgId, "第三评委", ["judge"]);
    const closeAt = Date.now() + 12_000;
    const close = new Date(closeAt).toISOString();
    const blind = await createCampaign(admin, tree.office.orgId, { submissionsCloseAt: close, judgesPerEntry: 1 });
    const open = await createCampaign(admin, tree.office.orgId, { submissionsCloseAt: close, judgesPerEntry: 2, blind: false, noticeDays: 1, noticeDayKind: "calendar", winners: 1, tiers: [] });
    blindId = blind.campaignId;
    openId = open.campaignId;

    const unit = tree.unitA.name;
    const attachments = [await upload(blind.formId, "attachments", `${unit}方案.pdf`, "application/pdf", PDF)];
    const photos = [await upload(blind.formId, "photos", `${unit}合影.png`, "image/png", PNG)];
    blindEntry = await enter(entrant.token, blindId, tree.unitA.orgId, caseData(`${unit}的案例`, { attachments, photos }));
    openEntry = await enter(entrant.token, openId, tree.unitA.orgId, caseData(`${unit}的公开案例`));
    const reviewer = admin; // 李红 is admin of the district: with no reviewer at the office, its admins review.
    await review(reviewer, blindEntry.instanceId!, "approve");
    await review(reviewer, openEntry.instanceId!, "approve");
    await sleep(Math.max(0, closeAt - Date.now() + 200));
    for (const id of [blindId, openId]) expect((await call("POST", `/campaigns/${id}/judging`, { token: admin })).status).toBe(200);
  }, 180_000);

  it("renames files and links them under a neutral name in blind mode", async () => {
    expect((await call("PUT", `/campaigns/${blindId}/judges`, { token: admin, body: { judgeIds: [outsider.accountId] } })).status).toBe(200);
    expect((await call("POST", `/campaigns/${blindId}/assignments/auto`, { token: admin })).json.added).toBe(1);
    const view = await call("GET", `/campaigns/${blindId}/entries/${blindEntry.entryId}`, { token: outsider.token });
    expect(view.status, view.text).toBe(200);
    expect(view.json.attachments.map((f: { name: string }) => f.name)).toEqual(["附件1.pdf"]);
    expect(view.json.photos.map((f: { name: string }) => f.name)).toEqual(["照片1.png"]);
    expect(decodeURIComponent(view.text)).not.toContain(tree.unitA.name);
    const file = await fetch(view.json.attachments[0].url);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    expect(decodeURIComponent(file.headers.get("content-disposition") ?? "")).toContain("附件1.pdf");
    // The submitter still sees the original names.
    const own = await call("GET", `/campaigns/${blindId}/entries/${blindEntry.entryId}`, { token: entrant.token });
    expect(own.json.data.attachments[0].name).toBe(`${tree.unitA.name}方案.pdf`);
  });

  it("refuses a plan that conflicts leave unfillable, writing nothing, and fills it once the panel allows", async () => {
    expect((await call("PUT", `/campaigns/${openId}/judges`, { token: admin, body: { judgeIds: [insider.accountId, outsider.accountId] } })).status).toBe(200);
    const refused = await call("POST", `/campaigns/${openId}/assignments/auto`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("campaign.not_enough_judges");
    expect(refused.json.title).toContain(`“${tree.unitA.name}的公开案例”`);
    const matrix = (await call("GET", `/campaigns/${openId}/assignments`, { token: admin })).json;
    expect(matrix.entries[0]).toMatchObject({ assigned: [], missing: 2, conflicts: { [insider.accountId]: { reason: "same_org", orgId: tree.unitA.orgId } } });
    expect(matrix.judges.map((j: { load: number }) => j.load)).toEqual([0, 0]);

    expect((await call("PUT", `/campaigns/${openId}/judges`, { token: admin, body: { judgeIds: [insider.accountId, outsider.accountId, third.accountId] } })).status).toBe(200);
    const filled = await call("POST", `/campaigns/${openId}/assignments/auto`, { token: admin });
    expect(filled.status, filled.text).toBe(200);
    expect(filled.json.matrix.entries[0].assigned.map((a: { judgeId: string }) => a.judgeId).sort()).toEqual([outsider.accountId, third.accountId].sort());
    const removal = await call("PUT", `/campaigns/${openId}/judges`, { token: admin, body: { judgeIds: [insider.accountId] } });
    expect(removal.status).toBe(409);
    expect(removal.json.code).toBe("campaign.conflict");
  });

  it("shows the unit but never the contact to judges in open mode", async () => {
    const view = await call("GET", `/campaigns/${openId}/entries/${openEntry.entryId}`, { token: outsider.token });
    expect(view.json).toMatchObject({ view: "judge", blind: false, unitName: tree.unitA.name, title: `${tree.unitA.name}的公开案例` });
    expect(view.text).not.toContain("13912345678");
    expect(view.json).not.toHaveProperty("contactName");
  });

  it("confirms only fully scored entries, lets the office revise during the 公示, and will not publish before it ends", async () => {
    const awards = { awards: [{ tier: "十佳案例", entryIds: [openEntry.entryId] }], orgAwards: [] };
    const score = (judge: Person) => call("PUT", `/campaigns/${openId}/entries/${openEntry.entryId}/score`, { token: judge.token, body: { scores: fullScores([20, 20, 15, 15]), comment: "", submit: true } });
    expect((await score(outsider)).status).toBe(200);
    const half = await call("POST", `/campaigns/${openId}/confirm`, { token: admin, body: awards });
    expect(half.status).toBe(422);
    expect(half.json.errors["awards.0.entryIds.0"]).toEqual(["该案例尚未完成评分"]);
    expect((await score(third)).status).toBe(200);

    const first = await call("POST", `/campaigns/${openId}/confirm`, { token: admin, body: awards });
    expect(first.status, first.text).toBe(200);
    expect(Date.parse(first.json.noticeEndsAt) - Date.parse(first.json.confirmedAt)).toBe(86_400_000);
    const early = await call("POST", `/campaigns/${openId}/finalize`, { token: admin });
    expect(early.status).toBe(409);
    expect(early.json.code).toBe("campaign.notice_running");

    await sleep(5);
    const revised = await call("POST", `/campaigns/${openId}/confirm`, { token: admin, body: { awards: [{ tier: "十佳案例", entryIds: [] }], orgAwards: [] } });
    expect(revised.status).toBe(200);
    expect(Date.parse(revised.json.noticeEndsAt)).toBeGreaterThan(Date.parse(first.json.noticeEndsAt));
    expect((await call("GET", `/public/campaigns/${openId}`)).json.awards).toEqual([{ tier: "十佳案例", entries: [] }]);
  });
});

describe("the demo campaign", () => {
  it("is seeded taking entries, with a panel of five judges, some of whom must stand aside for some entries", async () => {
    const office = await signIn("13800000001");
    const campaignId = demoOrgs().demoCampaign!;
    const campaign = await call("GET", `/campaigns/${campaignId}`, { token: office });
    expect(campaign.status).toBe(200);
    expect(campaign.json).toMatchObject({ status: "collecting", title: "2026年度街道乡镇统战工作十佳案例评选", winners: 10, counts: { approved: 1, in_review: 1 } });
    expect(campaign.json.judgeIds).toHaveLength(5);
    const matrix = await call("GET", `/campaigns/${campaignId}/assignments`, { token: office });
    const conflicts = Object.values(matrix.json.entries[0].conflicts) as Array<{ reason: string; orgName: string }>;
    expect(conflicts).toEqual([{ reason: "parent_org", orgId: demoOrgs().hongqiao, orgName: "虹桥镇" }]);
    const draft = await call("GET", `/campaigns/${campaignId}/entries`, { token: await signIn("13800000004") });
    expect(draft.json.items.map((e: { status: string }) => e.status)).toEqual(["draft"]);
  });
});

describe("objections filed at the same moment", () => {
  it("are all recorded, and the open count on the campaign matches them exactly", async () => {
    const admin = await signIn("13800000001");
    const tree = await campaignTree(admin);
    const entrant = await addPerson(admin, tree.unitC.orgId, "并发申报人");
    const judge = await addPerson(admin, tree.office.orgId, "并发评委", ["judge"]);
    const closeAt = Date.now() + 4_000;
    const { campaignId } = await createCampaign(admin, tree.office.orgId, { submissionsCloseAt: new Date(closeAt).toISOString(), judgesPerEntry: 1, noticeDays: 0, winners: 1, tiers: [] });
    const entry = await enter(entrant.token, campaignId, tree.unitC.orgId, caseData("并发案例"));
    await review(admin, entry.instanceId!, "approve");
    await sleep(Math.max(0, closeAt - Date.now() + 200));
    expect((await call("POST", `/campaigns/${campaignId}/judging`, { token: admin })).status).toBe(200);
    expect((await call("PUT", `/campaigns/${campaignId}/judges`, { token: admin, body: { judgeIds: [judge.accountId] } })).status).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/assignments/auto`, { token: admin })).status).toBe(200);
    expect((await call("PUT", `/campaigns/${campaignId}/entries/${entry.entryId}/score`, { token: judge.token, body: { scores: fullScores([20, 20, 15, 15]), submit: true } })).status).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/confirm`, { token: admin, body: { awards: [{ tier: "十佳案例", entryIds: [entry.entryId] }] } })).status).toBe(200);

    const filers = await Promise.all(Array.from({ length: 6 }, (_, i) => addPerson(admin, tree.unitB.orgId, `异议人${i}`)));
    const filed = await Promise.all(filers.map((filer, i) => call("POST", `/campaigns/${campaignId}/objections`, { token: filer.token, body: { entryId: entry.entryId, reasons: `第${i}位同时提出的异议理由。` } })));
    expect(filed.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const campaign = (await call("GET", `/campaigns/${campaignId}`, { token: admin })).json;
    expect(campaign.openObjections).toBe(6);
    expect((await call("GET", `/campaigns/${campaignId}/objections`, { token: admin })).json.items).toHaveLength(6);

    // Resolving them all at once brings the count back to zero; then (and only then) one of two finalizers wins.
    const resolved = await Promise.all(filed.map((r) => call("POST", `/campaigns/${campaignId}/objections/${r.json.objectionId}/resolve`, { token: admin, body: { answer: "已核实。", upheld: false } })));
    expect(resolved.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await call("GET", `/campaigns/${campaignId}`, { token: admin })).json.openObjections).toBe(0);
    const finals = await Promise.all([0, 1, 2].map(() => call("POST", `/campaigns/${campaignId}/finalize`, { token: admin })));
    expect(finals.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const audit = await campaignAudit(campaignId);
    expect(audit.filter((e) => e.event.action === "objection_filed")).toHaveLength(6);
    expect(audit.filter((e) => e.event.action === "finalized")).toHaveLength(1);
    expect((await verifyCampaignAudit(campaignId)).valid).toBe(true);
  }, 120_000);
});
