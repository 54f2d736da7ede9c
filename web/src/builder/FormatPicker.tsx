import { formatById, formatOfPattern, TEXT_FORMATS } from "@tongxin/core/forms";
import { useId, useState } from "react";
import { useErrorAt } from "./errors";
import { TextBox } from "./inputs";

const NONE = "";
const CUSTOM = "custom";

/**
 * 格式: a text field's format picked by name (邮政编码, 座机, 6位数字 …); the definition keeps the
 * pattern the name stands for (forms/formats.ts). A pattern that is none of them, or 自定义,
 * shows the regular expression itself for the few who write one.
 */
export function FormatPicker({ pattern, prefix, onChange }: { pattern: string; prefix: string; onChange: (pattern: string) => void }) {
  const id = useId();
  const error = useErrorAt(`${prefix}.pattern`);
  const named = formatOfPattern(pattern);
  const [custom, setCustom] = useState(pattern !== "" && !named);
  const choice = named && !custom ? named.id : custom ? CUSTOM : NONE;
  const pick = (value: string) => {
    setCustom(value === CUSTOM);
    if (value === CUSTOM) return;
    onChange(formatById(value)?.pattern ?? "");
  };
  return (
    <div className={error ? "field field--invalid builder-format" : "field builder-format"}>
      <label htmlFor={id}>格式</label>
      <select id={id} value={choice} onChange={(event) => pick(event.target.value)} aria-describedby={`${id}-hint`}>
        <option value={NONE}>不限</option>
        {TEXT_FORMATS.map((format) => (
          <option key={format.id} value={format.id}>
            {format.name}
          </option>
        ))}
        <option value={CUSTOM}>自定义（正则表达式）</option>
      </select>
      <p className="field__hint" id={`${id}-hint`}>
        {named && !custom ? `例如：${named.example}` : custom ? "按正则表达式检查整个答案" : "不检查格式"}
      </p>
      {custom ? (
        <TextBox label="正则表达式" value={pattern} onChange={onChange} error={error} hint="如 \d{6} 表示6位数字" spellCheck={false} autoCapitalize="off" autoComplete="off" />
      ) : (
        error && (
          <p className="field__error" role="alert">
            {error}
          </p>
        )
      )}
    </div>
  );
}
