import { describe, expect, it } from "vitest";
import { DelegationInputSchema, hasStanding, isInEffect } from "@tongxin/core/delegations/delegation";
import { start, transition, type StepResolver } from "@tongxin/core/workflows/machine";

describe("when a delegation holds", () => {
  const trip = { from: "2026-12-07", to: "2026-12-09" };
  it("from the first Beijing day's start to the last one's end", () => {
    expect(isInEffect(trip, new Date("2026-12-06T15:59:59Z"))).toBe(false); // 23:59 on the 6th in Beijing
    expect(isInEffect(trip, new Date("2026-12-06T16:00:00Z"))).toBe(true); // 00:00 on the 7th
    expect(isInEffect(trip, new Date("2026-12-09T15:59:00Z"))).toBe(true);
    expect(isInEffect(trip, new Date("2026-12-09T16:00:00Z"))).toBe(false);
  });

  it("the input names the delegate and a range no longer than 90 days, in order", () => {
    expect(DelegationInputSchema.safeParse({ delegateId: "z", from: "2026-12-07", to: "2026-12-07" }).success).toBe(true);
    expect(DelegationInputSchema.safeParse({ delegateId: "z", from: "2026-12-07", to: "2026-12-06" }).error?.issues[0]).toMatchObject({ path: ["to"], message: "结束日期不能早于开始日期" });
    expect(DelegationInputSchema.safeParse({ delegateId: "z", from: "2026-12-07", to: "2027-03-07" }).error?.issues[0]?.message).toBe("代理期限最长90天");
    expect(DelegationInputSchema.safeParse({ delegateId: "z", from: "2026-02-30", to: "2026-03-01" }).success).toBe(false);
  });
});

describe("the delegate's standing in the submitting unit", () => {
  const unit = { unitId: "space", unitPath: ["district", "town"] };
  it("belonging to the unit, above it or beneath it counts; a sibling or another district does not", () => {
    expect(hasStanding([{ orgId: "space", orgPath: ["district", "town"] }], unit)).toBe(true);
    expect(hasStanding([{ orgId: "town", orgPath: ["district"] }], unit)).toBe(true);
    expect(hasStanding([{ orgId: "room", orgPath: ["district", "town", "space"] }], unit)).toBe(true);
    expect(hasStanding([{ orgId: "other-space", orgPath: ["district", "town"] }], unit)).toBe(false);
    expect(hasStanding([], unit)).toBe(false);
  });
});

describe("the machine with a delegate on the step", () => {
  const resolve: StepResolver = (index) => ({ index, name: "负责人审批", mode: "any", assignees: ["Z"], dueAt: "2026-12-09T00:00:00.000Z", onBehalfOf: { Z: "L" } });
  it("records every action of the delegate as taken for the approver", () => {
    const { state } = start("S", 1, resolve);
    expect(state.step.onBehalfOf).toEqual({ Z: "L" });
    const { events } = transition(state, { type: "approve", actorId: "Z" }, resolve);
    expect(events[0]).toMatchObject({ type: "approve", actorId: "Z", onBehalfOf: "L" });
  });

  it("a handover gives the task to the delegate for the approver without touching the approval; a plain transfer does not act for anyone", () => {
    const plain: StepResolver = (index) => ({ index, name: "负责人审批", mode: "any", assignees: ["L"], dueAt: "2026-12-09T00:00:00.000Z" });
    const { state } = start("S", 1, plain);
    const handed = transition(state, { type: "transfer", actorId: "L", to: "Z", delegation: true }, plain).state;
    expect(handed.step).toMatchObject({ assignees: ["Z"], onBehalfOf: { Z: "L" } });
    expect(handed.touched).toBe(false);
    // The delegate passes it on: the next one acts as themself.
    const passed = transition(handed, { type: "transfer", actorId: "Z", to: "W" }, plain);
    expect(passed.events[0]).toMatchObject({ type: "transfer", onBehalfOf: "L" });
    expect(passed.state.step.onBehalfOf).toBeUndefined();
    expect(transition(passed.state, { type: "approve", actorId: "W" }, plain).events[0]!.onBehalfOf).toBeUndefined();
  });
});
