import { z } from "../zod-locale";
import { ConditionSchema } from "./conditions";
import { inYearRange, isCalendarDate, isLocalDateTime, YEAR_RANGE } from "./checksums";
import { PRIVACY_LEVELS } from "../privacy/mask";

export { ConditionSchema, type Condition } from "./conditions";

/** `key` of a field: what its answer is stored under. */
export const FIELD_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;

const count = (max: number) => z.int("须为整数").min(0, "不能为负数").max(max, `不能超过${max}`);
const label = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `${what}最多${max}个字`);
const yearMessage = `年份须在${YEAR_RANGE.min}–${YEAR_RANGE.max}之间`;
const date = z.string().refine(isCalendarDate, { message: "须为有效日期，格式 YYYY-MM-DD", abort: true }).refine(inYearRange, yearMessage);
const dateTime = z.string().refine(isLocalDateTime, { message: "须为有效时间，格式 YYYY-MM-DDTHH:mm", abort: true }).refine(inYearRange, yearMessage);
/** `after`: the key of another date (or time) field of the same form or row this one must not precede (dates) or must follow (times). */
const after = z.string().regex(FIELD_KEY_PATTERN, "须为另一字段的标识").optional();

const base = {
  key: z.string({ error: "请填写字段标识" }).regex(FIELD_KEY_PATTERN, "字段标识须以英文字母开头，只含字母、数字和下划线，最多40位"),
  label: label("字段名称", 60),
  help: z.string().trim().max(500, "说明最多500个字").optional(),
  required: z.boolean().optional(),
  visibleIf: ConditionSchema.optional(),
  requiredIf: ConditionSchema.optional(),
  /**
   * How personal the answer is: `personal` answers are masked for readers who do not need
   * them; `sensitive` ones (身份证号 and phone fields unless marked otherwise) are also encrypted
   * at rest and need the submitter's separate consent. See `privacyOf`.
   */
  privacy: z.enum(PRIVACY_LEVELS, { error: "个人信息标记须为 none、personal 或 sensitive" }).optional(),
};

const Options = z
  .array(z.object({ value: z.string({ error: "请填写选项值" }).trim().min(1, "请填写选项值").max(100, "选项值最多100个字"), label: label("选项名称", 60) }), {
    error: "请填写选项",
  })
  .min(1, "至少要有一个选项")
  .max(200, "选项最多200个");

const MimeType = z.string().regex(/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/i, "须为具体的文件类型（MIME），如 application/pdf");

const textProps = { minLength: count(50_000).optional(), maxLength: count(50_000).optional(), pattern: z.string().max(500, "正则表达式最多500个字符").optional(), patternMessage: z.string().trim().max(100, "格式提示最多100个字").optional() };
const fileProps = {
  accept: z.array(MimeType).min(1, "至少允许一种文件类型").max(50).optional(),
  maxSizeMB: z.number().positive("须大于0").max(50, "单个文件最大不能超过50MB").optional(),
  maxFiles: z.int("须为整数").min(1, "至少1个").max(20, "最多20个").optional(),
};
const money = z.int("金额以分为单位，须为整数").refine(Number.isSafeInteger, "金额超出范围");

const leafFieldSchemas = [
  z.object({ type: z.literal("text"), ...base, ...textProps }),
  z.object({ type: z.literal("textarea"), ...base, ...textProps }),
  z.object({ type: z.literal("number"), ...base, min: z.number().optional(), max: z.number().optional(), integer: z.boolean().optional() }),
  z.object({ type: z.literal("money"), ...base, min: money.optional(), max: money.optional() }),
  z.object({ type: z.literal("date"), ...base, min: date.optional(), max: date.optional(), after }),
  z.object({ type: z.literal("datetime"), ...base, min: dateTime.optional(), max: dateTime.optional(), after }),
  z.object({ type: z.literal("select"), ...base, options: Options }),
  z.object({ type: z.literal("radio"), ...base, options: Options }),
  z.object({ type: z.literal("multiselect"), ...base, options: Options, minItems: count(200).optional(), maxItems: count(200).optional() }),
  z.object({ type: z.literal("checkbox"), ...base }),
  z.object({ type: z.literal("phone"), ...base }),
  z.object({ type: z.literal("email"), ...base }),
  z.object({ type: z.literal("idcard"), ...base }),
  z.object({ type: z.literal("uscc"), ...base }),
  z.object({ type: z.literal("file"), ...base, ...fileProps }),
  z.object({ type: z.literal("image"), ...base, ...fileProps }),
  z.object({ type: z.literal("member"), ...base, multiple: z.boolean().optional() }),
] as const;

/** A field that can sit inside a repeating group: anything but a group or a section. */
export const GroupItemFieldSchema = z.discriminatedUnion("type", [...leafFieldSchemas], {
  error: "字段类型无效（分组内不能再放分组或分节）",
});

const GroupFieldSchema = z.object({
  type: z.literal("group"),
  ...base,
  fields: z.array(GroupItemFieldSchema, { error: "请为分组添加字段" }).min(1, "分组至少要有一个字段").max(50, "分组最多50个字段"),
  minRows: count(500).optional(),
  maxRows: z.int("须为整数").min(1, "至少1行").max(500, "最多500行").optional(),
});

const SectionFieldSchema = z.object({ type: z.literal("section"), ...base });

/** 计算字段 (forms/calculated.ts): read-only, computed from other answers by `expression`; top level only. */
const CalculatedFieldSchema = z.object({
  type: z.literal("calculated"),
  ...base,
  expression: z.string({ error: "请填写公式" }).trim().min(1, "请填写公式").max(500, "公式最多500个字符"),
  /** `money`: the result is an amount in 元 (stored in 分); `number` (default): a number. */
  format: z.enum(["number", "money"], { error: "结果格式须为 number 或 money" }).optional(),
  /** Decimals a number result is rounded to (default 2). */
  decimals: z.int("小数位数须为整数").min(0, "小数位数须为0到4").max(4, "小数位数须为0到4").optional(),
});

/** One field of a form, told apart by `type`. Unknown properties are dropped. */
export const FieldSchema = z.discriminatedUnion("type", [...leafFieldSchemas, GroupFieldSchema, SectionFieldSchema, CalculatedFieldSchema], {
  error: "字段类型无效",
});

export const FormDefinitionSchema = z.object({
  title: label("表单标题", 100),
  description: z.string().trim().max(2000, "表单说明最多2000个字").optional(),
  fields: z.array(FieldSchema, { error: "请添加字段" }).min(1, "表单至少要有一个字段").max(200, "表单最多200个字段"),
  /** 个人信息收集告知 in the office's own words; without it a default names the org, the fields, purpose, who sees and retention (forms/consent.ts). */
  privacyNotice: z.string().trim().max(2000, "个人信息收集告知最多2000个字").optional(),
  /** Days after submission the personal answers are kept; the retention job then erases them (privacy/retention.ts). */
  retentionDays: z.int("保存期限须为整数天").min(1, "保存期限至少1天").max(36500, "保存期限最多36500天").optional(),
});

export type Field = z.output<typeof FieldSchema>;
export type FieldType = Field["type"];
export type FormDefinition = z.output<typeof FormDefinitionSchema>;
export type GroupField = Extract<Field, { type: "group" }>;
export type SectionField = Extract<Field, { type: "section" }>;
export type CalculatedField = Extract<Field, { type: "calculated" }>;
/** A field that holds one answer (everything but group and section). */
export type LeafField = z.output<typeof GroupItemFieldSchema>;
export type FileField = Extract<Field, { type: "file" | "image" }>;
export type ChoiceField = Extract<Field, { type: "select" | "radio" | "multiselect" }>;

export const FIELD_TYPES = [
  "text", "textarea", "number", "money", "date", "datetime", "select", "multiselect", "radio", "checkbox",
  "phone", "email", "idcard", "uscc", "file", "image", "member", "group", "section", "calculated",
] as const satisfies readonly FieldType[];
