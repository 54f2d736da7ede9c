import { describe, expect, it } from "vitest";
import type { Criterion } from "@tongxin/core/campaigns/inputs";
import { aggregate, judgeDeviations, median, orgAwardSuggestions, proposedAwards, rankEntries, topCriterion, type SubmittedScore } from "@tongxin/core/campaigns/ranking";

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
  it("orders units by eligible entries, then mean aggregate, and suggests the top ones", () => {
    const rows = rankEntries({ rubric, entries, scores, assigned, tiers: [{ name: "十佳案例", count: 10 }] });
    const submitted = [
      { entryId: "E1", unitId: "U1", unitName: "一街道", eligible: true },
      { entryId: "E2", unitId: "U1", unitName: "一街道", eligible: true },
      { entryId: "X", unitId: "U1", unitName: "一街道", eligible: false },
      { entryId: "E3", unitId: "U2", unitName: "二街道", eligible: true },
      { entryId: "E4", unitId: "U3", unitName: "三街道", eligible: true },
      { entryId: "E5", unitId: "U3", unitName: "三街道", eligible: true },
      { entryId: "E6", unitId: "U3", unitName: "三街道", eligible: true },
      { entryId: "E8", unitId: "U4", unitName: "四街道", eligible: true },
      { entryId: "Y", unitId: "U5", unitName: "五街道", eligible: false },
    ];
    expect(orgAwardSuggestions(submitted, rows, 2)).toEqual([
      { unitId: "U3", unitName: "三街道", submitted: 3, eligible: 3, meanAggregate: 70.67, bestRank: 5, suggested: true },
      { unitId: "U1", unitName: "一街道", submitted: 3, eligible: 2, meanAggregate: 80, bestRank: 2, suggested: true },
      { unitId: "U2", unitName: "二街道", submitted: 1, eligible: 1, meanAggregate: 80, bestRank: 1, suggested: false },
      { unitId: "U4", unitName: "四街道", submitted: 1, eligible: 1, meanAggregate: 75, bestRank: 4, suggested: false },
      { unitId: "U5", unitName: "五街道", submitted: 1, eligible: 0, meanAggregate: null, bestRank: null, suggested: false },
    ]);
  });
});
