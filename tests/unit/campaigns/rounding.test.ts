import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Criterion } from "@tongxin/core/campaigns/inputs";
import { orgAwardSuggestions as suggest } from "@tongxin/core/campaigns/org-awards";
import type { RankingRow } from "@tongxin/core/campaigns/model";
import { judgeDeviations, rankEntries, round2, type SubmittedScore } from "@tongxin/core/campaigns/ranking";

/** Units U* directly beneath the campaign org D. */
function orgAwardSuggestions(submitted: Array<{ entryId: string; unitId: string; eligible: boolean }>, rows: RankingRow[], count: number) {
  const orgs = new Map(submitted.map((e) => [e.unitId, { orgId: e.unitId, name: "单位", kind: "new_space" as const, path: ["D"] }]));
  return suggest({ campaignOrgId: "D", entries: submitted, orgs, children: new Map(), rows, count });
}

const rubric: Criterion[] = [{ key: "x", label: "总分", max: 100 }];
const score = (entryId: string, judgeId: string, total: number): SubmittedScore => ({ entryId, judgeId, judgeName: `评委${judgeId}`, scores: { x: total } });
const entry = (entryId: string, unitId = `U-${entryId}`) => ({ entryId, title: `案例${entryId}`, unitId, unitName: `单位${unitId}` });

function rank(scores: SubmittedScore[], entries = [...new Set(scores.map((s) => s.entryId))].map((id) => entry(id))) {
  const assigned = new Map(entries.map((e) => [e.entryId, scores.filter((s) => s.entryId === e.entryId).length]));
  return rankEntries({ rubric, entries, scores, assigned, tiers: [{ name: "十佳案例", count: 10 }] });
}

describe("ranking figures are rounded once, from exact values", () => {
  it("a judge's deviations come from the exact aggregates, not the rounded ones", () => {
    // Entry A: 87 (j1), 87, 90 → aggregate 88.
    // Entry B: 86 (j1), 83, 81 → aggregate 250/3 = 83.333…, shown as 83.33.
    // j1's deviations: 87 − 88 = −1 and 86 − 83.333… = +2.666…
    //   mean (−1 + 2.666…)/2 = 0.8333… → 0.83;  mean |·| (1 + 2.666…)/2 = 1.8333… → 1.83.
    // From the rounded 83.33 instead: +2.67, so 0.835 → 0.84 and 1.835 → 1.84 (what the table used to show).
    const rows = rank([score("A", "j1", 87), score("A", "j2", 87), score("A", "j3", 90), score("B", "j1", 86), score("B", "j2", 83), score("B", "j3", 81)]);
    expect(rows.find((r) => r.entryId === "B")!.aggregate).toBe(83.33);
    const [j1] = judgeDeviations(rows, [{ judgeId: "j1", judgeName: "一" }]);
    expect(j1).toMatchObject({ scored: 2, meanDeviation: 0.83, meanAbsDeviation: 1.83 });
  });

  it("a unit's mean aggregate for 优秀组织奖 comes from the exact aggregates", () => {
    // Entry C: 80, 80, 80 → 80.  Entry D: 80, 81, 81 → 242/3 = 80.666…, shown as 80.67.
    // Exact: (80 + 80.666…)/2 = 80.333… → 80.33.  From the rounded 80.67: 80.335 → 80.34.
    const scores = [score("C", "j1", 80), score("C", "j2", 80), score("C", "j3", 80), score("D", "j1", 80), score("D", "j2", 81), score("D", "j3", 81)];
    const rows = rank(scores, [entry("C", "U1"), entry("D", "U1")]);
    const submitted = ["C", "D"].map((entryId) => ({ entryId, unitId: "U1", unitName: "一街道", eligible: true }));
    expect(orgAwardSuggestions(submitted, rows, 1)[0]!.meanAggregate).toBe(80.33);
  });

  it("rounds halves away from zero, whatever the float representation", () => {
    expect(round2(0.835)).toBe(0.84);
    expect(round2(-0.835)).toBe(-0.84);
    expect(round2((-1 + 2.67) / 2)).toBe(0.84);
    expect(round2(250 / 3)).toBe(83.33);
    expect(round2(-37 / 7)).toBe(-5.29);
    expect(round2(-0.001)).toBe(0);
  });
});

/** Exact rationals for the reference computation (BigInt numerator / positive denominator). */
type Q = { n: bigint; d: bigint };
const q = (n: number | bigint, d: number | bigint = 1n): Q => ({ n: BigInt(n), d: BigInt(d) });
const add = (a: Q, b: Q): Q => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const sub = (a: Q, b: Q): Q => add(a, { n: -b.n, d: b.d });
const div = (a: Q, k: number): Q => ({ n: a.n, d: a.d * BigInt(k) });
const abs = (a: Q): Q => ({ n: a.n < 0n ? -a.n : a.n, d: a.d });
const sum = (values: Q[]) => values.reduce(add, q(0));
/** Two decimals, halves away from zero, in exact arithmetic. */
function roundQ(a: Q): number {
  const magnitude = a.n < 0n ? -a.n : a.n;
  const cents = (2n * magnitude * 100n + a.d) / (2n * a.d);
  return cents === 0n ? 0 : (a.n < 0n ? -1 : 1) * Number(cents) / 100;
}
/** The stated method: trimmed mean (drop one highest and one lowest) from five totals on, else the mean. */
function referenceAggregate(totals: number[]): Q {
  const sorted = [...totals].sort((a, b) => a - b);
  const kept = sorted.length >= 5 ? sorted.slice(1, -1) : sorted;
  return div(sum(kept.map((t) => q(t))), kept.length);
}

const scoreSets = fc
  .array(fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), { minLength: 7, maxLength: 7 }), { minLength: 1, maxLength: 6 })
  .map((table) => table.flatMap((row, e) => row.flatMap((total, j) => (total === undefined ? [] : [score(`E${e}`, `j${j}`, total)]))))
  .filter((scores) => scores.length > 0);

describe("ranking figures against a reference computed without intermediate rounding", () => {
  it("aggregates, judges' deviations and units' mean aggregates equal the exact figures rounded once", () => {
    fc.assert(
      fc.property(scoreSets, (scores) => {
        const entryIds = [...new Set(scores.map((s) => s.entryId))];
        const rows = rank(scores, entryIds.map((id) => entry(id, `U${Number(id.slice(1)) % 2}`)));
        const totalsOf = (entryId: string) => scores.filter((s) => s.entryId === entryId).map((s) => s.scores.x!);
        const exact = new Map(entryIds.map((id) => [id, referenceAggregate(totalsOf(id))]));
        for (const row of rows) expect(row.aggregate).toBe(roundQ(exact.get(row.entryId)!));

        const judges = [...new Set(scores.map((s) => s.judgeId))].map((judgeId) => ({ judgeId, judgeName: judgeId }));
        for (const figure of judgeDeviations(rows, judges)) {
          const deviations = scores.filter((s) => s.judgeId === figure.judgeId).map((s) => sub(q(s.scores.x!), exact.get(s.entryId)!));
          expect(figure.meanDeviation).toBe(roundQ(div(sum(deviations), deviations.length)));
          expect(figure.meanAbsDeviation).toBe(roundQ(div(sum(deviations.map(abs)), deviations.length)));
        }

        const submitted = entryIds.map((id) => ({ entryId: id, unitId: `U${Number(id.slice(1)) % 2}`, unitName: "单位", eligible: true }));
        for (const unit of orgAwardSuggestions(submitted, rows, 1)) {
          const mine = submitted.filter((e) => e.unitId === unit.unitId).map((e) => exact.get(e.entryId)!);
          expect(unit.meanAggregate).toBe(roundQ(div(sum(mine), mine.length)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
