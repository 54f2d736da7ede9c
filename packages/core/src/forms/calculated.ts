import jsep from "jsep";
import { isCalendarDate } from "./checksums";
import type { CalculatedField, Field } from "./definition";

/**
 * 计算字段: a read-only answer computed from others, the same in the browser (shown as the person
 * types) and in the API (which recomputes it and ignores what the client sent).
 *
 * The language, parsed by jsep (a small, maintained expression parser; its tree is then
 * checked against the few node kinds below, and evaluated here — never `eval` or `Function`):
 * - numbers, `+ - * /`, unary minus, parentheses;
 * - a top-level field by its key: a number, a money field (in 元), a checkbox (1/0) or a
 *   calculated field placed before this one; an empty answer counts as 0;
 * - `sum(g.x)`, `avg(g.x)`, `min(g.x)`, `max(g.x)` over column `x` of repeating group `g`
 *   (empty cells skipped), or over several numbers: `max(a, b, 0)`;
 * - `count(g)` rows of a group, `count(m)` choices of a multi-select, `count(g.x)` filled cells;
 * - `days(a, b)`: days from date `a` to date `b` (b − a), empty while either is empty;
 * - `round(x)` / `round(x, n)`: to n decimals (0–4).
 * A result that is empty, or not finite (÷0), is no answer. Money results are stored in 分
 * (元 × 100, rounded); number results rounded to `decimals` (default 2).
 */
export type Expr =
  | { kind: "num"; value: number }
  | { kind: "ref"; key: string }
  | { kind: "column"; group: string; key: string }
  | { kind: "neg"; arg: Expr }
  | { kind: "bin"; op: "+" | "-" | "*" | "/"; left: Expr; right: Expr }
  | { kind: "call"; fn: FunctionName; args: Expr[] };

export const CALC_FUNCTIONS = ["sum", "avg", "min", "max", "count", "days", "round"] as const;
type FunctionName = (typeof CALC_FUNCTIONS)[number];
const AGGREGATES = new Set<FunctionName>(["sum", "avg", "min", "max"]);

export const MAX_EXPRESSION_LENGTH = 500;
const MAX_NODES = 200;

export class ExpressionError extends Error {}

/** Parses an expression into the few node kinds the language has; throws ExpressionError (in Chinese) otherwise. */
export function parseExpression(text: string): Expr {
  if (text.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`公式最多${MAX_EXPRESSION_LENGTH}个字符`);
  if (text.trim() === "") throw new ExpressionError("请填写公式");
  let tree: jsep.Expression;
  try {
    tree = jsep(text);
  } catch (error) {
    throw new ExpressionError(`公式无法解析：${(error as Error).message.replace(/ at character \d+$/, "")}`);
  }
  let nodes = 0;
  const convert = (node: jsep.Expression): Expr => {
    if ((nodes += 1) > MAX_NODES) throw new ExpressionError("公式过长");
    switch (node.type) {
      case "Literal": {
        const value = (node as jsep.Literal).value;
        if (typeof value !== "number" || !Number.isFinite(value)) throw new ExpressionError(`公式中只能使用数字常量，不能用 ${String((node as jsep.Literal).raw)}`);
        return { kind: "num", value };
      }
      case "Identifier":
        return { kind: "ref", key: (node as jsep.Identifier).name };
      case "MemberExpression": {
        const member = node as jsep.MemberExpression;
        if (member.computed || member.object.type !== "Identifier" || member.property.type !== "Identifier") throw new ExpressionError("分组列须写作 分组标识.字段标识");
        return { kind: "column", group: (member.object as jsep.Identifier).name, key: (member.property as jsep.Identifier).name };
      }
      case "UnaryExpression": {
        const unary = node as jsep.UnaryExpression;
        if (unary.operator === "-") return { kind: "neg", arg: convert(unary.argument) };
        if (unary.operator === "+") return convert(unary.argument);
        throw new ExpressionError(`公式不支持运算符 ${unary.operator}`);
      }
      case "BinaryExpression": {
        const binary = node as jsep.BinaryExpression;
        if (!["+", "-", "*", "/"].includes(binary.operator)) throw new ExpressionError(`公式只支持 + - * / 运算，不支持 ${binary.operator}`);
        return { kind: "bin", op: binary.operator as "+" | "-" | "*" | "/", left: convert(binary.left), right: convert(binary.right) };
      }
      case "CallExpression": {
        const call = node as jsep.CallExpression;
        const name = call.callee.type === "Identifier" ? (call.callee as jsep.Identifier).name : "";
        if (!(CALC_FUNCTIONS as readonly string[]).includes(name)) throw new ExpressionError(`未知的函数${name ? ` ${name}` : ""}（可用：${CALC_FUNCTIONS.join("、")}）`);
        return { kind: "call", fn: name as FunctionName, args: call.arguments.map(convert) };
      }
      default:
        throw new ExpressionError("公式只能包含数字、字段、+ - * / 、括号和函数");
    }
  };
  return convert(tree);
}

/** What a reference may stand for where it sits. */
const NUMERIC_TYPES = new Set(["number", "money", "checkbox", "calculated"]);

/**
 * Why an expression does not fit the form, if it does not: every reference must name a field it
 * may use there (`fields` are the top-level fields; `before` the keys placed before this field).
 */
export function expressionProblem(expr: Expr, fields: readonly Field[], before: ReadonlySet<string>): string | undefined {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const number = (node: Expr): string | undefined => {
    switch (node.kind) {
      case "num":
        return undefined;
      case "ref": {
        const field = byKey.get(node.key);
        if (!field) return `公式引用了不存在的字段“${node.key}”`;
        if (!NUMERIC_TYPES.has(field.type)) return `字段“${field.label}”不是数字或金额，不能直接参与计算`;
        if (field.type === "calculated" && !before.has(field.key)) return `只能引用排在前面的计算字段（“${field.label}”）`;
        return undefined;
      }
      case "column":
        return `分组列 ${node.group}.${node.key} 须放在 sum、avg、min、max 或 count 中`;
      case "neg":
        return number(node.arg);
      case "bin":
        return number(node.left) ?? number(node.right);
      case "call":
        return callProblem(node);
    }
  };
  const column = (node: Extract<Expr, { kind: "column" }>, numeric: boolean): string | undefined => {
    const group = byKey.get(node.group);
    if (!group || group.type !== "group") return `“${node.group}”不是本表单的分组`;
    const sub = group.fields.find((field) => field.key === node.key);
    if (!sub) return `分组“${group.label}”中没有字段“${node.key}”`;
    if (numeric && sub.type !== "number" && sub.type !== "money") return `分组列“${sub.label}”不是数字或金额`;
    return undefined;
  };
  const callProblem = (node: Extract<Expr, { kind: "call" }>): string | undefined => {
    const { fn, args } = node;
    if (AGGREGATES.has(fn)) {
      if (args.length === 0) return `${fn} 至少需要一个参数`;
      const only = args[0]!;
      if (args.length === 1 && only.kind === "column") return column(only, true);
      for (const arg of args) {
        const problem = number(arg);
        if (problem) return problem;
      }
      return undefined;
    }
    if (fn === "count") {
      const only = args[0];
      if (args.length !== 1 || !only) return "count 只接受一个参数：分组、多选字段或分组列";
      if (only.kind === "column") return column(only, false);
      const field = only.kind === "ref" ? byKey.get(only.key) : undefined;
      if (!field || (field.type !== "group" && field.type !== "multiselect")) return "count 的参数须为分组、多选字段或分组列";
      return undefined;
    }
    if (fn === "days") {
      if (args.length !== 2) return "days 需要两个日期字段：days(开始, 结束)";
      for (const arg of args) {
        const field = arg.kind === "ref" ? byKey.get(arg.key) : undefined;
        if (!field || field.type !== "date") return "days 的参数须为日期字段";
      }
      return undefined;
    }
    // round
    if (args.length < 1 || args.length > 2) return "round 写作 round(数值) 或 round(数值, 小数位数)";
    if (args[1] && (args[1].kind !== "num" || !Number.isInteger(args[1].value) || args[1].value < 0 || args[1].value > 4)) return "round 的小数位数须为0到4的整数";
    return number(args[0]!);
  };
  return number(expr);
}

// ---------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------

type Values = Record<string, unknown>;
const own = (values: Values, key: string): unknown => (Object.hasOwn(values, key) ? values[key] : undefined);

/** Rounds half away from zero at `decimals`, exactly for values typed with few decimals (1.005 → 1.01). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Math.round(Math.abs(value) * factor * (1 + Number.EPSILON));
  const result = (Math.sign(value) * scaled) / factor;
  return Object.is(result, -0) ? 0 : result;
}

/** An answer as a number in the expression: money in 元, a checkbox 1/0, a numeric string read; anything else empty. */
function numberOf(field: Field | undefined, raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (field?.type === "checkbox") return raw === true ? 1 : 0;
  const value = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : undefined;
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return field?.type === "money" ? value / 100 : value;
}

const dayNumber = (raw: unknown): number | undefined => {
  if (typeof raw !== "string" || !isCalendarDate(raw)) return undefined;
  const [y, m, d] = raw.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
};

/** The value of an expression over the answers (`computed`: calculated fields already worked out). */
export function evaluateExpression(expr: Expr, fields: readonly Field[], values: Values, computed: Values = {}): number | undefined {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const rowsOf = (key: string): Values[] => {
    const raw = own(values, key);
    return Array.isArray(raw) ? raw.filter((row): row is Values => typeof row === "object" && row !== null && !Array.isArray(row)) : [];
  };
  const columnValues = (node: Extract<Expr, { kind: "column" }>): number[] => {
    const group = byKey.get(node.group);
    const sub = group?.type === "group" ? group.fields.find((field) => field.key === node.key) : undefined;
    return rowsOf(node.group).flatMap((row) => {
      const value = numberOf(sub, own(row, node.key));
      return value === undefined ? [] : [value];
    });
  };
  const listOf = (args: Expr[]): number[] | undefined => {
    const only = args[0];
    if (args.length === 1 && only?.kind === "column") return columnValues(only);
    const out: number[] = [];
    for (const arg of args) {
      const value = run(arg);
      if (value === undefined) return undefined;
      out.push(value);
    }
    return out;
  };
  const run = (node: Expr): number | undefined => {
    switch (node.kind) {
      case "num":
        return node.value;
      case "ref": {
        const field = byKey.get(node.key);
        if (field?.type === "calculated") {
          const result = own(computed, node.key);
          return typeof result === "number" ? (field.format === "money" ? result / 100 : result) : 0;
        }
        return numberOf(field, own(values, node.key)) ?? 0;
      }
      case "column":
        return undefined;
      case "neg": {
        const value = run(node.arg);
        return value === undefined ? undefined : -value;
      }
      case "bin": {
        const [left, right] = [run(node.left), run(node.right)];
        if (left === undefined || right === undefined) return undefined;
        if (node.op === "+") return left + right;
        if (node.op === "-") return left - right;
        if (node.op === "*") return left * right;
        return right === 0 ? undefined : left / right;
      }
      case "call":
        return call(node);
    }
  };
  const call = ({ fn, args }: Extract<Expr, { kind: "call" }>): number | undefined => {
    switch (fn) {
      case "sum":
      case "avg":
      case "min":
      case "max": {
        const list = listOf(args);
        if (list === undefined) return undefined;
        if (fn === "sum") return list.reduce((total, value) => total + value, 0);
        if (list.length === 0) return undefined;
        if (fn === "avg") return list.reduce((total, value) => total + value, 0) / list.length;
        return fn === "min" ? Math.min(...list) : Math.max(...list);
      }
      case "count": {
        const only = args[0];
        if (!only) return undefined;
        if (only.kind === "column") {
          return rowsOf(only.group).filter((row) => {
            const value = own(row, only.key);
            return !(value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0));
          }).length;
        }
        if (only.kind !== "ref") return undefined;
        const raw = own(values, only.key);
        return Array.isArray(raw) ? raw.length : 0;
      }
      case "days": {
        const [from, to] = args.map((arg) => (arg.kind === "ref" ? dayNumber(own(values, arg.key)) : undefined));
        return from === undefined || to === undefined ? undefined : to - from;
      }
      case "round": {
        const value = run(args[0]!);
        const decimals = args[1]?.kind === "num" ? args[1].value : 0;
        return value === undefined ? undefined : roundTo(value, decimals);
      }
    }
  };
  const result = run(expr);
  return result !== undefined && Number.isFinite(result) ? result : undefined;
}

const parsed = new Map<string, Expr | undefined>();

/** Parsed once per process (the browser re-evaluates on every keystroke). */
function parsedOnce(text: string): Expr | undefined {
  if (!parsed.has(text)) {
    if (parsed.size > 1000) parsed.clear();
    try {
      parsed.set(text, parseExpression(text));
    } catch {
      parsed.set(text, undefined);
    }
  }
  return parsed.get(text);
}

/** The stored form of a result: money in 分 (integer), a number rounded to the field's decimals. */
export function storedResult(field: CalculatedField, value: number): number {
  return field.format === "money" ? roundTo(value * 100, 0) : roundTo(value, field.decimals ?? 2);
}

/**
 * Every calculated field's result for these answers, in definition order (each may use those
 * before it), as stored. Fields whose result is empty are absent. `shown`: the keys shown
 * (hidden fields get no result).
 */
export function calculateAll(definition: { fields: readonly Field[] }, values: Values, shown?: ReadonlySet<string>): Record<string, number> {
  const computed: Record<string, number> = {};
  for (const field of definition.fields) {
    if (field.type !== "calculated" || (shown && !shown.has(field.key))) continue;
    const expr = parsedOnce(field.expression);
    if (!expr) continue; // a definition that passed validateDefinition always parses
    const value = evaluateExpression(expr, definition.fields, values, computed);
    if (value !== undefined) computed[field.key] = storedResult(field, value);
  }
  return computed;
}
