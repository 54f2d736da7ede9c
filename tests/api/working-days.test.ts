import { beforeAll, describe, expect, it } from "vitest";
import { verifyCalendarAudit } from "@tongxin/core/calendar/overrides";
import { workingDayPeriod } from "@tongxin/core/calendar/working-days";
import { call, signIn } from "../support/api";
import { addPerson, campaignTree, caseData, createCampaign, enter, fullScores, review, type Person } from "../support/campaigns";

/**
 * The working-day calendar against DynamoDB Local: a year the package does not know is
 * entered by the office (validated, audited with a reason, guarded against stale edits), and a
 * campaign's 公示 of N个工作日 ends where the calendar says, shown in words on the 公示 page.
 */
describe("the office's working-day calendar override", () => {
  let li: string;
  const YEAR = 2096;

  beforeAll(async () => {
    li = await signIn("13800000001");
  });

  it("reads a year from the package, or weekends only when nobody knows it", async () => {
    const known = await call("GET", "/working-days/2026", { token: li });
    expect(known.json).toMatchObject({ year: 2026, source: "package", version: 0 });
    expect(known.json.holidays).toContain("2026-10-01");
    expect(known.json.workdays).toEqual(expect.arrayContaining(["2026-09-20", "2026-10-10"]));
    expect((await call("GET", `/working-days/${YEAR}`, { token: li })).json).toMatchObject({ source: "none", holidays: [], workdays: [], packageHolidays: [] });
    const bad = await call("GET", "/working-days/1999", { token: li });
    expect(bad.status).toBe(422);
  });

  it("refuses bad dates with field errors and stores nothing", async () => {
    const refused = await call("PUT", `/working-days/${YEAR}`, {
      token: li,
      body: { holidays: ["2096-02-30", "2095-12-31", "2096-01-01"], workdays: ["2096-01-02", "2096-01-01"], reason: "补录", version: 0 },
    });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(refused.json.errors).toEqual({
      "holidays.0": ["日期格式应为 YYYY-MM-DD"],
      "holidays.1": ["须为2096年的日期"],
      "workdays.0": ["调休上班日须为周六或周日"],
      "workdays.1": ["日期重复（同一天不能既放假又上班）"],
    });
    const noReason = await call("PUT", `/working-days/${YEAR}`, { token: li, body: { holidays: [], workdays: [], reason: "", version: 0 } });
    expect(noReason.status).toBe(422);
    expect(Object.keys(noReason.json.errors)).toEqual(["reason"]);
    expect((await call("GET", `/working-days/${YEAR}`, { token: li })).json.source).toBe("none");
    expect((await call("GET", `/working-days/${YEAR}/audit`, { token: li })).json.items).toEqual([]);
  });

  it("stores the office's arrangement with an audited reason, and refuses a stale edit", async () => {
    // 2096-01-07 is a Saturday (1月1日 a Sunday).
    const saved = await call("PUT", `/working-days/${YEAR}`, { token: li, body: { holidays: ["2096-01-02", "2096-01-01"], workdays: ["2096-01-07"], reason: "国务院办公厅通知已发布，补录元旦安排", version: 0 } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json).toMatchObject({ source: "override", holidays: ["2096-01-01", "2096-01-02"], workdays: ["2096-01-07"], version: 1, reason: "国务院办公厅通知已发布，补录元旦安排" });
    const stale = await call("PUT", `/working-days/${YEAR}`, { token: li, body: { holidays: [], workdays: [], reason: "旧页面提交", version: 0 } });
    expect(stale.status).toBe(409);
    expect(stale.json.code).toBe("conflict.stale");
    const again = await call("PUT", `/working-days/${YEAR}`, { token: li, body: { holidays: ["2096-01-01"], workdays: [], reason: "更正：1月2日照常上班", version: 1 } });
    expect(again.json).toMatchObject({ holidays: ["2096-01-01"], workdays: [], version: 2 });
    const audit = await call("GET", `/working-days/${YEAR}/audit`, { token: li });
    expect(audit.json.items.map((e: { event: Record<string, unknown> }) => [e.event.action, e.event.reason, e.event.to])).toEqual([
      ["override_created", "国务院办公厅通知已发布，补录元旦安排", { holidays: ["2096-01-01", "2096-01-02"], workdays: ["2096-01-07"] }],
      ["override_changed", "更正：1月2日照常上班", { holidays: ["2096-01-01"], workdays: [] }],
    ]);
    expect(audit.json.items[1].event.from).toEqual({ holidays: ["2096-01-01", "2096-01-02"], workdays: ["2096-01-07"], source: "override" });
    expect(await verifyCalendarAudit(YEAR)).toEqual({ valid: true, length: 2 });
  });
});

describe("a 公示 of N个工作日", () => {
  let admin: Person;
  let campaignId: string;
  let entryId: string;
  let judge: Person;

  beforeAll(async () => {
    const districtAdmin = await signIn("13800000001");
    const tree = await campaignTree(districtAdmin);
    admin = await addPerson(districtAdmin, tree.office.orgId, "工作日办公室", ["admin"]);
    judge = await addPerson(districtAdmin, tree.office.orgId, "工作日评委", ["judge"]);
    const entrant = await addPerson(districtAdmin, tree.unitC.orgId, "工作日申报人", ["member"]);
    campaignId = (await createCampaign(admin.token, tree.office.orgId, { judgesPerEntry: 1, noticeDays: 5, winners: 1, tiers: [] })).campaignId;
    const entry = await enter(entrant.token, campaignId, tree.unitC.orgId, caseData("工作日案例"));
    await review(admin.token, entry.instanceId!, "approve");
    entryId = entry.entryId;
    expect((await call("PUT", `/campaigns/${campaignId}/window`, { token: admin.token, body: { submissionsCloseAt: new Date(Date.now() - 1000).toISOString() } })).status).toBe(200);
    expect((await call("PUT", `/campaigns/${campaignId}/judges`, { token: admin.token, body: { judgeIds: [judge.accountId] } })).status).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/judging`, { token: admin.token })).status).toBe(200);
    expect((await call("POST", `/campaigns/${campaignId}/assignments/auto`, { token: admin.token })).status).toBe(200);
    expect((await call("PUT", `/campaigns/${campaignId}/entries/${entryId}/score`, { token: judge.token, body: { scores: fullScores([20, 20, 15, 15]), submit: true } })).status).toBe(200);
  }, 120_000);

  it("ends at 24:00 Beijing time of the 5th working day after the confirmation and says so in words", async () => {
    const confirmed = await call("POST", `/campaigns/${campaignId}/confirm`, { token: admin.token, body: { awards: [{ tier: "十佳案例", entryIds: [entryId] }] } });
    expect(confirmed.status, confirmed.text).toBe(200);
    const expected = workingDayPeriod(new Date(confirmed.json.confirmedAt), 5);
    expect(confirmed.json.noticeEndsAt).toBe(expected.endsAt);
    expect(confirmed.json.noticePeriod).toEqual({ workingDays: 5, firstDay: expected.firstDay, lastDay: expected.lastDay, unknownYears: expected.unknownYears });
    // Five working days span at least a week end: never less than 7 calendar days minus the day it opened.
    expect(Date.parse(confirmed.json.noticeEndsAt) - Date.parse(confirmed.json.confirmedAt)).toBeGreaterThan(6 * 86_400_000);
    const page = await call("GET", `/public/campaigns/${campaignId}`);
    const words = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
    expect(page.json.noticeInWords).toMatch(new RegExp(`^公示期为5个工作日，自${words(expected.firstDay!)}（星期.）起至${words(expected.lastDay!)}（星期.）24时止$`));
    const early = await call("POST", `/campaigns/${campaignId}/finalize`, { token: admin.token });
    expect(early.json.code).toBe("campaign.notice_running");
  });
});
