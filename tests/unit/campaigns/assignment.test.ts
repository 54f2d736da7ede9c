import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planAssignments, type AssignmentInput } from "@tongxin/core/campaigns/assignment";

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, "0")}`);

function check(input: AssignmentInput) {
  const plan = planAssignments(input);
  if (!plan.ok) return plan;
  const all = [...input.existing, ...plan.added];
  for (const entryId of input.entryIds) {
    const judges = all.filter((p) => p.entryId === entryId).map((p) => p.judgeId);
    expect(new Set(judges).size).toBe(judges.length);
    expect(judges.length).toBeGreaterThanOrEqual(input.perEntry);
    for (const judgeId of judges.filter((j) => !input.existing.some((p) => p.entryId === entryId && p.judgeId === j))) expect(input.conflicted(entryId, judgeId)).toBe(false);
  }
  return plan;
}

describe("automatic judge assignment", () => {
  it("gives every entry k judges with loads within one of each other when nothing constrains it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (entries, judges, k) => {
        const perEntry = Math.min(k, judges);
        const input = { entryIds: ids("e", entries), judgeIds: ids("j", judges), perEntry, existing: [], conflicted: () => false };
        const plan = check(input);
        expect(plan.ok).toBe(true);
        if (!plan.ok) return;
        expect(plan.added.length).toBe(entries * perEntry);
        const loads = [...plan.loads.values()];
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it("never assigns a conflicted judge, and refuses naming the entries that cannot be filled", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.nat(24), fc.nat(9)), { maxLength: 60 }),
        (entries, judges, k, pairs) => {
          const entryIds = ids("e", entries);
          const judgeIds = ids("j", judges);
          const blocked = new Set(pairs.map(([e, j]) => `${entryIds[e % entries]}|${judgeIds[j % judges]}`));
          const conflicted = (entryId: string, judgeId: string) => blocked.has(`${entryId}|${judgeId}`);
          const plan = check({ entryIds, judgeIds, perEntry: k, existing: [], conflicted });
          const shortOnes = entryIds.filter((e) => judgeIds.filter((j) => !conflicted(e, j)).length < k);
          if (plan.ok) expect(shortOnes).toEqual([]);
          else expect(plan.short.map((s) => s.entryId)).toEqual(shortOnes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is deterministic, keeps what is already assigned and fills only what is missing", () => {
    const input: AssignmentInput = {
      entryIds: ids("e", 7),
      judgeIds: ids("j", 5),
      perEntry: 3,
      existing: [{ entryId: "e00", judgeId: "j00" }, { entryId: "e00", judgeId: "j01" }, { entryId: "e01", judgeId: "j04" }],
      conflicted: (e, j) => e === "e03" && j === "j02",
    };
    const first = check(input);
    expect(first).toEqual(planAssignments(input));
    if (!first.ok) throw new Error("expected a plan");
    expect(first.added.filter((p) => p.entryId === "e00")).toHaveLength(1);
    expect(first.added.filter((p) => p.entryId === "e01")).toHaveLength(2);
    expect(first.added.some((p) => p.entryId === "e03" && p.judgeId === "j02")).toBe(false);
    expect(first.added).toHaveLength(7 * 3 - 3);
    const loads = [...first.loads.values()];
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it("balances around conflicts where they leave room", () => {
    // j00 may only take e00–e02 (conflicted with the rest); the others take up the remainder evenly.
    const entryIds = ids("e", 9);
    const plan = check({ entryIds, judgeIds: ids("j", 4), perEntry: 2, existing: [], conflicted: (e, j) => j === "j00" && e > "e02" });
    if (!plan.ok) throw new Error("expected a plan");
    expect(plan.loads.get("j00")).toBe(3);
    const others = ["j01", "j02", "j03"].map((j) => plan.loads.get(j)!);
    expect(others.reduce((a, b) => a + b)).toBe(15);
    expect(Math.max(...others) - Math.min(...others)).toBeLessThanOrEqual(1);
  });
});
