/**
 * Where in a form definition a problem is, in the office's words: `fields.2.min` →
 * "“经费金额”的最小值". Messages about a definition name fields by their label (what the
 * office typed), never by key or dotted path; the path stays in the problem's `fields` for the
 * builder to put the message beside its input. Pure: works on whatever was sent, valid or not.
 */

const FORM_PROPS: Record<string, string> = {
  title: "表单标题",
  description: "表单说明",
  fields: "字段列表",
  privacyNotice: "个人信息收集告知",
  retentionDays: "保存期限",
};

const FIELD_PROPS: Record<string, string> = {
  type: "字段类型",
  key: "字段标识",
  label: "字段名称",
  help: "填写说明",
  required: "必填",
  visibleIf: "显示条件",
  requiredIf: "必填条件",
  privacy: "个人信息标记",
  options: "选项",
  fields: "组内字段",
  minLength: "最少字数",
  maxLength: "最多字数",
  pattern: "格式",
  patternMessage: "格式提示",
  min: "最小值",
  max: "最大值",
  integer: "只能填整数",
  after: "不早于",
  minItems: "最少选几项",
  maxItems: "最多选几项",
  accept: "允许的文件类型",
  maxSizeMB: "单个文件大小",
  maxFiles: "最多文件数",
  multiple: "可以选多人",
  minRows: "最少行数",
  maxRows: "最多行数",
};

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** A field named by its label, else by its place: “经费金额” / 第3个字段. */
function fieldName(field: unknown, index: number): string {
  const label = record(field)?.label;
  return typeof label === "string" && label.trim() ? `“${label.trim()}”` : `第${index + 1}个字段`;
}

/**
 * The place a dotted problem path points at, for a message.
 * @example describeDefinitionPath(def, "fields.1.options.0.value") // "“是否需要经费”的第1个选项"
 * @example describeDefinitionPath(def, "title") // "表单标题"
 */
export function describeDefinitionPath(definition: unknown, path: string): string {
  const parts = path === "" ? [] : path.split(".");
  if (parts.length === 0) return "表单";
  const [head, index, ...rest] = parts;
  if (head !== "fields" || index === undefined || !/^\d+$/.test(index)) return FORM_PROPS[head!] ?? "表单";
  const fields = record(definition)?.fields;
  const field = Array.isArray(fields) ? fields[Number(index)] : undefined;
  let place = fieldName(field, Number(index));
  let tail = rest;
  // A sub-field of a repeating group: “明细”中的“姓名”.
  if (tail[0] === "fields" && tail[1] !== undefined && /^\d+$/.test(tail[1])) {
    const subs = record(field)?.fields;
    const sub = Array.isArray(subs) ? subs[Number(tail[1])] : undefined;
    place = `${place}中的${fieldName(sub, Number(tail[1]))}`;
    tail = tail.slice(2);
  }
  const [prop, option] = tail;
  if (prop === undefined) return place;
  if (prop === "options" && option !== undefined && /^\d+$/.test(option)) return `${place}的第${Number(option) + 1}个选项`;
  return `${place}的${FIELD_PROPS[prop] ?? "设置"}`;
}
