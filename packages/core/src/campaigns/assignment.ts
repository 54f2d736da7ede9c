/**
 * Automatic judge assignment (pure and deterministic): every entry gets `perEntry` distinct
 * judges, never a conflicted one, keeping the assignments already made; loads are kept as
 * even as the conflicts allow (max − min ≤ 1 when nothing constrains it).
 */

export interface AssignmentInput {
  entryIds: readonly string[];
  judgeIds: readonly string[];
  perEntry: number;
  /** Pairs already assigned (kept as they are). */
  existing: ReadonlyArray<{ entryId: string; judgeId: string }>;
  /** Whether the judge may not score the entry. */
  conflicted: (entryId: string, judgeId: string) => boolean;
}

export type AssignmentPlan =
  | { ok: true; added: Array<{ entryId: string; judgeId: string }>; loads: Map<string, number> }
  | { ok: false; short: Array<{ entryId: string; available: number }> };

/** A stable pseudo-random order for tie-breaking, so the same input gives the same plan without always favouring the first judge. */
function tieKey(entryId: string, judgeId: string): number {
  let hash = 2166136261;
  for (const char of `${entryId}\u0000${judgeId}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}

export function planAssignments(input: AssignmentInput): AssignmentPlan {
  const judgeIds = [...new Set(input.judgeIds)].sort();
  const entryIds = [...new Set(input.entryIds)].sort();
  const assigned = new Map<string, Set<string>>(entryIds.map((id) => [id, new Set<string>()]));
  const loads = new Map<string, number>(judgeIds.map((id) => [id, 0]));
  for (const { entryId, judgeId } of input.existing) {
    assigned.get(entryId)?.add(judgeId);
    if (loads.has(judgeId) && assigned.has(entryId)) loads.set(judgeId, loads.get(judgeId)! + 1);
  }
  const free = (entryId: string) => judgeIds.filter((judgeId) => !input.conflicted(entryId, judgeId));

  // Entries that cannot be filled even with every conflict-free judge: refuse the whole plan.
  const short = entryIds
    .map((entryId) => ({ entryId, available: free(entryId).length, have: assigned.get(entryId)!.size }))
    .filter((row) => row.have < input.perEntry && row.available < input.perEntry)
    .map(({ entryId, available }) => ({ entryId, available }));
  if (short.length > 0) return { ok: false, short };

  // Most constrained entries first, then greedily the least-loaded free judges.
  const order = entryIds
    .map((entryId) => ({ entryId, available: free(entryId).length }))
    .sort((a, b) => a.available - b.available || (a.entryId < b.entryId ? -1 : 1));
  const added: Array<{ entryId: string; judgeId: string }> = [];
  for (const { entryId } of order) {
    const have = assigned.get(entryId)!;
    const need = input.perEntry - have.size;
    if (need <= 0) continue;
    const candidates = free(entryId)
      .filter((judgeId) => !have.has(judgeId))
      .sort((a, b) => loads.get(a)! - loads.get(b)! || tieKey(entryId, a) - tieKey(entryId, b));
    for (const judgeId of candidates.slice(0, need)) {
      have.add(judgeId);
      loads.set(judgeId, loads.get(judgeId)! + 1);
      added.push({ entryId, judgeId });
    }
  }

  // Even out what greed left uneven: move a new assignment from a most-loaded judge to a
  // least-loaded one who is free for that entry, while that narrows the gap.
  const movable = new Set(added.map((pair) => `${pair.entryId}\u0000${pair.judgeId}`));
  for (let round = 0; round < added.length * judgeIds.length + 1; round++) {
    const byLoad = [...judgeIds].sort((a, b) => loads.get(b)! - loads.get(a)! || (a < b ? -1 : 1));
    let moved = false;
    for (const heavy of byLoad) {
      for (const light of [...byLoad].reverse()) {
        if (loads.get(heavy)! - loads.get(light)! < 2) break;
        const pair = added.find((p) => p.judgeId === heavy && movable.has(`${p.entryId}\u0000${heavy}`) && !assigned.get(p.entryId)!.has(light) && !input.conflicted(p.entryId, light));
        if (!pair) continue;
        movable.delete(`${pair.entryId}\u0000${heavy}`);
        assigned.get(pair.entryId)!.delete(heavy);
        assigned.get(pair.entryId)!.add(light);
        pair.judgeId = light;
        movable.add(`${pair.entryId}\u0000${light}`);
        loads.set(heavy, loads.get(heavy)! - 1);
        loads.set(light, loads.get(light)! + 1);
        moved = true;
        break;
      }
      if (moved) break;
    }
    if (!moved) break;
  }
  added.sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : a.judgeId < b.judgeId ? -1 : 1));
  return { ok: true, added, loads };
}
