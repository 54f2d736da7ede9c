import { beforeAll, describe, expect, it } from "vitest";
import { verifyCampaignAudit } from "@tongxin/core/campaigns/store";
import { call, demoOrgs, signIn } from "../support/api";
import { addPerson, caseData, createCampaign, enter, fullScores, makeOrg, review, type Person } from "../support/campaigns";

/**
 * 优秀组织奖 to the organisers, against DynamoDB Local, as in the district's 2020 campaign: the
 * 街镇 that mobilised their 新空间 get the award although they submit nothing themselves.
 *
 *   office (区委统战部) ─┬─ 街镇一 ─┬─ 新空间一甲 (2 entries)
 *                       │         └─ 新空间一乙 (nothing)
 *                       ├─ 街镇二 ── 新空间二 (1 entry)
 *                       ├─ 街镇三 ── 新空间三 (1 entry)
 *                       └─ 街镇四 ── 新空间四 (nothing)
 */
describe("优秀组织奖 to the 街镇 that mobilised entries", () => {
  const s = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  let admin: Person;
  let judge: Person;
  let office: { orgId: string; name: string };
  const towns: Array<{ orgId: string; name: string }> = [];
  const spaces: Record<string, { orgId: string; name: string }> = {};
  let campaignId: string;
  const entryIds: string[] = [];

  beforeAll(async () => {
    const districtAdmin = await signIn("13800000001");
    office = await makeOrg(districtAdmin, `组织奖统战部${s}`, "district_office", demoOrgs().district!);
    for (const n of ["一", "二", "三", "四"]) towns.push(await makeOrg(districtAdmin, `组织奖${n}街道${s}`, "subdistrict", office.orgId));
    const spaceUnder = [["一甲", 0], ["一乙", 0], ["二", 1], ["三", 2], ["四", 3]] as const;
    for (const [name, town] of spaceUnder) spaces[name] = await makeOrg(districtAdmin, `组织奖新空间${name}${s}`, "new_space", towns[town]!.orgId);
    admin = await addPerson(districtAdmin, office.orgId, "组织奖办公室", ["admin"]);
    judge = await addPerson(districtAdmin, office.orgId, "组织奖评委", ["judge"]);
    campaignId = (await createCampaign(admin.token, office.orgId, { judgesPerEntry: 1, orgAward: { name: "优秀组织奖", count: 3 }, winners: 4, tiers: [] })).campaignId;
    for (const [space, title] of [["一甲", "甲一"], ["一甲", "甲二"], ["二", "二"], ["三", "三"]] as const) {
      const entrant = await addPerson(districtAdmin, spaces[space]!.orgId, `申报人${title}`, ["member"]);
      const entry = await enter(entrant.token, campaignId, spaces[space]!.orgId, caseData(`组织奖案例${title}`));
      await review(admin.token, entry.instanceId!, "approve");
      entryIds.push(entry.entryId);
    }
    expect((await call("PUT", `/campaigns/${campaignId}/window`, { token: admin.token, body: { submissionsCloseAt: new Date(Date.now() - 1000).toISOString() } })).status).toBe(200);
    expect((await call("PUT", `/campaigns/${campaignId}/judges`, { token: admin.token, body: { judgeIds: [judge.accountId] } })).status).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/judging`, { token: admin.token })).status).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/assignments/auto`, { token: admin.token })).status).toBe(200);
    // Totals 90, 80, 70, 60 in entry order.
    for (const [i, entryId] of entryIds.entries()) {
      const scored = await call("PUT", `/campaigns/${campaignId}/entries/${entryId}/score`, { token: judge.token, body: { scores: fullScores([30 - i * 5, 30 - i * 5, 15, 15]), submit: true } });
      expect(scored.status, scored.text).toBe(200);
    }
  }, 180_000);

  it("suggests at every level: entries beneath, share of units that took part, mean aggregate, best rank", async () => {
    const ranking = await call("GET", `/campaigns/${campaignId}/ranking`, { token: admin.token });
    expect(ranking.status, ranking.text).toBe(200);
    const list = ranking.json.orgAwardSuggestions as Array<Record<string, unknown>>;
    const byId = new Map(list.map((o) => [o.unitId, o]));
    // 街镇一: 2 entries (90, 80) → mean 85, best rank 1; one of its two 新空间 took part.
    expect(byId.get(towns[0]!.orgId)).toEqual({
      unitId: towns[0]!.orgId, unitName: towns[0]!.name, kind: "subdistrict", level: "街镇", depth: 1,
      submitted: 2, eligible: 2, units: 2, unitsEntered: 1, participation: 0.5, meanAggregate: 85, bestRank: 1, suggested: true,
    });
    expect(byId.get(towns[1]!.orgId)).toMatchObject({ level: "街镇", eligible: 1, units: 1, unitsEntered: 1, participation: 1, meanAggregate: 70, bestRank: 3, suggested: true });
    expect(byId.get(towns[2]!.orgId)).toMatchObject({ level: "街镇", eligible: 1, meanAggregate: 60, bestRank: 4, suggested: true });
    expect(byId.get(spaces["一甲"]!.orgId)).toMatchObject({ level: "新空间", depth: 2, eligible: 2, units: 0, participation: null, suggested: false });
    // Nothing beneath 街镇四 or 新空间一乙: not listed.
    expect(byId.has(towns[3]!.orgId)).toBe(false);
    expect(byId.has(spaces["一乙"]!.orgId)).toBe(false);
    expect(list.map((o) => o.depth)).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it("refuses an org with nothing entered beneath it, and the campaign org itself, with a field error; nothing changes", async () => {
    const awards = [{ tier: "十佳案例", entryIds }];
    for (const [orgAwards, path] of [
      [[towns[0]!.orgId, towns[3]!.orgId], "orgAwards.1"],
      [[spaces["一乙"]!.orgId], "orgAwards.0"],
      [[office.orgId], "orgAwards.0"],
    ] as const) {
      const refused = await call("POST", `/campaigns/${campaignId}/confirm`, { token: admin.token, body: { awards, orgAwards } });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(refused.json.errors[path]).toEqual(["须为本次评选范围内、其下有通过形式审查的参评案例的单位"]);
    }
    const campaign = await call("GET", `/campaigns/${campaignId}`, { token: admin.token });
    expect(campaign.json).toMatchObject({ status: "judging" });
    expect(campaign.json.orgAwards).toBeUndefined();
  });

  it("confirms three 街镇 and shows them, with their level, on the 公示 page and the published results and certificates", async () => {
    const orgAwards = towns.slice(0, 3).map((t) => t.orgId);
    const confirmed = await call("POST", `/campaigns/${campaignId}/confirm`, { token: admin.token, body: { awards: [{ tier: "十佳案例", entryIds }], orgAwards } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.json.orgAwards).toEqual(orgAwards);
    const shown = towns.slice(0, 3).map((t) => ({ orgId: t.orgId, name: t.name, kind: "subdistrict", level: "街镇" }));
    const notice = await call("GET", `/public/campaigns/${campaignId}`);
    expect(notice.status, notice.text).toBe(200);
    expect(notice.json).toMatchObject({ status: "notice", orgAwardName: "优秀组织奖", orgAwards: shown, orgCertificates: [] });
    expect((await call("POST", `/campaigns/${campaignId}/finalize`, { token: admin.token })).status).toBe(200);
    const published = await call("GET", `/public/campaigns/${campaignId}`);
    expect(published.json).toMatchObject({ status: "published", orgAwards: shown });
    expect(published.json.orgCertificates).toEqual(
      towns.slice(0, 3).map((t) => expect.objectContaining({ orgId: t.orgId, orgName: t.name, level: "街镇", award: "优秀组织奖", issuer: office.name, year: 2026 })),
    );
    expect((await verifyCampaignAudit(campaignId)).valid).toBe(true);
  });

  it("gives the certificates as PDF: all in one file, a tier's, one organiser's; a tier with none is a field error", async () => {
    const pdfText = async (query: string) => {
      const response = await call("GET", `/campaigns/${campaignId}/certificates.pdf${query}`, { token: admin.token });
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      const raw = Buffer.from(response.bytes).toString("latin1");
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+SourceHanSansSC-Regular/);
      const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
      const opened = await pdfjs.getDocument({ data: new Uint8Array(response.bytes), useSystemFonts: false }).promise;
      const pages: string[] = [];
      for (let n = 1; n <= opened.numPages; n += 1) pages.push((await (await opened.getPage(n)).getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join("").replace(/\s+/g, ""));
      await opened.destroy();
      return pages;
    };
    const all = await pdfText("");
    expect(all).toHaveLength(entryIds.length + 3);
    for (const page of all) expect(page).toContain("荣誉证书");
    for (const page of all) expect(page).toContain(office.name);
    expect(all.filter((page) => page.includes("荣获“十佳案例”"))).toHaveLength(entryIds.length);
    expect(all.filter((page) => page.includes("荣获“优秀组织奖”"))).toHaveLength(3);
    expect(all.some((page) => page.includes("组织奖案例甲一") && page.includes(spaces.一甲!.name))).toBe(true);
    const tier = await pdfText(`?tier=${encodeURIComponent("十佳案例")}`);
    expect(tier).toHaveLength(entryIds.length);
    const one = await pdfText(`?orgId=${towns[1]!.orgId}`);
    expect(one).toHaveLength(1);
    expect(one[0]).toContain(`${towns[1]!.name}（街镇）`);
    expect(one[0]).toContain("优秀组织奖");

    const none = await call("GET", `/campaigns/${campaignId}/certificates.pdf?tier=${encodeURIComponent("一等奖")}`, { token: admin.token });
    expect(none.status).toBe(422);
    expect(none.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(none.json.errors.tier).toEqual(["没有该获奖项"]);
    expect((await call("GET", `/campaigns/${campaignId}/certificates.pdf`, { token: judge.token })).status).toBe(403);
  });
});
