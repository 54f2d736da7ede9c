import { describe, expect, it } from "vitest";
import { AppError } from "@tongxin/core/errors";
import {
  ACTION_TYPES,
  pendingApprovers,
  start,
  transition,
  type Action,
  type ActionType,
  type InstanceState,
  type StepResolver,
} from "@tongxin/core/workflows/machine";

// A three-step chain like 新空间负责人 → 街镇 → 区: step 0 is 或签 by A or B, step 1 会签 by C and D,
// step 2 依次 by E then F. S is the submitter.
const chain: StepResolver = (index) =>
  [
    { index: 0, name: "新空间负责人审核", mode: "any" as const, assignees: ["A", "B"], dueAt: "2026-12-01T00:00:00.000Z" },
    { index: 1, name: "街镇统战干部审核", mode: "all" as const, assignees: ["C", "D"], dueAt: "2026-12-02T00:00:00.000Z" },
    { index: 2, name: "区委统战部审批", mode: "sequential" as const, assignees: ["E", "F"], dueAt: "2026-12-03T00:00:00.000Z" },
  ][index]!;

const fresh = () => start("S", 3, chain).state;

function run(state: InstanceState, ...actions: Action[]): InstanceState {
  return actions.reduce((s, action) => transition(s, action, chain).state, state);
}

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as AppError).code;
  }
  return undefined;
}

const approve = (actorId: string): Action => ({ type: "approve", actorId });

describe("an approval chain", () => {
  it("starts at the first step with its approvers pending", () => {
    const state = fresh();
    expect(state).toMatchObject({ status: "in_review", version: 1, touched: false });
    expect(state.step.name).toBe("新空间负责人审核");
    expect(pendingApprovers(state)).toEqual(["A", "B"]);
  });

  it("或签: one approval moves the instance on, and the other approver's task disappears", () => {
    const state = run(fresh(), approve("B"));
    expect(state.step.index).toBe(1);
    expect(pendingApprovers(state)).toEqual(["C", "D"]);
  });

  it("会签: the step waits for every approver", () => {
    const state = run(fresh(), approve("A"), approve("D"));
    expect(state.step.index).toBe(1);
    expect(pendingApprovers(state)).toEqual(["C"]);
    expect(run(state, approve("C")).step.index).toBe(2);
  });

  it("依次: approvers act in the listed order, and the last approval approves the instance", () => {
    const atStep2 = run(fresh(), approve("A"), approve("C"), approve("D"));
    expect(pendingApprovers(atStep2)).toEqual(["E"]);
    expect(errorCode(() => transition(atStep2, approve("F"), chain))).toBe("workflow.not_assignee");
    const done = run(atStep2, approve("E"), approve("F"));
    expect(done.status).toBe("approved");
    expect(pendingApprovers(done)).toEqual([]);
  });

  it("skips a step whose only approver is the submitter", () => {
    const selfApproved: StepResolver = (index) => ({ ...chain(index), assignees: index === 0 ? ["S"] : chain(index).assignees });
    const { state, events } = start("S", 3, selfApproved);
    expect(state.step.index).toBe(1);
    expect(events.map((e) => e.type)).toEqual(["started", "step_skipped", "step_started"]);
  });

  it("returned to the submitter, then resubmitted, goes back to the step that returned it", () => {
    const returned = run(fresh(), approve("A"), { type: "return", actorId: "C", comment: "请补充预算", to: "submitter" });
    expect(returned.status).toBe("returned");
    expect(pendingApprovers(returned)).toEqual([]);
    const resubmitted = run(returned, { type: "resubmit", actorId: "S" });
    expect(resubmitted).toMatchObject({ status: "in_review" });
    expect(resubmitted.step).toMatchObject({ index: 1, approvals: [] });
  });

  it("returned to an earlier step starts that step afresh", () => {
    const back = run(fresh(), approve("A"), { type: "return", actorId: "D", comment: "请负责人复核", to: 0 });
    expect(back.step).toMatchObject({ index: 0, approvals: [] });
    expect(errorCode(() => transition(back, { type: "return", actorId: "A", comment: "x", to: 0 }, chain))).toBe("workflow.invalid_action");
  });

  it("转交 hands the task to someone else; 加签 adds a signer who must also approve", () => {
    const transferred = run(fresh(), { type: "transfer", actorId: "A", to: "Z" });
    expect(pendingApprovers(transferred)).toEqual(["Z", "B"]);
    const withSigner = run(fresh(), { type: "add_signer", actorId: "A", signer: "X" });
    expect(pendingApprovers(withSigner)).toEqual(["A", "B", "X"]);
    const afterA = run(withSigner, approve("A"));
    expect(afterA.step.index).toBe(0);
    expect(pendingApprovers(afterA)).toEqual(["X"]);
    expect(run(afterA, approve("X")).step.index).toBe(1);
  });

  it("the submitter may withdraw only before any approver acts", () => {
    expect(run(fresh(), { type: "withdraw", actorId: "S" }).status).toBe("withdrawn");
    const commentedOn = run(fresh(), { type: "comment", actorId: "A", comment: "收到" });
    expect(run(commentedOn, { type: "withdraw", actorId: "S" }).status).toBe("withdrawn");
    const acted = run(fresh(), { type: "add_signer", actorId: "A", signer: "X" });
    expect(errorCode(() => transition(acted, { type: "withdraw", actorId: "S" }, chain))).toBe("workflow.invalid_action");
  });

  it("every action bumps the version exactly once", () => {
    const state = fresh();
    expect(transition(state, { type: "comment", actorId: "A", comment: "好" }, chain).state.version).toBe(2);
    expect(transition(state, approve("A"), chain).state.version).toBe(2);
  });
});

// Every state × every action: what happens, as a table.
type StateName = "in review, untouched" | "in review, acted on" | "returned" | "approved" | "rejected" | "withdrawn";

const STATES: Record<StateName, () => InstanceState> = {
  "in review, untouched": fresh,
  "in review, acted on": () => run(fresh(), approve("A")),
  returned: () => run(fresh(), { type: "return", actorId: "A", comment: "补充", to: "submitter" }),
  approved: () => run(fresh(), approve("A"), approve("C"), approve("D"), approve("E"), approve("F")),
  rejected: () => run(fresh(), { type: "reject", actorId: "A", comment: "不符合要求" }),
  withdrawn: () => run(fresh(), { type: "withdraw", actorId: "S" }),
};

/** The action as the person most entitled to take it in that state. */
function actionFor(type: ActionType, state: InstanceState): Action {
  const approver = pendingApprovers(state)[0] ?? "A";
  switch (type) {
    case "approve":
      return { type, actorId: approver };
    case "reject":
      return { type, actorId: approver, comment: "理由" };
    case "return":
      return { type, actorId: approver, comment: "理由", to: "submitter" };
    case "resubmit":
    case "withdraw":
      return { type, actorId: "S" };
    case "transfer":
      return { type, actorId: approver, to: "Z" };
    case "add_signer":
      return { type, actorId: approver, signer: "X" };
    case "comment":
      return { type, actorId: "S", comment: "请尽快审核" };
    case "cc":
      return { type, actorId: "S", people: ["Y"] };
  }
}

const EXPECTED: Record<StateName, Record<ActionType, string>> = {
  "in review, untouched": {
    approve: "in_review", reject: "rejected", return: "returned", resubmit: "workflow.invalid_action", transfer: "in_review",
    add_signer: "in_review", withdraw: "withdrawn", comment: "in_review", cc: "in_review",
  },
  "in review, acted on": {
    approve: "in_review", reject: "rejected", return: "returned", resubmit: "workflow.invalid_action", transfer: "in_review",
    add_signer: "in_review", withdraw: "workflow.invalid_action", comment: "in_review", cc: "in_review",
  },
  returned: {
    approve: "workflow.invalid_action", reject: "workflow.invalid_action", return: "workflow.invalid_action", resubmit: "in_review",
    transfer: "workflow.invalid_action", add_signer: "workflow.invalid_action", withdraw: "workflow.invalid_action", comment: "returned", cc: "returned",
  },
  approved: {
    approve: "workflow.invalid_action", reject: "workflow.invalid_action", return: "workflow.invalid_action", resubmit: "workflow.invalid_action",
    transfer: "workflow.invalid_action", add_signer: "workflow.invalid_action", withdraw: "workflow.invalid_action", comment: "approved", cc: "approved",
  },
  rejected: {
    approve: "workflow.invalid_action", reject: "workflow.invalid_action", return: "workflow.invalid_action", resubmit: "workflow.invalid_action",
    transfer: "workflow.invalid_action", add_signer: "workflow.invalid_action", withdraw: "workflow.invalid_action", comment: "rejected", cc: "rejected",
  },
  withdrawn: {
    approve: "workflow.invalid_action", reject: "workflow.invalid_action", return: "workflow.invalid_action", resubmit: "workflow.invalid_action",
    transfer: "workflow.invalid_action", add_signer: "workflow.invalid_action", withdraw: "workflow.invalid_action", comment: "withdrawn", cc: "withdrawn",
  },
};

describe("every state × every action", () => {
  const cases = (Object.keys(STATES) as StateName[]).flatMap((name) => ACTION_TYPES.map((type) => ({ name, type, expected: EXPECTED[name][type] })));
  it.each(cases)("$name + $type → $expected", ({ name, type, expected }) => {
    const state = STATES[name]();
    const action = actionFor(type, state);
    let outcome: string;
    try {
      const result = transition(state, action, chain);
      expect(result.state.version).toBe(state.version + 1);
      expect(result.events.length).toBeGreaterThan(0);
      outcome = result.state.status;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      outcome = (error as AppError).code;
    }
    expect(outcome).toBe(expected);
  });

  it("someone who is not a current approver cannot approve, reject, return, transfer or add a signer", () => {
    for (const type of ["approve", "reject", "return", "transfer", "add_signer"] as const) {
      const action = { ...actionFor(type, fresh()), actorId: "STRANGER" } as Action;
      expect(errorCode(() => transition(fresh(), action, chain))).toBe("workflow.not_assignee");
    }
  });

  it("only the submitter may resubmit or withdraw", () => {
    const returned = STATES.returned();
    expect(errorCode(() => transition(returned, { type: "resubmit", actorId: "A" }, chain))).toBe("workflow.not_assignee");
    expect(errorCode(() => transition(fresh(), { type: "withdraw", actorId: "A" }, chain))).toBe("workflow.not_assignee");
  });
});
