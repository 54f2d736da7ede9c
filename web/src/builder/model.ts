import { fenToYuan, FIELD_KEY_PATTERN, yuanToFen, type Condition, type Field, type FieldType, type FormDefinition } from "@tongxin/core/forms";

/** 字段类型 as the type picker names them, in the picker's order. */
export const TYPE_LABELS: Record<FieldType, string> = {
  text: "单行文本",
  textarea: "多行文本",
  number: "数字",
  money: "金额",
  date: "日期",
  datetime: "日期时间",
  select: "下拉单选",
  multiselect: "多选",
  radio: "单选",
  checkbox: "勾选",
  phone: "手机号",
  email: "邮箱",
  idcard: "身份证号",
  uscc: "统一社会信用代码",
  file: "文件",
  image: "图片",
  member: "成员",
  group: "重复组",
  section: "分节标题",
  calculated: "计算字段",
};

export const CHOICE_TYPES: ReadonlySet<FieldType> = new Set(["select", "multiselect", "radio"]);

export interface EditorOption {
  uid: string;
  label: string;
  /** What is stored; blank means "same as the label". */
  value: string;
}

/**
 * A field while it is being edited: limits kept as typed (strings; money in 元) so a half-typed
 * number is not lost, a stable `uid` for React keys. `toDefinition` turns it into the real thing.
 */
export interface EditorField {
  uid: string;
  type: FieldType;
  key: string;
  label: string;
  help: string;
  required: boolean;
  visibleIf?: Condition;
  requiredIf?: Condition;
  options: EditorOption[];
  fields: EditorField[];
  limits: Record<string, string>;
  integer: boolean;
  multiple: boolean;
  accept: string[];
  /** 个人信息 marking: "" follows the type (身份证号 and phones sensitive), else none / personal / sensitive. */
  privacy: "" | "none" | "personal" | "sensitive";
}

export interface EditorForm {
  title: string;
  description: string;
  fields: EditorField[];
  /** 个人信息收集告知 in the office's words ("" for the default). */
  privacyNotice?: string;
  /** Days personal answers are kept, as typed ("" for no limit). */
  retentionDays?: string;
}

let uidCounter = 0;
export const newUid = () => `u${(uidCounter += 1)}`;

/** Limit properties that are numbers in the definition; money's are 元 in the editor and 分 stored. */
const NUMBER_LIMITS = ["minLength", "maxLength", "min", "max", "minItems", "maxItems", "maxSizeMB", "maxFiles", "minRows", "maxRows", "decimals"] as const;
/** Kept as typed; `expression` and `format` are a calculated field's formula and result format. */
const TEXT_LIMITS = ["pattern", "patternMessage", "expression", "format"] as const;

/** A key no field in `taken` has: field1, field2, … */
export function freeKey(taken: ReadonlySet<string>, from = taken.size + 1): string {
  let n = Math.max(from, 1);
  while (taken.has(`field${n}`)) n += 1;
  return `field${n}`;
}

export function newField(type: FieldType, taken: ReadonlySet<string>): EditorField {
  const field: EditorField = {
    uid: newUid(),
    type,
    key: freeKey(taken),
    label: type === "section" ? "新的分节" : TYPE_LABELS[type],
    help: "",
    required: false,
    options: [],
    fields: [],
    limits: {},
    integer: false,
    multiple: false,
    accept: [],
    privacy: "",
  };
  if (CHOICE_TYPES.has(type)) field.options = ["选项1", "选项2"].map((label) => ({ uid: newUid(), label, value: "" }));
  if (type === "group") field.fields = [newField("text", new Set())];
  if (type === "calculated") field.limits = { expression: "" };
  return field;
}

export function fromField(field: Field): EditorField {
  const limits: Record<string, string> = {};
  const source = field as Record<string, unknown>;
  for (const name of [...NUMBER_LIMITS, ...TEXT_LIMITS]) {
    const value = source[name];
    if (value === undefined) continue;
    limits[name] = field.type === "money" && typeof value === "number" ? fenToYuan(value) : String(value);
  }
  return {
    uid: newUid(),
    type: field.type,
    key: field.key,
    label: field.label,
    help: field.help ?? "",
    required: field.required ?? false,
    visibleIf: field.visibleIf,
    requiredIf: field.requiredIf,
    options: "options" in field ? field.options.map((o) => ({ uid: newUid(), label: o.label, value: o.value })) : [],
    fields: field.type === "group" ? field.fields.map(fromField) : [],
    limits,
    integer: field.type === "number" ? (field.integer ?? false) : false,
    multiple: field.type === "member" ? (field.multiple ?? false) : false,
    accept: "accept" in field ? [...(field.accept ?? [])] : [],
    privacy: field.privacy ?? "",
  };
}

export const fromDefinition = (def: FormDefinition): EditorForm => ({
  title: def.title,
  description: def.description ?? "",
  fields: def.fields.map(fromField),
  privacyNotice: def.privacyNotice ?? "",
  retentionDays: def.retentionDays === undefined ? "" : String(def.retentionDays),
});

/** A typed limit as the definition wants it; what is not a number stays text, for the validator to name. */
function limitValue(type: FieldType, name: string, raw: string): unknown {
  const text = raw.trim();
  if (text === "") return undefined;
  if ((TEXT_LIMITS as readonly string[]).includes(name)) return raw;
  if (type === "date" || type === "datetime") return text;
  if (type === "money") return yuanToFen(text) ?? text;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

export function toField(field: EditorField): Record<string, unknown> {
  const out: Record<string, unknown> = { type: field.type, key: field.key.trim(), label: field.label.trim() };
  if (field.help.trim()) out.help = field.help.trim();
  if (field.required && field.type !== "section") out.required = true;
  if (field.visibleIf) out.visibleIf = field.visibleIf;
  if (field.requiredIf && field.type !== "section") out.requiredIf = field.requiredIf;
  for (const [name, raw] of Object.entries(field.limits)) {
    const value = limitValue(field.type, name, raw);
    if (value !== undefined) out[name] = value;
  }
  if (CHOICE_TYPES.has(field.type)) out.options = field.options.map((o) => ({ value: o.value.trim() || o.label.trim(), label: o.label.trim() }));
  if (field.type === "group") out.fields = field.fields.map(toField);
  if (field.type === "number" && field.integer) out.integer = true;
  if (field.type === "member" && field.multiple) out.multiple = true;
  if ((field.type === "file" || field.type === "image") && field.accept.length > 0) out.accept = field.accept;
  if (field.privacy && field.type !== "section") out.privacy = field.privacy;
  return out;
}

/** The definition to save (as the API validates it); unchecked, so mistakes reach the validator. */
export function toDefinition(form: EditorForm): FormDefinition {
  const def: Record<string, unknown> = { title: form.title.trim(), fields: form.fields.map(toField) };
  if (form.description.trim()) def.description = form.description.trim();
  if (form.privacyNotice?.trim()) def.privacyNotice = form.privacyNotice.trim();
  const days = form.retentionDays?.trim();
  if (days) def.retentionDays = Number.isFinite(Number(days)) ? Number(days) : days;
  return def as unknown as FormDefinition;
}

export const validKey = (key: string) => FIELD_KEY_PATTERN.test(key);

/** A condition's field references renamed from `from` to `to` (when a key is edited). */
export function renameInCondition(condition: Condition | undefined, from: string, to: string): Condition | undefined {
  if (!condition) return condition;
  if ("all" in condition) return { all: condition.all.map((c) => renameInCondition(c, from, to)!) };
  if ("any" in condition) return { any: condition.any.map((c) => renameInCondition(c, from, to)!) };
  if ("not" in condition) return { not: renameInCondition(condition.not, from, to)! };
  return condition.field === from ? { ...condition, field: to } : condition;
}
