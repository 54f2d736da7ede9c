import type { Conflict } from "./model";

/**
 * 回避: whether a judge may not score an entry from a unit. Pure, over the org tree as each
 * org's ancestor path (root first).
 */

export interface OrgNode {
  orgId: string;
  /** Ancestors, root first: the last one is the parent. */
  path: readonly string[];
}

const parentOf = (org: OrgNode): string | undefined => org.path[org.path.length - 1];

/**
 * The conflict between a judge (by the orgs they belong to) and an entry's unit, or null.
 * The judge's membership at the campaign org itself (their panel appointment) does not count.
 * A judge conflicts if any of their orgs is the unit (`same_org`), the unit's parent
 * (`parent_org`), or a child of the unit (`child_org`).
 * @example conflictOf([street], unitUnderStreet, districtId) // { reason: "parent_org", orgId: street.orgId }
 */
export function conflictOf(judgeOrgs: readonly OrgNode[], unit: OrgNode, campaignOrgId: string): Conflict | null {
  const considered = judgeOrgs.filter((org) => org.orgId !== campaignOrgId);
  const same = considered.find((org) => org.orgId === unit.orgId);
  if (same) return { reason: "same_org", orgId: same.orgId };
  const parent = considered.find((org) => org.orgId === parentOf(unit));
  if (parent) return { reason: "parent_org", orgId: parent.orgId };
  const child = considered.find((org) => parentOf(org) === unit.orgId);
  if (child) return { reason: "child_org", orgId: child.orgId };
  return null;
}

/** entryId → judgeId → conflict, for every conflicted pair. */
export function conflictMatrix(
  judges: ReadonlyArray<{ judgeId: string; orgs: readonly OrgNode[] }>,
  entries: ReadonlyArray<{ entryId: string; unit: OrgNode }>,
  campaignOrgId: string,
): Map<string, Map<string, Conflict>> {
  const matrix = new Map<string, Map<string, Conflict>>();
  for (const entry of entries) {
    const row = new Map<string, Conflict>();
    for (const judge of judges) {
      const conflict = conflictOf(judge.orgs, entry.unit, campaignOrgId);
      if (conflict) row.set(judge.judgeId, conflict);
    }
    matrix.set(entry.entryId, row);
  }
  return matrix;
}
