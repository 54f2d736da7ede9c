import { describe, expect, it } from "vitest";
import { conflictMatrix, conflictOf, type OrgNode } from "@tongxin/core/campaigns/conflicts";

// 区 D ─┬─ 街道 S1 ─┬─ 新空间 U ── 小组 UC
//      │          └─ 新空间 V
//      └─ 街道 S2
const D: OrgNode = { orgId: "D", path: [] };
const S1: OrgNode = { orgId: "S1", path: ["D"] };
const S2: OrgNode = { orgId: "S2", path: ["D"] };
const U: OrgNode = { orgId: "U", path: ["D", "S1"] };
const UC: OrgNode = { orgId: "UC", path: ["D", "S1", "U"] };
const V: OrgNode = { orgId: "V", path: ["D", "S1"] };

describe("conflict of interest over the org tree", () => {
  it("ignores the judge's appointment at the campaign org itself", () => {
    expect(conflictOf([D], U, "D")).toBeNull();
    expect(conflictOf([D], S1, "D")).toBeNull();
  });

  it("refuses a judge of the same unit, its parent or its child, and names the org", () => {
    expect(conflictOf([D, U], U, "D")).toEqual({ reason: "same_org", orgId: "U" });
    expect(conflictOf([D, S1], U, "D")).toEqual({ reason: "parent_org", orgId: "S1" });
    expect(conflictOf([D, UC], U, "D")).toEqual({ reason: "child_org", orgId: "UC" });
    expect(conflictOf([U], S1, "D")).toEqual({ reason: "child_org", orgId: "U" });
  });

  it("lets siblings, other streets and grandparents judge", () => {
    expect(conflictOf([D, V], U, "D")).toBeNull();
    expect(conflictOf([S2], U, "D")).toBeNull();
    expect(conflictOf([S1], UC, "D")).toBeNull();
  });

  it("reports the closest reason when a judge belongs to several orgs", () => {
    expect(conflictOf([UC, S1, U], U, "D")).toEqual({ reason: "same_org", orgId: "U" });
    expect(conflictOf([UC, S1], U, "D")).toEqual({ reason: "parent_org", orgId: "S1" });
  });

  it("builds the matrix of conflicted pairs only", () => {
    const matrix = conflictMatrix(
      [{ judgeId: "j1", orgs: [D] }, { judgeId: "j2", orgs: [D, S1] }],
      [{ entryId: "e1", unit: U }, { entryId: "e2", unit: { orgId: "W", path: ["D", "S2"] } }],
      "D",
    );
    expect([...matrix.get("e1")!.entries()]).toEqual([["j2", { reason: "parent_org", orgId: "S1" }]]);
    expect(matrix.get("e2")!.size).toBe(0);
  });
});
