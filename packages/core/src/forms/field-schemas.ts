import { z } from "../zod-locale";
import { MOBILE_PATTERN, normalizeLogin } from "../auth/login-id";
import { isCalendarDate, isIdCardNumber, isLocalDateTime, isUscc } from "./checksums";
import type { LeafField } from "./definition";
import { fileRuleOf, inYearRange, maxLengthOf, moneyMinOf, patternMatcher, YEAR_RANGE } from "./limits";
import { fenToYuan } from "./money";
import { patternMessageOf } from "./formats";

export type Mode = "submit" | "draft";

/** Whether a rule is about how much is filled in; a draft may fall short of those. */
const completeness = (mode: Mode) => mode === "submit";

const text = (label: string) => z.string({ error: `${label}须为文本` }).trim();
const MB = 1024 * 1024;

/**
 * The schema a filled-in answer of one field must pass (emptiness, visibility and required
 * are decided by the caller), giving the answer as stored. In a draft the minimums of
 * length and count (`minLength`, `minItems`) are not enforced; every other rule is.
 */
export function leafSchema(field: LeafField, mode: Mode): z.ZodType<unknown> {
  const { label } = field;
  switch (field.type) {
    case "text":
    case "textarea": {
      const max = maxLengthOf(field);
      let schema = text(label).max(max, `${label}最多${max}个字`);
      if (field.minLength && completeness(mode)) schema = schema.min(field.minLength, `${label}至少${field.minLength}个字`);
      if (field.pattern !== undefined) {
        const matcher = patternMatcher(field.pattern);
        schema = schema.refine((value) => matcher.test(value), patternMessageOf(field));
      }
      return schema;
    }
    case "number": {
      let schema = z.number({ error: `${label}须为数字` });
      if (field.integer) schema = schema.int(`${label}须为整数`);
      if (field.min !== undefined) schema = schema.gte(field.min, `${label}不能小于${field.min}`);
      if (field.max !== undefined) schema = schema.lte(field.max, `${label}不能大于${field.max}`);
      return schema;
    }
    case "money": {
      const min = moneyMinOf(field);
      let schema = z
        .number({ error: `${label}须为金额` })
        .refine(Number.isSafeInteger, { message: `${label}须精确到分`, abort: true })
        .refine((fen) => fen >= min, `${label}不能少于${fenToYuan(min)}元`);
      if (field.max !== undefined) {
        const max = field.max;
        schema = schema.refine((fen) => fen <= max, `${label}不能超过${fenToYuan(max)}元`);
      }
      return schema;
    }
    case "date":
    case "datetime": {
      const [check, format] = field.type === "date" ? [isCalendarDate, "YYYY-MM-DD"] : [isLocalDateTime, "YYYY-MM-DDTHH:mm"];
      let schema = text(label)
        .refine(check, { message: `${label}须为有效的${field.type === "date" ? "日期" : "时间"}（${format}）`, abort: true })
        .refine(inYearRange, { message: `${label}的年份须在${YEAR_RANGE.min}–${YEAR_RANGE.max}之间`, abort: true });
      const { min, max } = field;
      if (min !== undefined) schema = schema.refine((v) => v >= min, `${label}不能早于${min.replace("T", " ")}`);
      if (max !== undefined) schema = schema.refine((v) => v <= max, `${label}不能晚于${max.replace("T", " ")}`);
      return schema;
    }
    case "select":
    case "radio": {
      const values = new Set(field.options.map((option) => option.value));
      return z.string({ error: `${label}的选项无效` }).trim().refine((v) => values.has(v), `${label}的选项无效`);
    }
    case "multiselect": {
      const values = new Set(field.options.map((option) => option.value));
      let schema = z
        .array(z.string().trim(), { error: `${label}的选项无效` })
        .refine((picked) => picked.every((v) => values.has(v)), `${label}的选项无效`)
        .refine(distinct, `${label}不能重复选择同一项`);
      const { minItems, maxItems } = field;
      if (minItems && completeness(mode)) schema = schema.refine((picked) => picked.length >= minItems, `${label}至少选择${minItems}项`);
      if (maxItems !== undefined) schema = schema.refine((picked) => picked.length <= maxItems, `${label}最多选择${maxItems}项`);
      return schema;
    }
    case "checkbox":
      return z.boolean({ error: `${label}须为是或否` });
    case "phone":
      return text(label).overwrite(normalizeLogin).regex(MOBILE_PATTERN, `${label}须为正确的11位手机号`);
    case "email":
      return text(label).toLowerCase().pipe(z.email(`${label}须为正确的邮箱`));
    case "idcard":
      return text(label).toUpperCase().refine(isIdCardNumber, `${label}须为正确的18位身份证号`);
    case "uscc":
      return text(label).toUpperCase().refine(isUscc, `${label}须为正确的18位统一社会信用代码`);
    case "file":
    case "image":
      return fileSchema(field);
    case "member": {
      const id = z.string({ error: `${label}须为成员` }).trim().min(1, `${label}须为成员`).max(100, `${label}须为成员`);
      return field.multiple ? z.array(id, { error: `${label}须为成员列表` }).refine(distinct, `${label}不能重复选择同一人`) : id;
    }
  }
}

function distinct(items: readonly unknown[]): boolean {
  return new Set(items).size === items.length;
}

function fileSchema(field: Extract<LeafField, { type: "file" | "image" }>) {
  const { accept, maxSizeMB, maxFiles } = fileRuleOf(field);
  const invalid = `${field.label}的文件信息无效`;
  const ref = z.object({
    uploadId: z.string({ error: invalid }).min(1, invalid).max(200, invalid),
    name: z.string({ error: invalid }).trim().min(1, invalid).max(255, invalid),
    size: z.int({ error: invalid }).min(0, invalid),
    type: z.string({ error: invalid }).trim().min(1, invalid).max(255, invalid),
  }, { error: invalid });
  return z
    .array(ref, { error: invalid })
    .max(maxFiles, `${field.label}最多上传${maxFiles}个文件`)
    .superRefine((files, ctx) => {
      for (const file of files) {
        if (!accept.includes(file.type)) ctx.addIssue({ code: "custom", message: `文件“${file.name}”的类型不在允许范围内`, path: [] });
        if (file.size > maxSizeMB * MB) ctx.addIssue({ code: "custom", message: `文件“${file.name}”超过${maxSizeMB}MB`, path: [] });
      }
    });
}
