import { useContext } from "react";
import { useBuilderActions } from "./actions";
import { AddField } from "./AddField";
import { ConditionEditor } from "./ConditionEditor";
import { errorsUnder, ErrorsContext, useErrorAt } from "./errors";
import { FieldProblem, TextBox, TickBox } from "./inputs";
import { CHOICE_TYPES, TYPE_LABELS, validKey, type EditorField } from "./model";
import { errorPrefix, type FieldPath } from "./ops";
import { OptionsEditor } from "./OptionsEditor";
import { settingsPaths, TypeSettings } from "./TypeSettings";

interface FieldCardProps {
  field: EditorField;
  path: FieldPath;
  /** The fields sharing this one's key scope (the form, or the group's sub-fields). */
  siblings: EditorField[];
}

/** Error paths (after the prefix) some input of the card shows next to itself. */
function shownInline(suffix: string, field: EditorField): boolean {
  if (/^(key|label|help)$/.test(suffix) || /^(visibleIf|requiredIf)(\.|$)/.test(suffix)) return true;
  if (CHOICE_TYPES.has(field.type) && /^options(\.\d+\.(label|value))?$/.test(suffix)) return true;
  if (field.type === "group" && (suffix === "fields" || /^fields\.\d+(\.|$)/.test(suffix))) return true;
  return settingsPaths(field.type).includes(suffix.split(".")[0]!);
}

/** One field in the builder: a summary line with move/remove, and (opened) its whole editor. */
export function FieldCard({ field, path, siblings }: FieldCardProps) {
  const actions = useBuilderActions();
  const prefix = errorPrefix(path);
  const all = useContext(ErrorsContext);
  const problems = errorsUnder(all, prefix);
  const elsewhere = problems.filter(([p]) => !shownInline(p.slice(prefix.length + 1), field));
  const open = actions.open.has(field.uid) || problems.length > 0;
  const keyError = useErrorAt(`${prefix}.key`) ?? (field.key && !validKey(field.key) ? "字段标识须以英文字母开头，只含字母、数字和下划线，最多40位" : undefined);
  const labelError = useErrorAt(`${prefix}.label`);
  const helpError = useErrorAt(`${prefix}.help`);
  const groupError = useErrorAt(`${prefix}.fields`);
  const edit = (change: Partial<EditorField>) => actions.edit(path, change);
  const index = path.sub ?? path.index;
  const name = field.label || field.key || "未命名字段";
  const candidates = siblings.filter((other) => other.uid !== field.uid && other.type !== "section" && other.type !== "calculated");

  return (
    <li className={problems.length > 0 ? "field-card field-card--invalid" : "field-card"}>
      <div className="field-card__head">
        <button type="button" className="field-card__summary" aria-expanded={open} onClick={() => actions.toggle(field.uid)}>
          <span className="field-card__type">{TYPE_LABELS[field.type]}</span>
          <span className="field-card__label">
            {name}
            {field.required && <span className="field__required"> *</span>}
          </span>
          {(field.visibleIf || field.requiredIf) && <span className="tag">有条件</span>}
        </button>
        <div className="field-card__tools">
          <button type="button" className="button button--small" onClick={() => actions.move(path, -1)} disabled={index === 0} aria-label={`上移 ${name}`}>
            ↑
          </button>
          <button type="button" className="button button--small" onClick={() => actions.move(path, 1)} disabled={index === siblings.length - 1} aria-label={`下移 ${name}`}>
            ↓
          </button>
          <button type="button" className="button button--small button--danger" onClick={() => actions.remove(path)} aria-label={`删除 ${name}`}>
            删除
          </button>
        </div>
      </div>
      {elsewhere.map(([p, message]) => (
        <FieldProblem key={p + message} message={message} />
      ))}
      {open && (
        <div className="field-card__body">
          <TextBox label={field.type === "section" ? "分节标题" : "字段名称"} value={field.label} onChange={(label) => edit({ label })} error={labelError} maxLength={60} />
          <TextBox label="填写说明" value={field.help} onChange={(help) => edit({ help })} error={helpError} multiline />
          {field.type !== "section" && field.type !== "calculated" && <TickBox label="必填" checked={field.required} onChange={(required) => edit({ required })} />}
          {field.type !== "section" && field.type !== "group" && field.type !== "calculated" && (
            <label className="field">
              <span>个人信息</span>
              <select value={field.privacy} onChange={(event) => edit({ privacy: event.target.value as typeof field.privacy })}>
                <option value="">{field.type === "idcard" || field.type === "phone" ? "按类型（敏感个人信息）" : "按类型（不是个人信息）"}</option>
                <option value="none">不是个人信息</option>
                <option value="personal">个人信息（脱敏显示）</option>
                <option value="sensitive">敏感个人信息（脱敏、加密、单独同意）</option>
              </select>
            </label>
          )}
          {CHOICE_TYPES.has(field.type) && <OptionsEditor options={field.options} prefix={prefix} onChange={(options) => edit({ options })} />}
          <TypeSettings field={field} prefix={prefix} onChange={edit} />
          {field.type === "group" && (
            <div className="group-editor">
              <p className="builder-subhead">组内字段（每行都填这些）</p>
              <FieldProblem message={groupError} />
              <ol className="field-cards">
                {field.fields.map((sub, i) => (
                  <FieldCard key={sub.uid} field={sub} path={{ index: path.index, sub: i }} siblings={field.fields} />
                ))}
              </ol>
              <AddField groupIndex={path.index} />
            </div>
          )}
          <ConditionEditor which="visibleIf" condition={field.visibleIf} candidates={candidates} prefix={prefix} onChange={(visibleIf) => edit({ visibleIf })} />
          {field.type !== "section" && field.type !== "calculated" && (
            <ConditionEditor which="requiredIf" condition={field.requiredIf} candidates={candidates} prefix={prefix} onChange={(requiredIf) => edit({ requiredIf })} />
          )}
          {/* The key is generated (field1, field2 …) and only matters to exports and integrations: tucked away. */}
          <details className="builder-advanced" open={keyError ? true : undefined}>
            <summary>高级</summary>
            <TextBox
              label="字段标识"
              value={field.key}
              onChange={(key) => edit({ key: key.trim() })}
              error={keyError}
              hint="系统自动生成，一般无需修改；对接其他系统时可改为英文字母开头，可含字母、数字、下划线"
              spellCheck={false}
              autoCapitalize="off"
              autoComplete="off"
            />
          </details>
        </div>
      )}
    </li>
  );
}
