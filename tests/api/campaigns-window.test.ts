import { beforeAll, describe, expect, it } from "vitest";
import { campaignAudit, getCampaign, verifyCampaignAudit } from "@tongxin/core/campaigns/store";
import { call, signIn } from "../support/api";
import { addPerson, campaignTree, caseData, createCampaign, enter, review, type Person } from "../support/campaigns";

/**
 * The office moves the submission window while collecting (PUT /campaigns/{id}/window):
 * 延长征集期, 提前截止, moving the opening of a window not yet open — and never once judging has
 * started. Against DynamoDB Local; every change is one entry of the campaign's audit chain.
 */
describe("the office adjusts the submission window", () => {
  let admin: string; // 李红: admin of the district, so of every office beneath it
  let tree: Awaited<ReturnType<typeof campaignTree>>;
  let officeAdmin: Person;
  let entrants: Person[];
  const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
  const HOUR = 3_600_000;

  const setWindow = (token: string, campaignId: string, body: Record<string, unknown>) => call("PUT", `/campaigns/${campaignId}/window`, { token, body });
  const stored = async (campaignId: string) => (await getCampaign(campaignId, true))!;
  const windowEvents = async (campaignId: string) => (await campaignAudit(campaignId)).filter((e) => e.event.action === "window_changed").map((e) => e.event);

  beforeAll(async () => {
    admin = await signIn("13800000001");
    tree = await campaignTree(admin);
    officeAdmin = await addPerson(admin, tree.office.orgId, "征集时间管理员", ["admin"]);
    entrants = [];
    for (const [i, unit] of [tree.unitA, tree.unitB, tree.unitC, tree.unitA, tree.unitB, tree.unitC].entries()) entrants.push(await addPerson(admin, unit.orgId, `征集申报人${i}`));
  }, 120_000);

  it("extends the window (延长征集期), then closes it early (提前截止): late entries and drafts are refused, judging may start", async () => {
    const { campaignId } = await createCampaign(officeAdmin.token, tree.office.orgId, { submissionsCloseAt: iso(HOUR) });
    const entry = await enter(entrants[0]!.token, campaignId, tree.unitA.orgId, caseData("截止前的案例"));
    const draft = await enter(entrants[1]!.token, campaignId, tree.unitB.orgId, { title: "写了一半" }, true);

    const extendedTo = iso(48 * HOUR);
    const extended = await setWindow(officeAdmin.token, campaignId, { submissionsCloseAt: extendedTo });
    expect(extended.status, extended.text).toBe(200);
    expect(extended.json.submissionsCloseAt).toBe(extendedTo);
    expect((await stored(campaignId)).submissionsCloseAt).toBe(extendedTo);

    const closedAt = new Date().toISOString();
    const closed = await setWindow(officeAdmin.token, campaignId, { submissionsCloseAt: closedAt });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.json.submissionsCloseAt).toBe(closedAt);

    const late = await call("POST", `/campaigns/${campaignId}/entries`, { token: entrants[2]!.token, body: { unitId: tree.unitC.orgId, data: caseData("截止后的案例") } });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("campaign.window_closed");
    expect(late.json.title).toMatch(/^征集已于 .*截止/);
    const draftLate = await call("PUT", `/campaigns/${campaignId}/entries/${draft.entryId}`, { token: entrants[1]!.token, body: { data: { title: "写完了吗" }, submit: false, revision: draft.revision } });
    expect(draftLate.status).toBe(409);
    expect(draftLate.json.code).toBe("campaign.window_closed");

    await review(officeAdmin.token, entry.instanceId!, "approve");
    const judging = await call("POST", `/campaigns/${campaignId}/judging`, { token: officeAdmin.token });
    expect(judging.status, judging.text).toBe(200);

    const events = await windowEvents(campaignId);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actorId: officeAdmin.accountId, to: { submissionsCloseAt: extendedTo }, closedEarly: false });
    expect(events[1]).toMatchObject({ from: { submissionsCloseAt: extendedTo }, to: { submissionsCloseAt: closedAt }, closedEarly: true });
    expect((await verifyCampaignAudit(campaignId)).valid).toBe(true);
  });

  it("refuses to re-open the window once judging has started, and nothing changes", async () => {
    const { campaignId } = await createCampaign(officeAdmin.token, tree.office.orgId);
    expect((await setWindow(officeAdmin.token, campaignId, { submissionsCloseAt: iso(-1000) })).status).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/judging`, { token: officeAdmin.token })).status).toBe(200);
    const before = await stored(campaignId);

    const reopen = await setWindow(officeAdmin.token, campaignId, { submissionsCloseAt: iso(HOUR) });
    expect(reopen.status).toBe(409);
    expect(reopen.json.code).toBe("campaign.invalid_state");
    expect(reopen.json.title).toContain("不能调整征集时间");
    const after = await stored(campaignId);
    expect(after.submissionsCloseAt).toBe(before.submissionsCloseAt);
    expect(after.version).toBe(before.version);
  });

  it("refuses a close time not after the opening, or not a time at all, naming the field; nothing changes", async () => {
    const { campaignId } = await createCampaign(officeAdmin.token, tree.office.orgId);
    const before = await stored(campaignId);

    const beforeOpen = await setWindow(officeAdmin.token, campaignId, { submissionsCloseAt: new Date(Date.parse(before.submissionsOpenAt) - 1000).toISOString() });
    expect(beforeOpen.status).toBe(422);
    expect(beforeOpen.json.errors.submissionsCloseAt).toEqual(["征集截止时间须晚于开始时间"]);
    const atOpen = await setWindow(officeAdmin.token, campaignId, { submissionsCloseAt: before.submissionsOpenAt });
    expect(atOpen.status).toBe(422);
    expect(Object.keys(atOpen.json.errors)).toEqual(["submissionsCloseAt"]);
    const bothMoved = await setWindow(officeAdmin.token, campaignId, { submissionsOpenAt: iso(2 * HOUR), submissionsCloseAt: iso(HOUR) });
    expect(bothMoved.status).toBe(422);
    const garbage = await setWindow(officeAdmin.token, campaignId, { submissionsCloseAt: "下周五" });
    expect(garbage.status).toBe(422);
    expect(garbage.json.errors.submissionsCloseAt?.[0]).toContain("征集截止时间");
    const missing = await setWindow(officeAdmin.token, campaignId, {});
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.json.errors)).toContain("submissionsCloseAt");

    const after = await stored(campaignId);
    expect(after.version).toBe(before.version);
    expect([after.submissionsOpenAt, after.submissionsCloseAt]).toEqual([before.submissionsOpenAt, before.submissionsCloseAt]);
    expect(await windowEvents(campaignId)).toEqual([]);
  });

  it("opens a window not yet open early; once open, the opening cannot move later (提前截止 is the way to stop)", async () => {
    const { campaignId } = await createCampaign(officeAdmin.token, tree.office.orgId, { submissionsOpenAt: iso(HOUR), submissionsCloseAt: iso(2 * HOUR) });
    const tooSoon = await call("POST", `/campaigns/${campaignId}/entries`, { token: entrants[0]!.token, body: { unitId: tree.unitA.orgId, data: caseData("开始前的案例") } });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.json.title).toContain("征集尚未开始");

    const opened = await setWindow(officeAdmin.token, campaignId, { submissionsOpenAt: iso(-1000), submissionsCloseAt: iso(2 * HOUR) });
    expect(opened.status, opened.text).toBe(200);
    await enter(entrants[0]!.token, campaignId, tree.unitA.orgId, caseData("提前开始后的案例"));

    const later = await setWindow(officeAdmin.token, campaignId, { submissionsOpenAt: iso(HOUR), submissionsCloseAt: iso(2 * HOUR) });
    expect(later.status).toBe(422);
    expect(later.json.errors.submissionsOpenAt).toEqual(["征集已经开始，开始时间不能改到以后；如需停止征集，请提前截止"]);

    const unchanged = await stored(campaignId);
    const same = await setWindow(officeAdmin.token, campaignId, { submissionsCloseAt: unchanged.submissionsCloseAt });
    expect(same.status).toBe(200);
    expect((await stored(campaignId)).version).toBe(unchanged.version);
  });

  it("entries racing an early close are either in before it or refused, never half-written; two admins closing at once leave one audit entry", async () => {
    const { campaignId } = await createCampaign(officeAdmin.token, tree.office.orgId);
    const units = [tree.unitA, tree.unitB, tree.unitC, tree.unitA, tree.unitB, tree.unitC];
    const closeAt = new Date().toISOString();
    const replies = await Promise.all([
      ...entrants.map((person, i) => call("POST", `/campaigns/${campaignId}/entries`, { token: person.token, body: { unitId: units[i]!.orgId, data: caseData(`抢截止的案例${i}`) } })),
      setWindow(officeAdmin.token, campaignId, { submissionsCloseAt: closeAt }),
      setWindow(admin, campaignId, { submissionsCloseAt: closeAt }),
    ]);
    const entryReplies = replies.slice(0, entrants.length);
    for (const reply of entryReplies) {
      expect([201, 409], reply.text).toContain(reply.status);
      if (reply.status === 409) expect(reply.json.code).toBe("campaign.window_closed");
    }
    expect(replies.slice(entrants.length).map((r) => r.status)).toEqual([200, 200]);

    const accepted = entryReplies.filter((r) => r.status === 201).map((r) => r.json.entryId as string);
    const listed = await call("GET", `/campaigns/${campaignId}/entries`, { token: officeAdmin.token });
    expect(listed.json.items.map((e: { entryId: string }) => e.entryId).sort()).toEqual([...accepted].sort());
    expect((await stored(campaignId)).submissionsCloseAt).toBe(closeAt);

    // The second admin asked for what the first already set: no second write.
    expect(await windowEvents(campaignId)).toHaveLength(1);
    expect((await verifyCampaignAudit(campaignId)).valid).toBe(true);

    const after = await call("POST", `/campaigns/${campaignId}/entries`, { token: entrants[0]!.token, body: { unitId: tree.unitA.orgId, data: caseData("截止之后") } });
    expect(after.status).toBe(409);
    expect(after.json.code).toBe("campaign.window_closed");
  });
});
