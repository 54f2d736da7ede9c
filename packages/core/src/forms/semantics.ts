import { ExpressionError, expressionProblem, parseExpression } from "./calculated";
import { conditionRefs, type Condition, type ConditionRef } from "./conditions";
import type { Field, FormDefinition } from "./definition";
import { maxLengthOf, maxRowsOf, moneyMinOf, patternProblem } from "./limits";

/** A problem in a definition, at a path from its root (`fields.2.options.1.value`). */
export interface DefinitionIssue {
  path: Array<string | number>;
  message: string;
}

type Path = Array<string | number>;

/**
 * What the schema cannot see in a syntactically valid definition: duplicate keys, conditions
 * over missing fields or in cycles, contradictory limits, bad patterns and options.
 */
export function definitionProblems(def: FormDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  checkScope(def.fields, ["fields"], false, issues);
  def.fields.forEach((field, i) => {
    if (field.type === "group") checkScope(field.fields, ["fields", i, "fields"], true, issues);
  });
  checkFormulas(def.fields, ["fields"], issues);
  return issues;
}

/** One namespace of keys: the top level, or the sub-fields of one group. */
function checkScope(fields: readonly Field[], at: Path, inGroup: boolean, issues: DefinitionIssue[]): void {
  const firstIndex = new Map<string, number>();
  fields.forEach((field, i) => {
    const seen = firstIndex.get(field.key);
    if (seen === undefined) firstIndex.set(field.key, i);
    else issues.push({ path: [...at, i, "key"], message: `字段标识与第${seen + 1}个字段“${fields[seen]!.label}”重复` });
    checkField(field, [...at, i], issues);
  });
  const byKey = new Map(fields.map((field) => [field.key, field]));
  fields.forEach((field, i) => {
    for (const which of ["visibleIf", "requiredIf"] as const) {
      const condition = field[which];
      if (!condition) continue;
      for (const ref of conditionRefs(condition)) {
        const message = refProblem(ref, byKey.get(ref.field), inGroup);
        if (message) issues.push({ path: [...at, i, which, ...ref.path, ...(message.atValue ? ["value"] : ["field"])], message: message.text });
      }
    }
  });
  fields.forEach((field, i) => {
    if ((field.type !== "date" && field.type !== "datetime") || field.after === undefined) return;
    const target = byKey.get(field.after);
    const kind = field.type === "date" ? "日期" : "时间";
    if (!target || target === field || target.type !== field.type) {
      issues.push({ path: [...at, i, "after"], message: `须为${inGroup ? "本分组" : "本表单"}中另一个${kind}字段` });
    }
  });
  const cycle = findCycle(fields, byKey);
  if (cycle) {
    const index = fields.findIndex((field) => field.key === cycle[0]);
    const which = refersTo(fields[index]!.visibleIf, cycle[1]!) ? "visibleIf" : "requiredIf";
    issues.push({ path: [...at, index, which], message: `条件之间存在循环依赖：${cycle.map((key) => `“${byKey.get(key)?.label ?? key}”`).join(" → ")}` });
  }
}

function checkField(field: Field, at: Path, issues: DefinitionIssue[]): void {
  const problem = (prop: string | number, message: string) => issues.push({ path: [...at, prop], message });
  switch (field.type) {
    case "text":
    case "textarea": {
      const max = maxLengthOf(field);
      if (field.minLength !== undefined && field.minLength > max) {
        problem("minLength", field.maxLength === undefined ? `最少字数不能大于默认的最多字数${max}` : "最少字数不能大于最多字数");
      }
      if (field.pattern !== undefined) {
        const refusal = patternProblem(field.pattern);
        if (refusal !== undefined) problem("pattern", `正则表达式无效：${refusal}`);
      }
      break;
    }
    case "number":
    case "date":
    case "datetime":
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) problem("min", "最小值不能大于最大值");
      break;
    case "money":
      if (field.max !== undefined && moneyMinOf(field) > field.max) {
        problem(field.min === undefined ? "max" : "min", field.min === undefined ? "未设最小值时金额不能为负，最大值不能小于0" : "最小值不能大于最大值");
      }
      break;
    case "select":
    case "radio":
    case "multiselect": {
      const seen = new Set<string>();
      field.options.forEach((option, j) => {
        if (seen.has(option.value)) issues.push({ path: [...at, "options", j, "value"], message: `选项值“${option.value}”重复` });
        seen.add(option.value);
      });
      if (field.type === "multiselect") {
        if (field.minItems !== undefined && field.maxItems !== undefined && field.minItems > field.maxItems) problem("minItems", "最少选择数不能大于最多选择数");
        else if (field.minItems !== undefined && field.minItems > seen.size) problem("minItems", "最少选择数不能大于选项数");
      }
      break;
    }
    case "group":
      if (field.minRows !== undefined && field.minRows > maxRowsOf(field)) {
        problem("minRows", field.maxRows === undefined ? `最少行数不能大于默认的最多行数${maxRowsOf(field)}` : "最少行数不能大于最多行数");
      }
      break;
    case "section":
      if (field.required) problem("required", "分节不能设为必填");
      if (field.requiredIf) problem("requiredIf", "分节不能设为必填");
      break;
    case "calculated":
      if (field.required) problem("required", "计算字段由公式得出，不能设为必填");
      if (field.requiredIf) problem("requiredIf", "计算字段由公式得出，不能设为必填");
      if (field.format === "money" && field.decimals !== undefined) problem("decimals", "金额结果固定两位小数，不能另设小数位数");
      break;
  }
}

/** 计算字段: each formula parses and names only fields it may use (top level; earlier calculated fields). */
function checkFormulas(fields: readonly Field[], at: Path, issues: DefinitionIssue[]): void {
  const before = new Set<string>();
  fields.forEach((field, i) => {
    if (field.type === "calculated") {
      try {
        const problem = expressionProblem(parseExpression(field.expression), fields, before);
        if (problem) issues.push({ path: [...at, i, "expression"], message: problem });
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        issues.push({ path: [...at, i, "expression"], message: error.message });
      }
    }
    before.add(field.key);
  });
}

const STRING_TYPES = new Set(["text", "textarea", "date", "datetime", "phone", "email", "idcard", "uscc", "member"]);

/** Why a condition cannot be about `target` with this op and value, if it cannot. */
function refProblem(ref: ConditionRef, target: Field | undefined, inGroup: boolean): { text: string; atValue?: boolean } | undefined {
  if (!target) return { text: inGroup ? "条件引用的字段不在本分组中（可能已删除）" : "条件引用的字段不存在（可能已删除）" };
  const name = target.label;
  if (target.type === "section") return { text: `条件不能引用分节“${name}”` };
  // Conditions are decided on the typed answers, where a calculated value is not yet the server's.
  if (target.type === "calculated") return { text: `表单内的条件不能引用计算字段“${name}”` };
  if (ref.op === "truthy" || ref.op === "falsy") return undefined;
  if (target.type === "group" || target.type === "file" || target.type === "image") {
    return { text: `字段“${name}”只能按“已填”或“未填”作条件` };
  }
  const values = Array.isArray(ref.value) ? ref.value : [ref.value];
  if (ref.op === "gt" || ref.op === "gte" || ref.op === "lt" || ref.op === "lte") {
    return target.type === "number" || target.type === "money" ? undefined : { text: `字段“${name}”不是数字或金额，不能比较大小` };
  }
  if (target.type === "checkbox") {
    return (ref.op === "eq" || ref.op === "neq") && typeof ref.value === "boolean" ? undefined : { text: `复选框“${name}”只能按“已勾选”或“未勾选”作条件`, atValue: true };
  }
  if (target.type === "number" || target.type === "money") {
    return values.every((v) => typeof v === "number") ? undefined : { text: `字段“${name}”的比较值须为数字`, atValue: true };
  }
  if (target.type === "select" || target.type === "radio" || target.type === "multiselect") {
    const missing = values.find((v) => !target.options.some((option) => option.value === v));
    return missing === undefined ? undefined : { text: `“${String(missing)}”不是字段“${name}”的选项`, atValue: true };
  }
  if (STRING_TYPES.has(target.type)) {
    return values.every((v) => typeof v === "string") ? undefined : { text: `字段“${name}”的比较值须为文本`, atValue: true };
  }
  return undefined;
}

function refersTo(condition: Condition | undefined, key: string): boolean {
  return !!condition && conditionRefs(condition).some((ref) => ref.field === key);
}

/** The first dependency cycle among conditions, as keys from a field back to itself. */
function findCycle(fields: readonly Field[], byKey: Map<string, Field>): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const field of fields) {
    const refs = [field.visibleIf, field.requiredIf].flatMap((c) => (c ? conditionRefs(c) : []));
    edges.set(field.key, [...new Set(refs.map((ref) => ref.field).filter((key) => byKey.has(key)))]);
  }
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (key: string): string[] | undefined => {
    const onStack = stack.indexOf(key);
    if (onStack >= 0) return [...stack.slice(onStack), key];
    if (done.has(key)) return undefined;
    stack.push(key);
    for (const next of edges.get(key) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    done.add(key);
    return undefined;
  };
  for (const field of fields) {
    const cycle = visit(field.key);
    if (cycle) return cycle;
  }
  return undefined;
}
