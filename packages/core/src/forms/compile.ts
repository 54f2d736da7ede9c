import { z } from "../zod-locale";
import type { Field, FormDefinition, GroupField, LeafField } from "./definition";
import { leafSchema, type Mode } from "./field-schemas";
import { calculateAll } from "./calculated";
import { maxRowsOf } from "./limits";
import { isEmptyValue, isRequired, own, visibleKeys } from "./values";

export type { Mode } from "./field-schemas";

/** The answers of one form as a plain object, before and after parsing. */
export type FormValues = Record<string, unknown>;

interface Issue {
  path: Array<string | number>;
  message: string;
}

/** What a field asks for when missing: fill in, choose, tick. */
function requiredMessage(field: Field): string {
  switch (field.type) {
    case "checkbox":
      return `请勾选${field.label}`;
    case "select":
    case "radio":
    case "multiselect":
    case "member":
    case "date":
    case "datetime":
    case "file":
    case "image":
      return `请选择${field.label}`;
    default:
      return `请填写${field.label}`;
  }
}

const isRecord = (value: unknown): value is FormValues => typeof value === "object" && value !== null && !Array.isArray(value);

type LeafSchemas = Map<LeafField, z.ZodType<unknown>>;

/**
 * Checks one set of fields (the form, or one row of a group) and returns what is stored:
 * shown, filled-in answers, normalized, in definition order.
 */
function checkFields(fields: readonly Field[], values: FormValues, mode: Mode, schemas: LeafSchemas, at: Issue["path"], issues: Issue[]): FormValues {
  const visible = visibleKeys(fields, values);
  const output: FormValues = {};
  for (const field of fields) {
    // A calculated answer is never taken from the client: it is worked out below.
    if (field.type === "section" || field.type === "calculated" || !visible.has(field.key)) continue;
    const raw = own(values, field.key);
    const path = [...at, field.key];
    const required = mode === "submit" && isRequired(field, values, visible, fields);
    if (isEmptyValue(raw)) {
      if (required) issues.push({ path, message: requiredMessage(field) });
      continue;
    }
    if (field.type === "group") {
      const rows = checkGroup(field, raw, mode, schemas, path, issues);
      if (rows) output[field.key] = rows;
      continue;
    }
    if (field.type === "checkbox" && raw === false && required) {
      issues.push({ path, message: requiredMessage(field) });
      continue;
    }
    const result = schemas.get(field)!.safeParse(raw);
    if (result.success) output[field.key] = result.data;
    else for (const message of new Set(result.error.issues.map((issue) => issue.message))) issues.push({ path, message });
  }
  checkOrder(fields, output, at, issues);
  if (!fields.some((field) => field.type === "calculated")) return output;
  // 计算字段 from the checked answers, each in its place in definition order.
  const computed = calculateAll({ fields }, output, visible);
  const ordered: FormValues = {};
  for (const field of fields) {
    if (Object.hasOwn(output, field.key)) ordered[field.key] = output[field.key];
    else if (Object.hasOwn(computed, field.key)) ordered[field.key] = computed[field.key];
  }
  return ordered;
}

/** `after`: an end date no earlier than its start date, an end time later than its start time. */
function checkOrder(fields: readonly Field[], output: FormValues, at: Issue["path"], issues: Issue[]): void {
  for (const field of fields) {
    if ((field.type !== "date" && field.type !== "datetime") || field.after === undefined) continue;
    const start = fields.find((other) => other.key === field.after);
    const [value, startValue] = [output[field.key], output[field.after]];
    if (!start || typeof value !== "string" || typeof startValue !== "string") continue;
    if (field.type === "date" ? value < startValue : value <= startValue) {
      issues.push({ path: [...at, field.key], message: field.type === "date" ? `${field.label}不能早于${start.label}` : `${field.label}须晚于${start.label}` });
    }
  }
}

function checkGroup(group: GroupField, raw: unknown, mode: Mode, schemas: LeafSchemas, path: Issue["path"], issues: Issue[]): FormValues[] | undefined {
  if (!Array.isArray(raw)) {
    issues.push({ path, message: `${group.label}格式不正确` });
    return undefined;
  }
  const maxRows = maxRowsOf(group);
  if (raw.length > maxRows) {
    // Rows beyond the limit are not worth checking one by one.
    issues.push({ path, message: `${group.label}最多${maxRows}行` });
    return undefined;
  }
  if (mode === "submit" && group.minRows !== undefined && raw.length < group.minRows) {
    issues.push({ path, message: `${group.label}至少${group.minRows}行` });
  }
  return raw.map((row, index) => {
    if (isRecord(row)) return checkFields(group.fields, row, mode, schemas, [...path, index], issues);
    issues.push({ path: [...path, index], message: `${group.label}第${index + 1}行格式不正确` });
    return {};
  });
}

function compileLeaves(fields: readonly Field[], mode: Mode, schemas: LeafSchemas): void {
  for (const field of fields) {
    if (field.type === "group") compileLeaves(field.fields, mode, schemas);
    else if (field.type !== "section" && field.type !== "calculated") schemas.set(field, leafSchema(field, mode));
  }
}

/**
 * Compiles a (validated) form definition into the one zod schema that both the browser
 * (`zodResolver`) and the API check answers with.
 *
 * Parsing gives the answers as stored: only shown fields, filled in, normalized (strings
 * trimmed, phone digits only, e-mail lower case, 身份证号/信用代码 upper case), in definition
 * order; unknown keys, sections, hidden fields and empty optional answers are dropped. Errors sit
 * at `["key"]`, or `["group", row, "sub"]` inside a repeating group. In `"draft"` mode nothing
 * is required (nor minRows/minItems/minLength) but every answer given must still be valid.
 *
 * @example
 * const schema = compileForm(definition); // or compileForm(definition, { mode: "draft" })
 * useForm({ resolver: zodResolver(schema), defaultValues: emptyValues(definition) }); // browser
 * const result = schema.safeParse(body.data); // API: result.data is what gets stored
 * // definition: 是否需要经费 (select 是/否) and 经费明细 (group, visibleIf needFunding eq "是")
 * schema.parse({ needFunding: "否", budget: [{ item: "场地", amount: 50000 }] }) // { needFunding: "否" }
 */
export function compileForm(def: FormDefinition, options: { mode: Mode } = { mode: "submit" }): z.ZodType<FormValues, FormValues> {
  const mode = options.mode;
  const schemas: LeafSchemas = new Map();
  compileLeaves(def.fields, mode, schemas);
  return z
    .custom<FormValues>(isRecord, { error: "表单内容须为对象" })
    .transform((values, ctx) => {
      const issues: Issue[] = [];
      const output = checkFields(def.fields, values, mode, schemas, [], issues);
      if (issues.length === 0) return output;
      for (const issue of issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      return z.NEVER;
    });
}
