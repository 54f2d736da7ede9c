import { conditionRefs, evaluateCondition, type Condition } from "../forms/conditions";
import type { Field } from "../forms/definition";
import type { StepDefinition, WorkflowDefinition } from "./definition";

/**
 * 条件分支: which steps of a chain an instance runs, decided from the submitted answers. Pure:
 * the instance store calls it at submission and on resubmission, the preview for draft answers.
 */

/** A step on the route, with a key that stays the same however the answers change (`s1`, `b0.s2`). */
export interface RoutedStep extends StepDefinition {
  key: string;
}

export interface Route {
  steps: RoutedStep[];
  /** The branch taken, if the chain has branches and one applied. */
  branch?: string;
  /** Steps left out because their condition does not hold on the answers. */
  skipped: Array<{ key: string; name: string }>;
}

/** How the answers read in a condition: top-level keys of the stored (or draft) answers. */
const lookupIn = (answers: Record<string, unknown>) => (key: string) => (Object.hasOwn(answers, key) ? answers[key] : undefined);

/**
 * The route for a set of answers: the chain's own steps, then the first branch whose condition
 * holds (or the last, unconditional one), each step kept only when its own condition holds.
 * @example routeOf({ name: "活动申报", steps: [a, { ...b, when: { field: "budget", op: "gt", value: 1000000 } }] }, { budget: 500000 }).steps // [a]
 */
export function routeOf(chain: Pick<WorkflowDefinition, "steps" | "branches">, answers: Record<string, unknown>): Route {
  const lookup = lookupIn(answers);
  const holds = (condition: Condition | undefined) => condition === undefined || evaluateCondition(condition, lookup);
  const route: Route = { steps: [], skipped: [] };
  const take = (steps: StepDefinition[], prefix: string) => {
    steps.forEach((step, index) => {
      const key = `${prefix}s${index}`;
      if (holds(step.when)) route.steps.push({ ...step, key });
      else route.skipped.push({ key, name: step.name });
    });
  };
  take(chain.steps, "");
  const branchIndex = (chain.branches ?? []).findIndex((branch) => holds(branch.when));
  if (branchIndex >= 0) {
    const branch = chain.branches![branchIndex]!;
    route.branch = branch.name;
    take(branch.steps, `b${branchIndex}.`);
  }
  return route;
}

/**
 * Where a resubmission with revised answers resumes on its new route: at the first step of the
 * new route that was not completed before the return. Steps approved before stay approved; a
 * step the new answers add (or the one that returned it) is taken.
 * @example resumeIndex(["s0", "s1", "s2"], 2, ["s0", "s1", "s3", "s2"]) // 2 (s3 now applies)
 */
export function resumeIndex(oldKeys: string[], resumeAt: number, newKeys: string[]): number {
  const done = new Set(oldKeys.slice(0, resumeAt));
  const index = newKeys.findIndex((key) => !done.has(key));
  return index < 0 ? newKeys.length : index;
}

/** The fields a chain's conditions may name: the form's top-level answers (not groups, sections). */
function conditionFields(fields: readonly Field[]): Map<string, Field> {
  return new Map(fields.filter((field) => field.type !== "group" && field.type !== "section").map((field) => [field.key, field]));
}

// A calculated answer is worked out by the server (forms/calculated.ts), so a chain may route on it (合计金额 > 10000).
const NUMERIC = new Set(["number", "money", "calculated"]);

/** A comparison the field cannot answer: sizes of what is not a number, or a choice the field does not offer. */
function refProblem(field: Field, op: string, value: unknown): string | undefined {
  if (["gt", "gte", "lt", "lte"].includes(op) && !NUMERIC.has(field.type)) return `不能比较“${field.label}”的大小（不是数字或金额）`;
  if ((field.type === "select" || field.type === "radio" || field.type === "multiselect") && ["eq", "neq", "in", "notIn"].includes(op)) {
    const offered = new Set(field.options.map((option) => option.value));
    const missing = (Array.isArray(value) ? value : [value]).filter((v) => !offered.has(String(v)));
    if (missing.length > 0) return `中“${field.label}”没有选项“${missing.join("、")}”`;
  }
  return undefined;
}

/**
 * What is wrong with a chain's conditions against the form they read: each condition naming a
 * field the form does not have (or a repeating group), comparing the size of what is no number,
 * or naming a choice the field does not offer — reported at the step or branch that holds it.
 * @example chainConditionProblems(chain, form.fields) // { "steps.2.when": ["步骤“区委统战部审批”的条件引用了表单中没有的字段“budget”"] }
 */
export function chainConditionProblems(chain: Pick<WorkflowDefinition, "steps" | "branches">, fields: readonly Field[]): Record<string, string[]> {
  const known = conditionFields(fields);
  const problems: Record<string, string[]> = {};
  const check = (condition: Condition | undefined, at: string, what: string) => {
    if (!condition) return;
    for (const ref of conditionRefs(condition)) {
      const field = known.get(ref.field);
      const problem = field ? refProblem(field, ref.op, ref.value) : `引用了表单中没有的字段“${ref.field}”`;
      if (problem) (problems[at] ??= []).push(`${what}的条件${problem}`);
    }
  };
  chain.steps.forEach((step, index) => check(step.when, `steps.${index}.when`, `步骤“${step.name}”`));
  (chain.branches ?? []).forEach((branch, b) => {
    check(branch.when, `branches.${b}.when`, `分支“${branch.name}”`);
    branch.steps.forEach((step, index) => check(step.when, `branches.${b}.steps.${index}.when`, `分支“${branch.name}”的步骤“${step.name}”`));
  });
  return problems;
}
