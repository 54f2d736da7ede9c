import { ORG_KINDS, type OrgKind } from "../orgs/kinds";
import type { OrgAwardSuggestion, RankingRow } from "./model";
import { aggregate, mean, round2 } from "./ranking";

/**
 * 优秀组织奖 (pure): the award goes to the organisers — any org in the campaign's subtree with
 * an eligible entry at or beneath it (a 街镇 that mobilised its 新空间 submits nothing itself).
 * Suggestions list every such org at every level with the entries submitted and eligible
 * beneath it, the share of its direct units that took part, the mean of the exact aggregates
 * of the scored entries beneath it (rounded once) and the best rank.
 */

const EPSILON = 1e-9;

/** An org of the campaign's subtree as the award needs it. */
export interface TreeOrg {
  orgId: string;
  name: string;
  kind: OrgKind;
  /** Ancestor ids, root first. */
  path: readonly string[];
}

export interface SubmittedEntry {
  entryId: string;
  unitId: string;
  eligible: boolean;
}

/**
 * The orgs an entry from `unit` counts for: the unit and its ancestors strictly beneath the
 * campaign org (never the campaign org itself or anything above it).
 */
export function creditedOrgs(unit: Pick<TreeOrg, "orgId" | "path">, campaignOrgId: string): string[] {
  const at = unit.path.indexOf(campaignOrgId);
  if (at < 0) return [];
  return [...unit.path.slice(at + 1), unit.orgId];
}

/** The org ids that may receive the org award: those with an eligible entry at or beneath them. */
export function awardableOrgs(entries: ReadonlyArray<SubmittedEntry>, units: ReadonlyMap<string, Pick<TreeOrg, "orgId" | "path">>, campaignOrgId: string): Set<string> {
  const ids = new Set<string>();
  for (const entry of entries) {
    const unit = units.get(entry.unitId);
    if (entry.eligible && unit) for (const id of creditedOrgs(unit, campaignOrgId)) ids.add(id);
  }
  return ids;
}

/**
 * Suggestions at every level. `orgs` holds every credited org (units and their ancestors below
 * the campaign org); `children` maps an org to its direct children's ids (an org missing from
 * it has no units). Levels are listed from the top down; within a level, more eligible entries
 * first, then the higher exact mean aggregate, then the better best rank. The top `count` of
 * the first level (the campaign org's direct units, the organisers the award is meant for)
 * are suggested; the other levels carry their figures for the office to choose from.
 */
export function orgAwardSuggestions(input: {
  campaignOrgId: string;
  entries: ReadonlyArray<SubmittedEntry>;
  orgs: ReadonlyMap<string, TreeOrg>;
  children: ReadonlyMap<string, readonly string[]>;
  rows: readonly RankingRow[];
  count: number;
}): OrgAwardSuggestion[] {
  const rowOf = new Map(input.rows.map((row) => [row.entryId, row]));
  interface Tally {
    org: TreeOrg;
    depth: number;
    submitted: number;
    eligible: number;
    aggregates: number[];
    bestRank: number | null;
  }
  const tallies = new Map<string, Tally>();
  for (const entry of input.entries) {
    const unit = input.orgs.get(entry.unitId);
    if (!unit) continue;
    const row = rowOf.get(entry.entryId);
    const exact = entry.eligible && row ? aggregate(row.totals.map((t) => t.total)) : null;
    creditedOrgs(unit, input.campaignOrgId).forEach((orgId, index) => {
      const org = input.orgs.get(orgId);
      if (!org) return;
      const tally = tallies.get(orgId) ?? { org, depth: index + 1, submitted: 0, eligible: 0, aggregates: [], bestRank: null };
      tallies.set(orgId, tally);
      tally.submitted++;
      if (!entry.eligible) return;
      tally.eligible++;
      if (exact !== null) tally.aggregates.push(exact);
      if (row?.rank != null) tally.bestRank = tally.bestRank === null ? row.rank : Math.min(tally.bestRank, row.rank);
    });
  }
  const byExact = (a: number | null, b: number | null) => (a !== null && b !== null && Math.abs(a - b) < EPSILON ? 0 : (b ?? -1) - (a ?? -1));
  const list = [...tallies.values()].map((tally) => ({ tally, exactMean: tally.aggregates.length ? mean(tally.aggregates) : null }));
  list.sort(
    (a, b) =>
      a.tally.depth - b.tally.depth ||
      b.tally.eligible - a.tally.eligible ||
      byExact(a.exactMean, b.exactMean) ||
      (a.tally.bestRank ?? Infinity) - (b.tally.bestRank ?? Infinity) ||
      (a.tally.org.orgId < b.tally.org.orgId ? -1 : 1),
  );
  let suggested = 0;
  return list.map(({ tally, exactMean }) => {
    const units = input.children.get(tally.org.orgId) ?? [];
    const entered = units.filter((id) => tallies.has(id)).length;
    const suggest = tally.depth === 1 && tally.eligible > 0 && suggested < input.count;
    if (suggest) suggested++;
    return {
      unitId: tally.org.orgId,
      unitName: tally.org.name,
      kind: tally.org.kind,
      level: ORG_KINDS[tally.org.kind],
      depth: tally.depth,
      submitted: tally.submitted,
      eligible: tally.eligible,
      units: units.length,
      unitsEntered: entered,
      participation: units.length === 0 ? null : round2(entered / units.length),
      meanAggregate: exactMean === null ? null : round2(exactMean),
      bestRank: tally.bestRank,
      suggested: suggest,
    };
  });
}
