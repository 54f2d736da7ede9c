import { DEFAULT_FILE_TYPES, FILE_MAX_FILES, FILE_MAX_SIZE_MB, IMAGE_TYPES, type FieldType } from "@tongxin/core/forms";
import { FormatPicker } from "./FormatPicker";
import { useErrorAt } from "./errors";
import { FieldProblem, TextBox, TickBox } from "./inputs";
import type { EditorField } from "./model";

interface LimitSpec {
  name: string;
  label: string;
  kind: "int" | "number" | "money" | "date" | "datetime" | "text";
  hint?: string;
}

const TEXT_LIMITS: LimitSpec[] = [
  { name: "minLength", label: "最少字数", kind: "int" },
  { name: "maxLength", label: "最多字数", kind: "int" },
  { name: "patternMessage", label: "格式不符时的提示", kind: "text", hint: "不填则按所选格式提示" },
];

/** The limits each type offers (named as the definition names them). */
export const LIMITS: Partial<Record<FieldType, LimitSpec[]>> = {
  text: TEXT_LIMITS,
  textarea: TEXT_LIMITS,
  number: [
    { name: "min", label: "最小值", kind: "number" },
    { name: "max", label: "最大值", kind: "number" },
  ],
  money: [
    { name: "min", label: "最低金额（元）", kind: "money", hint: "不填则不能为负数" },
    { name: "max", label: "最高金额（元）", kind: "money" },
  ],
  date: [
    { name: "min", label: "最早日期", kind: "date" },
    { name: "max", label: "最晚日期", kind: "date" },
  ],
  datetime: [
    { name: "min", label: "最早时间", kind: "datetime" },
    { name: "max", label: "最晚时间", kind: "datetime" },
  ],
  multiselect: [
    { name: "minItems", label: "最少选几项", kind: "int" },
    { name: "maxItems", label: "最多选几项", kind: "int" },
  ],
  file: [
    { name: "maxSizeMB", label: "单个文件最大（MB）", kind: "number", hint: `不填为${FILE_MAX_SIZE_MB}MB` },
    { name: "maxFiles", label: "最多文件数", kind: "int", hint: `不填为${FILE_MAX_FILES}个` },
  ],
  group: [
    { name: "minRows", label: "最少行数", kind: "int" },
    { name: "maxRows", label: "最多行数", kind: "int" },
  ],
  calculated: [
    {
      name: "expression",
      label: "公式",
      kind: "text",
      hint: "用字段标识计算，如 price * qty、sum(items.amount)（分组列合计）、count(items)（行数）、days(start, end)（相差天数）、round(x, 1)；金额按元计",
    },
    { name: "decimals", label: "小数位数", kind: "int", hint: "不填为2位；结果为金额时固定2位" },
  ],
};
LIMITS.image = LIMITS.file;

const TYPE_NAMES: Record<string, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPG 图片",
  "image/png": "PNG 图片",
  "image/webp": "WebP 图片",
  "application/msword": "Word（.doc）",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word（.docx）",
  "application/vnd.ms-excel": "Excel（.xls）",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel（.xlsx）",
  "text/plain": "纯文本",
};

const inputType = (kind: LimitSpec["kind"]) => (kind === "date" ? "date" : kind === "datetime" ? "datetime-local" : "text");
const inputMode = (kind: LimitSpec["kind"]) => (kind === "int" ? "numeric" : kind === "number" || kind === "money" ? "decimal" : undefined);

function Limit({ spec, value, prefix, onChange }: { spec: LimitSpec; value: string; prefix: string; onChange: (value: string) => void }) {
  const error = useErrorAt(`${prefix}.${spec.name}`);
  return (
    <TextBox
      className={spec.kind === "text" || spec.kind === "datetime" ? "builder-limit builder-limit--wide" : "builder-limit"}
      label={spec.label}
      value={value}
      onChange={onChange}
      error={error}
      hint={spec.hint}
      type={inputType(spec.kind)}
      inputMode={inputMode(spec.kind)}
      spellCheck={spec.kind === "text" ? false : undefined}
    />
  );
}

/** Accepted file types: every one the type allows by default, ticked or not (none ticked = the defaults). */
function AcceptEditor({ field, prefix, onChange }: { field: EditorField; prefix: string; onChange: (change: Partial<EditorField>) => void }) {
  const error = useErrorAt(`${prefix}.accept`);
  const choices = field.type === "image" ? IMAGE_TYPES : DEFAULT_FILE_TYPES;
  const toggle = (type: string, on: boolean) => onChange({ accept: on ? [...field.accept, type] : field.accept.filter((t) => t !== type) });
  return (
    <fieldset className="field checks">
      <legend>允许的文件类型</legend>
      <p className="field__hint">都不勾选则允许以下全部</p>
      <div className="checks__list">
        {choices.map((type) => (
          <label key={type} className="check">
            <input type="checkbox" checked={field.accept.includes(type)} onChange={(event) => toggle(type, event.target.checked)} />
            <span>{TYPE_NAMES[type] ?? type}</span>
          </label>
        ))}
      </div>
      <FieldProblem message={error} />
    </fieldset>
  );
}

/** 限制: what each type can restrict (lengths, ranges, counts, file types). */
export function TypeSettings({ field, prefix, onChange }: { field: EditorField; prefix: string; onChange: (change: Partial<EditorField>) => void }) {
  const specs = LIMITS[field.type] ?? [];
  const hasExtras = field.type === "number" || field.type === "member" || field.type === "file" || field.type === "image" || field.type === "calculated";
  if (specs.length === 0 && !hasExtras) return null;
  return (
    <div className="builder-limits">
      <p className="builder-subhead">限制</p>
      {(field.type === "text" || field.type === "textarea") && (
        <FormatPicker pattern={field.limits.pattern ?? ""} prefix={prefix} onChange={(pattern) => onChange({ limits: { ...field.limits, pattern } })} />
      )}
      <div className="builder-grid builder-grid--limits">
        {specs.map((spec) => (
          <Limit key={spec.name} spec={spec} prefix={prefix} value={field.limits[spec.name] ?? ""} onChange={(value) => onChange({ limits: { ...field.limits, [spec.name]: value } })} />
        ))}
      </div>
      {field.type === "number" && <TickBox label="只能填整数" checked={field.integer} onChange={(integer) => onChange({ integer })} />}
      {field.type === "calculated" && (
        <TickBox label="结果为金额（元）" checked={field.limits.format === "money"} onChange={(money) => onChange({ limits: { ...field.limits, format: money ? "money" : "" } })} />
      )}
      {field.type === "member" && <TickBox label="可以选多人" checked={field.multiple} onChange={(multiple) => onChange({ multiple })} />}
      {(field.type === "file" || field.type === "image") && <AcceptEditor field={field} prefix={prefix} onChange={onChange} />}
    </div>
  );
}

/** Error paths (after the field's prefix) the settings above show next to their input. */
export const settingsPaths = (type: FieldType): string[] => [...(LIMITS[type] ?? []).map((spec) => spec.name), "pattern", "accept", "integer", "multiple", "format"];
