import { describe, expect, it } from "vitest";
import type { Criterion } from "@tongxin/core/campaigns/inputs";
import { awardableOrgs, orgAwardSuggestions, type TreeOrg } from "@tongxin/core/campaigns/org-awards";
import { aggregate, judgeDeviations, median, proposedAwards, rankEntries, topCriterion, type SubmittedScore } from "@tongxin/core/campaigns/ranking";

const rubric: Criterion[] = [
  { key: "a", label: "甲", max: 20 },
  { key: "b", label: "乙", max: 40 },
  { key: "c", label: "丙", max: 40 },
];

const s = (entryId: string, judgeId: string, a: number, b: number, c: number): SubmittedScore => ({ entryId, judgeId, judgeName: `评委${judgeId}`, scores: { a, b, c } });

// Hand-worked: totals per entry, in judge order.
const scores: SubmittedScore[] = [
  // E1: 80, 70, 90 → mean 80, median 80, 乙 mean 30
  s("E1", "j1", 20, 30, 30), s("E1", "j2", 10, 30, 30), s("E1", "j3", 20, 30, 40),
  // E2: 85, 75, 80 → mean 80, median 80, 乙 mean 32
  s("E2", "j1", 13, 32, 40), s("E2", "j2", 3, 32, 40), s("E2", "j3", 8, 32, 40),
  // E3: 60, 90, 90 → mean 80, median 90
  s("E3", "j1", 10, 20, 30), s("E3", "j2", 20, 35, 35), s("E3", "j3", 20, 35, 35),
  // E4: 50, 70, 72, 74, 100 → five totals: trimmed mean (70+72+74)/3 = 72
  s("E4", "j1", 10, 20, 20), s("E4", "j2", 10, 30, 30), s("E4", "j3", 12, 30, 30), s("E4", "j4", 14, 30, 30), s("E4", "j5", 20, 40, 40),
  // E5 and E6: identical, 70 and 70 → a real tie
  s("E5", "j1", 10, 30, 30), s("E5", "j2", 10, 30, 30),
  s("E6", "j1", 10, 30, 30), s("E6", "j2", 10, 30, 30),
  // E8: 75, 75 from two of three assigned judges → incomplete
  s("E8", "j1", 15, 30, 30), s("E8", "j2", 15, 30, 30),
];
const entries = ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8"].map((entryId) => ({ entryId, title: `案例${entryId}`, unitId: `U-${entryId}`, unitName: `单位${entryId}` }));
const assigned = new Map(entries.map((e) => [e.entryId, e.entryId === "E4" ? 5 : e.entryId === "E5" || e.entryId === "E6" ? 2 : 3]));

describe("aggregation", () => {
  it("uses the plain mean below five judges and drops the highest and lowest from five on", () => {
    expect(aggregate([70, 80, 90])).toBe(80);
    expect(aggregate([10, 20, 30, 100])).toBe(40);
    expect(aggregate([50, 80, 82, 84, 99])).toBe(82);
    expect(aggregate([60, 60, 70, 90, 90, 95])).toBe(77.5);
    expect(aggregate([])).toBeNull();
  });

  it("takes the median of odd and even counts", () => {
    expect(median([90, 60, 90])).toBe(90);
    expect(median([1, 4, 2, 3])).toBe(2.5);
  });

  it("breaks ties on the criterion with the largest maximum, the first listed among equals", () => {
    expect(topCriterion(rubric).key).toBe("b");
    expect(topCriterion([{ key: "x", label: "x", max: 30 }, { key: "y", label: "y", max: 30 }, { key: "z", label: "z", max: 20 }]).key).toBe("x");
  });
});

describe("ranking", () => {
  const tiers = [{ name: "十佳案例", count: 2 }, { name: "优秀作品", count: 3 }];
  const rows = rankEntries({ rubric, entries, scores, assigned, tiers });
  const byId = new Map(rows.map((r) => [r.entryId, r]));

  it("orders by aggregate, then median, then the top criterion, and says which rule decided", () => {
    expect(rows.map((r) => [r.entryId, r.rank, r.decidedBy])).toEqual([
      ["E3", 1, "median"],
      ["E2", 2, "top_criterion"],
      ["E1", 3, "aggregate"],
      ["E8", 4, "aggregate"],
      ["E4", 5, "aggregate"],
      ["E5", 6, "tie"],
      ["E6", 6, "tie"],
      ["E7", null, null],
    ]);
  });

  it("reports each judge's total, the aggregate, median, spread and criterion means", () => {
    const e4 = byId.get("E4")!;
    expect(e4).toMatchObject({ aggregate: 72, median: 72, mean: 73.2, spread: 50, trimmed: true, submitted: 5, assigned: 5, incomplete: false });
    expect(e4.totals.map((t) => t.total)).toEqual([50, 70, 72, 74, 100]);
    expect(byId.get("E2")!.criterionMeans).toEqual({ a: 8, b: 32, c: 40 });
    expect(byId.get("E1")).toMatchObject({ aggregate: 80, median: 80, spread: 20, trimmed: false });
  });

  it("flags entries with fewer submitted scores than judges and equal entries as tied", () => {
    expect(byId.get("E8")!.incomplete).toBe(true);
    expect(byId.get("E7")).toMatchObject({ incomplete: true, aggregate: null, submitted: 0 });
    expect(byId.get("E5")!.tie && byId.get("E6")!.tie).toBe(true);
    expect(byId.get("E4")!.tie).toBe(false);
  });

  it("proposes tiers by rank and leaves the rest without one", () => {
    expect(proposedAwards(rows, tiers)).toEqual([
      { tier: "十佳案例", entryIds: ["E3", "E2"] },
      { tier: "优秀作品", entryIds: ["E1", "E8", "E4"] },
    ]);
    expect(rows.every((r) => !r.boundaryTie)).toBe(true);
  });

  it("flags a tie straddling a tier boundary instead of splitting it", () => {
    const straddling = rankEntries({ rubric, entries, scores, assigned, tiers: [{ name: "十佳案例", count: 2 }, { name: "优秀作品", count: 4 }] });
    const e5 = straddling.find((r) => r.entryId === "E5")!;
    const e6 = straddling.find((r) => r.entryId === "E6")!;
    expect([e5.boundaryTie, e6.boundaryTie]).toEqual([true, true]);
    expect([e5.proposedTier, e6.proposedTier]).toEqual(["优秀作品", "优秀作品"]);
    expect(straddling.find((r) => r.entryId === "E4")!.boundaryTie).toBe(false);
  });

  it("measures each judge's deviation from the aggregates", () => {
    const [j1, j5, j9] = judgeDeviations(rows, [{ judgeId: "j1", judgeName: "一" }, { judgeId: "j5", judgeName: "五" }, { judgeId: "j9", judgeName: "九" }]);
    // j1: E1 80−80, E2 85−80, E3 60−80, E4 50−72, E5 0, E6 0, E8 0 → −37/7
    expect(j1).toMatchObject({ scored: 7, meanDeviation: -5.29, meanAbsDeviation: 6.71 });
    expect(j5).toMatchObject({ scored: 1, meanDeviation: 28 });
    expect(j9).toMatchObject({ scored: 0, meanDeviation: null });
  });
});

describe("优秀组织奖 suggestions", () => {
  // The district D runs the campaign. 街镇 T1 has 新空间 U1, U2 and 新联会 A1 (with U3 under it);
  // 街镇 T2 has U4 and U6 (U6 entered nothing); U5 is a 新空间 directly under D.
  const org = (orgId: string, name: string, kind: TreeOrg["kind"], path: string[]): TreeOrg => ({ orgId, name, kind, path });
  const tree = new Map(
    [
      org("T1", "一街道", "subdistrict", ["D"]),
      org("T2", "二街道", "subdistrict", ["D"]),
      org("A1", "一新联会", "association", ["D", "T1"]),
      org("U1", "一新空间", "new_space", ["D", "T1"]),
      org("U2", "二新空间", "new_space", ["D", "T1"]),
      org("U3", "三新空间", "new_space", ["D", "T1", "A1"]),
      org("U4", "四新空间", "new_space", ["D", "T2"]),
      org("U5", "五新空间", "new_space", ["D"]),
    ].map((o) => [o.orgId, o]),
  );
  const children = new Map<string, string[]>([
    ["T1", ["U1", "U2", "A1"]],
    ["T2", ["U4", "U6"]],
    ["A1", ["U3"]],
  ]);
  const rows = rankEntries({ rubric, entries, scores, assigned, tiers: [{ name: "十佳案例", count: 10 }] });
  const submitted = [
    { entryId: "E1", unitId: "U1", eligible: true }, // aggregate 80, rank 3
    { entryId: "E2", unitId: "U1", eligible: true }, // 80, rank 2 (E1 is rank 3)
    { entryId: "X", unitId: "U2", eligible: false },
    { entryId: "E4", unitId: "U3", eligible: true }, // 72, rank 5
    { entryId: "E3", unitId: "U4", eligible: true }, // 80, rank 1
    { entryId: "E8", unitId: "U5", eligible: true }, // 75, rank 4
  ];

  it("credits every org between the campaign org and the entrant, at every level, and suggests the top of the first level", () => {
    const list = orgAwardSuggestions({ campaignOrgId: "D", entries: submitted, orgs: tree, children, rows, count: 2 });
    const ranks = new Map(rows.map((r) => [r.entryId, r.rank]));
    expect([ranks.get("E3"), ranks.get("E2"), ranks.get("E1"), ranks.get("E8"), ranks.get("E4")]).toEqual([1, 2, 3, 4, 5]);
    expect(list.map((o) => [o.unitId, o.depth, o.suggested])).toEqual([
      // Level 1: T1 has 3 eligible, then T2 and U5 with one each: T2 (80) before U5 (75).
      ["T1", 1, true],
      ["T2", 1, true],
      ["U5", 1, false],
      // Level 2: U1 (2 eligible), then A1 and U4 with one: U4 (80) before A1 (72); U2 has none.
      ["U1", 2, false],
      ["U4", 2, false],
      ["A1", 2, false],
      ["U2", 2, false],
      ["U3", 3, false],
    ]);
    // T1: 4 submitted, 3 eligible; units U1, U2, A1 all took part; mean (80 + 80 + 72) / 3 = 77.333… → 77.33.
    expect(list[0]).toEqual({
      unitId: "T1", unitName: "一街道", kind: "subdistrict", level: "街镇", depth: 1,
      submitted: 4, eligible: 3, units: 3, unitsEntered: 3, participation: 1, meanAggregate: 77.33, bestRank: 2, suggested: true,
    });
    // T2: one of its two units took part.
    expect(list[1]).toMatchObject({ unitId: "T2", level: "街镇", submitted: 1, eligible: 1, units: 2, unitsEntered: 1, participation: 0.5, meanAggregate: 80, bestRank: 1 });
    expect(list[2]).toMatchObject({ unitId: "U5", level: "新空间", units: 0, participation: null, meanAggregate: 75, bestRank: 4 });
    expect(list.find((o) => o.unitId === "U2")).toMatchObject({ submitted: 1, eligible: 0, meanAggregate: null, bestRank: null });
    expect(list.find((o) => o.unitId === "A1")).toMatchObject({ level: "新联会", units: 1, unitsEntered: 1, meanAggregate: 72 });
  });

  it("never credits the campaign org itself or an org outside its subtree", () => {
    const outside = new Map(tree).set("Z", org("Z", "外区新空间", "new_space", ["OTHER"]));
    const list = orgAwardSuggestions({ campaignOrgId: "D", entries: [...submitted, { entryId: "E5", unitId: "Z", eligible: true }], orgs: outside, children, rows, count: 3 });
    expect(list.map((o) => o.unitId)).not.toContain("D");
    expect(list.map((o) => o.unitId)).not.toContain("Z");
    expect(awardableOrgs(submitted, tree, "D")).toEqual(new Set(["T1", "U1", "A1", "U3", "T2", "U4", "U5"]));
  });
});
