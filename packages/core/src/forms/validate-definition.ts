import { AppError, fieldErrorsFromIssues } from "../errors";
import { FormDefinitionSchema, type FormDefinition } from "./definition";
import { describeDefinitionPath } from "./definition-paths";
import { definitionProblems } from "./semantics";

/** Deeper than any sensible definition; refusing it early keeps a crafted body from exhausting the stack. */
const MAX_DEPTH = 40;

function tooDeep(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some((child) => tooDeep(child, depth + 1));
}

/**
 * Parses a form definition and checks that it makes sense (unique keys, conditions over
 * existing fields without cycles, consistent limits, valid patterns and options). Returns the
 * normalized definition (labels trimmed, unknown properties dropped).
 * @throws AppError `form.invalid_definition` (422) whose message names the place by field label
 *   ("表单定义有误：“经费金额”的最小值：…", forms/definition-paths.ts), with `fields` keyed by dotted path, e.g.
 *   `{ "fields.2.options.1.value": ["选项值“是”重复"] }`.
 * @example
 * const definition = validateDefinition(JSON.parse(body));
 * // validateDefinition({ title: "x", fields: [{ key: "a", type: "section", label: "一", required: true }] })
 * // → throws: fields["fields.0.required"] = ["分节不能设为必填"]
 */
export function validateDefinition(def: unknown): FormDefinition {
  if (tooDeep(def)) {
    throw new AppError("form.invalid_definition", "表单定义嵌套过深", { fields: { "": [`嵌套不能超过${MAX_DEPTH}层`] } });
  }
  const parsed = FormDefinitionSchema.safeParse(def);
  const issues = parsed.success ? definitionProblems(parsed.data) : parsed.error.issues;
  if (issues.length === 0 && parsed.success) return parsed.data;
  const fields = fieldErrorsFromIssues(issues);
  const [path, messages] = Object.entries(fields)[0] ?? ["", ["格式不正确"]];
  throw new AppError("form.invalid_definition", `表单定义有误：${describeDefinitionPath(def, path)}：${messages[0]}`, { fields });
}
