import { describe, expect, it } from "vitest";
import type { Activity } from "@tongxin/core/activities/model";
import { diffStats, expectedStats } from "@tongxin/core/activities/recompute";
import { buildReport, contributionItems, contributionOf } from "@tongxin/core/activities/stats";
import { Keys } from "@tongxin/core/db/keys";
import { KEY_ATTRIBUTES } from "@tongxin/core/db/table";

const base = { unitPath: ["district", "town"], themeLabel: "四史学习" };
const summarized = (activityId: string, orgId: string, startsAt: string, theme: string, attendance: number): Activity =>
  ({ ...base, activityId, orgId, startsAt, theme, themeLabel: theme === "sishi" ? "四史学习" : "公益志愿", summary: { attendance } }) as unknown as Activity;

describe("incremental statistics", () => {
  it("credits a summarized activity to its unit and every org above, in its start month", () => {
    const contribution = contributionOf({ orgId: "space", unitPath: ["district", "town"], startsAt: "2026-03-08T09:00", theme: "sishi", themeLabel: "四史学习" }, 45);
    expect(contribution).toMatchObject({ orgIds: ["district", "town", "space"], year: "2026", month: "03", activities: 1, attendances: 45 });
    const items = contributionItems(contribution);
    expect(items).toHaveLength(6);
    expect(items.map((item) => item.Update!.Key)).toContainEqual(Keys.statsCell("town", "2026", "03", "sishi"));
    expect(items.map((item) => item.Update!.Key)).toContainEqual(Keys.statsYear("district", "2026"));
  });

  it("keeps cells, totals and people markers apart under one org's partition", () => {
    const cells = Keys.statsCellsOf("o", "2026");
    expect(Keys.statsCell("o", "2026", "03", "sishi").sk.startsWith(cells.skPrefix)).toBe(true);
    expect(Keys.statsPerson("o", "2026", "a").sk.startsWith(cells.skPrefix)).toBe(false);
    expect(Keys.statsYear("o", "2026").sk.startsWith(cells.skPrefix)).toBe(false);
    for (const key of [Keys.calendarEntry("a", "o", "2026-12-12T14:00"), Keys.signup("a", "p"), Keys.signupOfAccount("p", "2026-12-12T14:00", "a")]) {
      for (const attribute of Object.keys(key)) expect(KEY_ATTRIBUTES).toContain(attribute);
    }
    // Waitlist tickets sort as numbers.
    expect(Keys.waitlistEntry("a", 9).sk < Keys.waitlistEntry("a", 10).sk).toBe(true);
  });
});

describe("the report", () => {
  it("lists twelve months, themes in the usual order, children by name and what the org held itself", () => {
    const report = buildReport({
      org: { orgId: "town", name: "虹桥镇" },
      year: "2026",
      cells: [
        { month: "03", theme: "volunteer", themeLabel: "公益志愿", activities: 1, attendances: 20 },
        { month: "03", theme: "sishi", themeLabel: "四史学习", activities: 2, attendances: 50 },
        { month: "11", theme: "sishi", themeLabel: "四史学习", activities: 1, attendances: 10 },
      ],
      totals: { activities: 4, attendances: 80, people: 33 },
      children: [
        { orgId: "b", name: "乙", activities: 1, attendances: 10, people: 8 },
        { orgId: "a", name: "甲", activities: 2, attendances: 50, people: 20 },
      ],
    });
    expect(report.byMonth).toHaveLength(12);
    expect(report.byMonth[2]).toEqual({ month: "03", activities: 3, attendances: 70 });
    expect(report.byTheme.map((t) => [t.theme, t.label, t.activities, t.attendances])).toEqual([["sishi", "四史学习", 3, 60], ["volunteer", "公益志愿", 1, 20]]);
    // By name in pinyin order: 甲 (jiǎ) before 乙 (yǐ).
    expect(report.byChild.map((c) => c.orgId)).toEqual(["a", "b"]);
    expect(report.own).toEqual({ activities: 1, attendances: 20 });
  });
});

describe("rebuilding from the activities", () => {
  const entries = [
    { activity: summarized("a1", "space", "2026-03-08T09:00", "sishi", 5), people: ["p1", "p2"] },
    { activity: summarized("a2", "space", "2026-05-08T09:00", "volunteer", 3), people: ["p1", "p3"] },
    { activity: summarized("a3", "other", "2026-05-09T09:00", "sishi", 2), people: ["p1"] },
    { activity: { ...summarized("a4", "space", "2026-06-01T09:00", "sishi", 0), summary: undefined }, people: [] },
  ];

  it("counts 场次 and 人次 per cell and distinct people per org and year, only for the orgs asked", () => {
    const expected = expectedStats(entries, new Set(["town", "space", "other"]));
    expect(expected.has("district")).toBe(false);
    const town = expected.get("town")!;
    expect(town.get(Keys.statsYear("town", "2026").sk)).toMatchObject({ activities: 3, attendances: 10, people: 3 });
    expect(town.get(Keys.statsCell("town", "2026", "05", "sishi").sk)).toMatchObject({ activities: 1, attendances: 2 });
    expect(expected.get("space")!.get(Keys.statsYear("space", "2026").sk)).toMatchObject({ activities: 2, attendances: 8, people: 3 });
    expect(expected.get("other")!.get(Keys.statsYear("other", "2026").sk)).toMatchObject({ activities: 1, attendances: 2, people: 1 });
    expect([...town.keys()].filter((sk) => sk.includes("#P#"))).toHaveLength(3);
  });

  it("reports each figure that differs, missing and extra items, and ignores empty leftovers", () => {
    const want = expectedStats(entries, new Set(["space"])).get("space")!;
    expect(diffStats("space", want, new Map(want))).toEqual([]);
    const total = Keys.statsYear("space", "2026").sk;
    const drifted = new Map(want);
    drifted.set(total, { ...want.get(total)!, attendances: 99 });
    drifted.delete(Keys.statsPerson("space", "2026", "p3").sk);
    drifted.set("Y#2026#M#01#T#x", { sk: "Y#2026#M#01#T#x", type: "statsCell", activities: 0, attendances: 0 });
    drifted.set("Y#2026#P#ghost", { sk: "Y#2026#P#ghost", type: "statsPerson" });
    expect(diffStats("space", want, drifted).map((d) => [d.sk, d.field, d.expected, d.stored])).toEqual(
      expect.arrayContaining([
        [total, "attendances", 8, 99],
        [Keys.statsPerson("space", "2026", "p3").sk, "item", "present", "absent"],
        ["Y#2026#P#ghost", "item", "absent", "present"],
      ]),
    );
    expect(diffStats("space", want, drifted)).toHaveLength(3);
  });
});
