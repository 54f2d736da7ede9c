import { z } from "../zod-locale";

/**
 * When a field is shown (`visibleIf`) or must be filled (`requiredIf`), over the values of
 * other fields: top-level keys for top-level fields, sibling keys of the same row inside a
 * repeating group.
 */
export type Condition =
  | { field: string; op: "eq" | "neq"; value: string | number | boolean }
  | { field: string; op: "in" | "notIn"; value: Array<string | number> }
  | { field: string; op: "gt" | "gte" | "lt" | "lte"; value: number }
  | { field: string; op: "truthy" | "falsy" }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type ConditionOp = Extract<Condition, { op: string }>["op"];
export const CONDITION_OPS = ["eq", "neq", "in", "notIn", "gt", "gte", "lt", "lte", "truthy", "falsy"] as const satisfies readonly ConditionOp[];

/** Each comparison as the builder names it (and as messages about a definition name it). */
export const CONDITION_OP_LABELS: Record<ConditionOp, string> = {
  eq: "等于",
  neq: "不等于",
  in: "是其中之一",
  notIn: "不是其中之一",
  gt: "大于",
  gte: "大于等于",
  lt: "小于",
  lte: "小于等于",
  truthy: "已填写",
  falsy: "未填写",
};

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * One object shape with a refinement instead of a union, so a mistake is reported at its own
 * path (`visibleIf.all.1.value`) rather than as "matches none of the alternatives".
 */
const ConditionShape = z
  .strictObject({
    field: z.string({ error: "条件须指明字段" }).min(1, "条件须指明字段").optional(),
    op: z.enum(CONDITION_OPS, { error: "未知的条件运算" }).optional(),
    value: z.union([Scalar, z.array(z.union([z.string(), z.number()]))]).optional(),
    get all() {
      return z.array(ConditionSchema).min(1, "条件组不能为空").optional();
    },
    get any() {
      return z.array(ConditionSchema).min(1, "条件组不能为空").optional();
    },
    get not() {
      return ConditionSchema.optional();
    },
  })
  .superRefine((c, ctx) => {
    const shapes = [c.field !== undefined || c.op !== undefined, c.all, c.any, c.not].filter(Boolean).length;
    if (shapes !== 1) {
      ctx.addIssue({ code: "custom", message: "条件须为 {field, op, value}、{all}、{any} 或 {not} 之一", path: [] });
      return;
    }
    if (c.all || c.any || c.not) return;
    if (c.field === undefined) ctx.addIssue({ code: "custom", message: "条件须指明字段", path: ["field"] });
    if (c.op === undefined) {
      ctx.addIssue({ code: "custom", message: "条件须指明运算", path: ["op"] });
      return;
    }
    const problem = valueProblem(c.op, c.value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["value"] });
  });

function valueProblem(op: ConditionOp, value: unknown): string | undefined {
  switch (op) {
    case "truthy":
    case "falsy":
      return value === undefined ? undefined : `“${CONDITION_OP_LABELS[op] ?? op}”条件不需要比较值`;
    case "in":
    case "notIn":
      return Array.isArray(value) && value.length > 0 ? undefined : `“${CONDITION_OP_LABELS[op] ?? op}”条件的比较值须为非空列表`;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return typeof value === "number" && Number.isFinite(value) ? undefined : `“${CONDITION_OP_LABELS[op] ?? op}”条件的比较值须为数字`;
    default:
      return value !== undefined && !Array.isArray(value) ? undefined : `“${CONDITION_OP_LABELS[op] ?? op}”条件须有一个比较值`;
  }
}

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() => ConditionShape) as unknown as z.ZodType<Condition>;

/** How a value reads in a condition: strings trimmed (so "  " is empty), NaN as absent. */
export function conditionValue(raw: unknown): unknown {
  if (typeof raw === "string") return raw.trim();
  if (typeof raw === "number" && Number.isNaN(raw)) return undefined;
  if (Array.isArray(raw)) return raw.map((item) => (typeof item === "string" ? item.trim() : item));
  return raw;
}

/** Filled in: not undefined, null, NaN, an empty or blank string, an empty array or false. */
export function isFilled(value: unknown): boolean {
  const v = conditionValue(value);
  return !(v === undefined || v === null || v === "" || v === false || (Array.isArray(v) && v.length === 0));
}

/**
 * Whether a condition holds. `lookup` gives a field's current value, or undefined when the
 * field is hidden or absent. On a list value (multi-select, several members) `eq`/`in` ask
 * whether it contains the value(s) and `neq`/`notIn` whether it does not.
 * @example evaluateCondition({ field: "needFunding", op: "eq", value: "yes" }, (k) => ({ needFunding: "yes" })[k]) // true
 */
export function evaluateCondition(condition: Condition, lookup: (key: string) => unknown): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluateCondition(c, lookup));
  if ("any" in condition) return condition.any.some((c) => evaluateCondition(c, lookup));
  if ("not" in condition) return !evaluateCondition(condition.not, lookup);
  const value = conditionValue(lookup(condition.field));
  const items = Array.isArray(value) ? value : [value];
  switch (condition.op) {
    case "truthy":
      return isFilled(value);
    case "falsy":
      return !isFilled(value);
    case "eq":
      return items.includes(condition.value);
    case "neq":
      return !items.includes(condition.value);
    case "in":
      return items.some((item) => (condition.value as unknown[]).includes(item));
    case "notIn":
      return !items.some((item) => (condition.value as unknown[]).includes(item));
    default:
      return typeof value === "number" && compare(condition.op, value, condition.value);
  }
}

function compare(op: "gt" | "gte" | "lt" | "lte", a: number, b: number): boolean {
  if (op === "gt") return a > b;
  if (op === "gte") return a >= b;
  if (op === "lt") return a < b;
  return a <= b;
}

/** A field reference inside a condition, with the path to it from the condition's root. */
export interface ConditionRef {
  field: string;
  op: ConditionOp;
  value?: unknown;
  path: Array<string | number>;
}

/**
 * Every field a condition reads, with where it is named.
 * @example conditionRefs({ not: { field: "a", op: "truthy" } }) // [{ field: "a", op: "truthy", path: ["not"] }]
 */
export function conditionRefs(condition: Condition, path: Array<string | number> = []): ConditionRef[] {
  if ("all" in condition) return condition.all.flatMap((c, i) => conditionRefs(c, [...path, "all", i]));
  if ("any" in condition) return condition.any.flatMap((c, i) => conditionRefs(c, [...path, "any", i]));
  if ("not" in condition) return conditionRefs(condition.not, [...path, "not"]);
  return [{ field: condition.field, op: condition.op, value: "value" in condition ? condition.value : undefined, path }];
}
