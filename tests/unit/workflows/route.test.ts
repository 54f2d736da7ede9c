import { describe, expect, it } from "vitest";
import type { Field } from "@tongxin/core/forms/definition";
import { WorkflowDefinitionSchema, isConditional, type StepDefinition, type WorkflowDefinition } from "@tongxin/core/workflows/definition";
import { chainConditionProblems, resumeIndex, routeOf } from "@tongxin/core/workflows/route";

const step = (name: string, extra: Partial<StepDefinition> = {}): StepDefinition => ({ name, approvers: { kind: "people", accountIds: [name] }, mode: "any", dueDays: 5, ...extra });

/** 活动申报: 街镇 unless the activity is a 联谊; 区委统战部 above 1万元 (money in 分); a 线上/线下 branch. */
const chain: WorkflowDefinition = {
  name: "活动申报审批",
  formId: "form-1",
  steps: [
    step("新空间负责人审核"),
    step("街镇审核", { when: { field: "kind", op: "neq", value: "联谊" } }),
    step("区委统战部审批", { when: { field: "budget", op: "gt", value: 1_000_000 } }),
  ],
  branches: [
    { name: "线上活动", when: { field: "online", op: "truthy" }, steps: [step("网信审核")] },
    { name: "大型活动", when: { all: [{ field: "capacity", op: "gte", value: 200 }, { field: "kind", op: "in", value: ["讲座", "论坛"] }] }, steps: [step("安保审核"), step("场地审核")] },
    { name: "其他情况", steps: [step("备案")] },
  ],
};

const names = (answers: Record<string, unknown>) => routeOf(chain, answers).steps.map((s) => s.name);

describe("the route a chain takes for the answers", () => {
  it("a step with a condition is taken only when it holds: 预算 above 1万元 adds 区委统战部, at exactly 1万元 it does not", () => {
    expect(names({ kind: "讲座", budget: 1_000_001 })).toEqual(["新空间负责人审核", "街镇审核", "区委统战部审批", "备案"]);
    expect(names({ kind: "讲座", budget: 1_000_000 })).toEqual(["新空间负责人审核", "街镇审核", "备案"]);
    expect(names({ kind: "讲座" })).toEqual(["新空间负责人审核", "街镇审核", "备案"]);
  });

  it("活动类型 = 联谊 skips 街镇; any other type keeps it", () => {
    const lianyi = routeOf(chain, { kind: "联谊", budget: 0 });
    expect(lianyi.steps.map((s) => s.name)).toEqual(["新空间负责人审核", "备案"]);
    expect(lianyi.skipped).toEqual([
      { key: "s1", name: "街镇审核" },
      { key: "s2", name: "区委统战部审批" },
    ]);
    expect(names({ kind: "座谈", budget: 0 })).toContain("街镇审核");
  });

  it("the first branch whose condition holds is taken, else the unconditional last one", () => {
    expect(routeOf(chain, { kind: "讲座", online: true, capacity: 500 }).branch).toBe("线上活动");
    expect(routeOf(chain, { kind: "讲座", online: false, capacity: 500 })).toMatchObject({ branch: "大型活动" });
    expect(names({ kind: "讲座", capacity: 500 }).slice(-2)).toEqual(["安保审核", "场地审核"]);
    expect(routeOf(chain, { kind: "讲座", capacity: 199 }).branch).toBe("其他情况");
    expect(routeOf(chain, { kind: "联谊", capacity: 500 }).branch).toBe("其他情况");
  });

  it("with no branch applying and no default, only the chain's own steps are taken", () => {
    const noDefault = { ...chain, branches: chain.branches!.slice(0, 1) };
    const route = routeOf(noDefault, { kind: "讲座" });
    expect(route.branch).toBeUndefined();
    expect(route.steps.map((s) => s.key)).toEqual(["s0", "s1"]);
  });

  it("gives each step a key that does not move when other steps come and go", () => {
    expect(routeOf(chain, { kind: "联谊", capacity: 300 }).steps.map((s) => s.key)).toEqual(["s0", "b2.s0"]);
    expect(routeOf(chain, { kind: "论坛", capacity: 300, budget: 2_000_000 }).steps.map((s) => s.key)).toEqual(["s0", "s1", "s2", "b1.s0", "b1.s1"]);
  });

  it("a chain without conditions is every step, in order", () => {
    const plain = { name: "简单", steps: [step("一"), step("二")] };
    expect(isConditional(plain)).toBe(false);
    expect(isConditional(chain)).toBe(true);
    expect(routeOf(plain, {}).steps.map((s) => s.name)).toEqual(["一", "二"]);
  });
});

describe("where a resubmission resumes on its new route", () => {
  it("a step the revised answers add before the one that returned it is taken first", () => {
    // Approved s0 and s1, returned at s2 (区); the raised budget now also brings in b1.s0 after s2: resume at s2.
    expect(resumeIndex(["s0", "s1", "s2"], 2, ["s0", "s1", "s2", "b1.s0"])).toBe(2);
    // Returned at s1; the answers now skip s1: resume at what follows.
    expect(resumeIndex(["s0", "s1", "b2.s0"], 1, ["s0", "b2.s0"])).toBe(1);
    // Approved s0, s1; an earlier step not on the old route now applies: it is taken.
    expect(resumeIndex(["s0", "s2", "b2.s0"], 2, ["s0", "s1", "s2", "b2.s0"])).toBe(1);
  });

  it("when every step of the new route was already approved, nothing is left to do", () => {
    expect(resumeIndex(["s0", "s1", "s2"], 2, ["s0", "s1"])).toBe(2);
  });
});

describe("a chain's conditions against its form", () => {
  const fields = [
    { type: "select", key: "kind", label: "活动类型", options: ["讲座", "联谊", "论坛", "座谈"].map((value) => ({ value, label: value })) },
    { type: "money", key: "budget", label: "预算金额" },
    { type: "number", key: "capacity", label: "人数" },
    { type: "group", key: "rows", label: "明细", fields: [{ type: "text", key: "item", label: "项目" }] },
  ] as Field[];

  it("names the step, or the branch, whose condition reads a field the form does not have", () => {
    expect(chainConditionProblems(chain, fields)).toEqual({
      "branches.0.when": ["分支“线上活动”的条件引用了表单中没有的字段“online”"],
    });
    const bad = { ...chain, steps: [...chain.steps, step("财务审核", { when: { any: [{ field: "budget", op: "gt", value: 0 }, { field: "rows", op: "truthy" }] } })] };
    expect(chainConditionProblems(bad, [...fields, { type: "checkbox", key: "online", label: "线上" } as Field])).toEqual({
      "steps.3.when": ["步骤“财务审核”的条件引用了表单中没有的字段“rows”"],
    });
  });

  it("refuses comparing the size of what is no number, and a choice the field does not offer", () => {
    const odd = {
      name: "不当条件",
      steps: [
        step("甲", { when: { field: "kind", op: "gt", value: 3 } }),
        step("乙", { when: { field: "kind", op: "in", value: ["讲座", "联欢"] } }),
        step("丙", { when: { all: [{ field: "budget", op: "gte", value: 100 }, { field: "capacity", op: "lt", value: 5 }] } }),
      ],
    };
    expect(chainConditionProblems(odd, fields)).toEqual({
      "steps.0.when": ["步骤“甲”的条件不能比较“活动类型”的大小（不是数字或金额）"],
      "steps.1.when": ["步骤“乙”的条件中“活动类型”没有选项“联欢”"],
    });
  });

  it("finds nothing wrong when every field is there", () => {
    expect(chainConditionProblems(chain, [...fields, { type: "checkbox", key: "online", label: "线上" } as Field])).toEqual({});
  });

  it("the definition refuses a branch without a condition before the last, and conditions without the form they read", () => {
    const parsed = WorkflowDefinitionSchema.safeParse({ ...chain, formId: undefined, branches: [{ name: "甲", steps: [step("一")] }, chain.branches![2]] });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["branches.0.when", "formId"]));
    expect(WorkflowDefinitionSchema.safeParse({ name: "空", steps: [] }).error?.issues[0]?.path).toEqual(["steps"]);
    expect(WorkflowDefinitionSchema.safeParse({ name: "只有分支", formId: "f", steps: [], branches: [{ name: "其他情况", steps: [step("一")] }] }).success).toBe(true);
  });
});
