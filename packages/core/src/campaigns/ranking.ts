import type { AwardGroup, DecidedBy, JudgeDeviation, RankingRow } from "./model";
import type { Criterion } from "./inputs";

/**
 * Ranking (pure): aggregates of submitted scores, the order with its tie rules, proposed
 * awards by tier and judges' deviations (优秀组织奖 suggestions: org-awards.ts). Every figure is computed from
 * exact values (the judges' totals, never a rounded figure), compared exactly (to 1e-9), and
 * rounded once, for display, by round2.
 */

const EPSILON = 1e-9;
const same = (a: number, b: number) => Math.abs(a - b) < EPSILON;

/**
 * The one rounding of a reported figure: two decimals, halves away from zero. Figures are
 * ratios of small integers, so one within 1e-9 of a half-cent is exactly on it (0.835 held as
 * 0.83499999… rounds to 0.84, −0.835 to −0.84).
 * @example round2(85.3333) // 85.33
 * @example round2(-0.835) // -0.84
 */
export function round2(value: number): number {
  const cents = Math.round(Math.abs(value) * 100 + EPSILON);
  return cents === 0 ? 0 : (Math.sign(value) * cents) / 100;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Judges' totals below which the plain mean is used instead of the trimmed mean. */
export const TRIM_FROM = 5;

/**
 * The aggregate of an entry's totals: with at least 5 totals, the mean after dropping one
 * highest and one lowest; else the plain mean. Null when there is none.
 * @example aggregate([70, 80, 90]) // 80
 * @example aggregate([50, 80, 82, 84, 99]) // 82 (drops 50 and 99)
 */
export function aggregate(totals: readonly number[]): number | null {
  if (totals.length === 0) return null;
  if (totals.length < TRIM_FROM) return mean(totals);
  const sorted = [...totals].sort((a, b) => a - b);
  return mean(sorted.slice(1, -1));
}

/** The criterion ties are broken on: the one with the largest max, the first listed among equals. */
export function topCriterion(rubric: readonly Criterion[]): Criterion {
  return rubric.reduce((best, criterion) => (criterion.max > best.max ? criterion : best), rubric[0]!);
}

export interface RankEntry {
  entryId: string;
  title: string;
  unitId: string;
  unitName: string;
}

export interface SubmittedScore {
  entryId: string;
  judgeId: string;
  judgeName: string;
  scores: Record<string, number>;
}

export function totalOf(scores: Record<string, number>, rubric: readonly Criterion[]): number {
  return rubric.reduce((sum, criterion) => sum + (scores[criterion.key] ?? 0), 0);
}

interface Computed {
  row: RankingRow;
  /** What the order is decided on first: the exact aggregate, or the combined score with a public vote. */
  agg: number | null;
  med: number;
  top: number;
}

/** Tiers in award order: 十佳 first. */
export type TierList = ReadonlyArray<{ name: string; count: number }>;

/**
 * Ranks eligible entries from their submitted scores. `assigned` counts each entry's
 * assignments (an entry with fewer submitted scores is `incomplete`).
 */
export function rankEntries(input: {
  rubric: readonly Criterion[];
  entries: readonly RankEntry[];
  scores: readonly SubmittedScore[];
  assigned: ReadonlyMap<string, number>;
  tiers: TierList;
  /** With a public vote: the exact score an entry is ranked on, from its exact aggregate (public-vote.ts). */
  primary?: (entryId: string, exactAggregate: number) => number;
}): RankingRow[] {
  const top = topCriterion(input.rubric);
  const byEntry = new Map<string, SubmittedScore[]>();
  for (const score of input.scores) (byEntry.get(score.entryId) ?? byEntry.set(score.entryId, []).get(score.entryId)!).push(score);

  const computed: Computed[] = input.entries.map((entry) => {
    const scores = (byEntry.get(entry.entryId) ?? []).slice().sort((a, b) => (a.judgeId < b.judgeId ? -1 : 1));
    const totals = scores.map((s) => totalOf(s.scores, input.rubric));
    const agg = aggregate(totals);
    const criterionMeans = Object.fromEntries(
      scores.length === 0 ? [] : input.rubric.map((c) => [c.key, round2(mean(scores.map((s) => s.scores[c.key] ?? 0)))]),
    );
    const topMean = scores.length === 0 ? 0 : mean(scores.map((s) => s.scores[top.key] ?? 0));
    const med = totals.length === 0 ? 0 : median(totals);
    const assigned = input.assigned.get(entry.entryId) ?? 0;
    return {
      agg: agg === null || !input.primary ? agg : input.primary(entry.entryId, agg),
      med,
      top: topMean,
      row: {
        ...entry,
        rank: null,
        aggregate: agg === null ? null : round2(agg),
        median: totals.length === 0 ? null : round2(med),
        mean: totals.length === 0 ? null : round2(mean(totals)),
        spread: totals.length === 0 ? null : round2(Math.max(...totals) - Math.min(...totals)),
        trimmed: totals.length >= TRIM_FROM,
        totals: scores.map((s, i) => ({ judgeId: s.judgeId, judgeName: s.judgeName, total: totals[i]! })),
        criterionMeans,
        assigned,
        submitted: scores.length,
        incomplete: scores.length < assigned,
        tie: false,
        decidedBy: null,
        proposedTier: null,
        boundaryTie: false,
      },
    };
  });

  const compare = (a: Computed, b: Computed): { order: number; by: DecidedBy } => {
    if (a.agg === null || b.agg === null) return { order: a.agg === null ? (b.agg === null ? 0 : 1) : -1, by: "aggregate" };
    if (!same(a.agg, b.agg)) return { order: b.agg - a.agg, by: "aggregate" };
    if (!same(a.med, b.med)) return { order: b.med - a.med, by: "median" };
    if (!same(a.top, b.top)) return { order: b.top - a.top, by: "top_criterion" };
    return { order: 0, by: "tie" };
  };
  computed.sort((a, b) => compare(a, b).order || (a.row.entryId < b.row.entryId ? -1 : a.row.entryId > b.row.entryId ? 1 : 0));

  const scored = computed.filter((c) => c.agg !== null);
  scored.forEach((current, index) => {
    const previous = scored[index - 1];
    const next = scored[index + 1];
    const tiedWithPrevious = previous !== undefined && compare(previous, current).by === "tie";
    current.row.rank = tiedWithPrevious ? previous.row.rank : index + 1;
    const tiedWithNext = next !== undefined && compare(current, next).by === "tie";
    current.row.tie = tiedWithPrevious || tiedWithNext;
    current.row.decidedBy = next ? compare(current, next).by : current.row.tie ? "tie" : null;
  });
  assignTiers(scored.map((c) => c.row), input.tiers);
  return computed.map((c) => c.row);
}

/**
 * Proposes a tier for each ranked row by position: ranks 1..count of the first tier, then the
 * next. A tied group crossing a boundary is flagged `boundaryTie` and proposed as a whole for
 * the tier its shared rank falls in (the office decides; confirm refuses over-full tiers).
 */
function assignTiers(rows: RankingRow[], tiers: TierList): void {
  const bounds: Array<{ name: string; last: number }> = [];
  let total = 0;
  for (const tier of tiers) bounds.push({ name: tier.name, last: (total += tier.count) });
  const tierAt = (position: number) => bounds.find((b) => position <= b.last)?.name ?? null;
  let index = 0;
  while (index < rows.length) {
    let end = index;
    while (end + 1 < rows.length && rows[end + 1]!.rank === rows[index]!.rank) end++;
    const first = index + 1;
    const last = end + 1;
    const straddles = bounds.some((b) => first <= b.last && last > b.last);
    for (let i = index; i <= end; i++) {
      rows[i]!.proposedTier = tierAt(first);
      rows[i]!.boundaryTie = straddles;
    }
    index = end + 1;
  }
}

/** The proposed awards, tier by tier, from ranked rows. */
export function proposedAwards(rows: readonly RankingRow[], tiers: TierList): AwardGroup[] {
  return tiers.map((tier) => ({ tier: tier.name, entryIds: rows.filter((row) => row.proposedTier === tier.name).map((row) => row.entryId) }));
}

/** A row's aggregate before rounding, from the judges' totals it lists (row.aggregate is for display). */
function exactAggregate(row: RankingRow): number | null {
  return aggregate(row.totals.map((t) => t.total));
}

/**
 * Each judge's mean deviation and mean absolute deviation from the exact aggregates of the
 * entries they scored (outliers stand out), rounded once at the end.
 */
export function judgeDeviations(rows: readonly RankingRow[], judges: ReadonlyArray<{ judgeId: string; judgeName: string }>): JudgeDeviation[] {
  return judges.map((judge) => {
    const deviations = rows.flatMap((row) => {
      const mine = row.totals.find((t) => t.judgeId === judge.judgeId);
      const exact = exactAggregate(row);
      return mine && exact !== null ? [mine.total - exact] : [];
    });
    return {
      judgeId: judge.judgeId,
      judgeName: judge.judgeName,
      scored: deviations.length,
      meanDeviation: deviations.length ? round2(mean(deviations)) : null,
      meanAbsDeviation: deviations.length ? round2(mean(deviations.map(Math.abs))) : null,
    };
  });
}
