import { useContext, useId, useState } from "react";
import { CONDITION_OP_LABELS, fenToYuan, yuanToFen, type Condition, type ConditionOp } from "@tongxin/core/forms";
import { errorsUnder, ErrorsContext } from "./errors";
import { TickBox } from "./inputs";
import { CHOICE_TYPES, type EditorField } from "./model";

const OP_LABELS = CONDITION_OP_LABELS;

type Simple = Extract<Condition, { op: string }>;

/** The comparisons that make sense for a field of this type. */
function opsFor(target: EditorField | undefined): ConditionOp[] {
  if (!target) return ["truthy", "falsy"];
  if (CHOICE_TYPES.has(target.type)) return ["eq", "neq", "in", "notIn", "truthy", "falsy"];
  if (target.type === "number" || target.type === "money") return ["eq", "neq", "gt", "gte", "lt", "lte", "truthy", "falsy"];
  if (["checkbox", "file", "image", "group", "member"].includes(target.type)) return ["truthy", "falsy"];
  return ["eq", "neq", "truthy", "falsy"];
}

const opLabel = (op: ConditionOp, target?: EditorField) =>
  target?.type === "checkbox" && (op === "truthy" || op === "falsy") ? (op === "truthy" ? "已勾选" : "未勾选") : OP_LABELS[op];

const optionValue = (o: { label: string; value: string }) => o.value.trim() || o.label.trim();

/** A sensible condition on `target` with `op`: its first option, nothing, or 0. */
function starting(target: EditorField, op: ConditionOp): Simple {
  const first = target.options[0] ? optionValue(target.options[0]) : "";
  if (op === "truthy" || op === "falsy") return { field: target.key, op };
  if (op === "in" || op === "notIn") return { field: target.key, op, value: first ? [first] : [] };
  if (op === "gt" || op === "gte" || op === "lt" || op === "lte") return { field: target.key, op, value: 0 };
  const value = CHOICE_TYPES.has(target.type) ? first : target.type === "number" || target.type === "money" ? 0 : "";
  return { field: target.key, op, value } as Simple;
}

function ValueInput({ condition, target, onChange, label }: { condition: Simple; target?: EditorField; onChange: (c: Simple) => void; label: string }) {
  const numeric = target?.type === "number" || target?.type === "money";
  const shown = (value: unknown) => (typeof value === "number" ? (target?.type === "money" ? fenToYuan(value) : String(value)) : String(value ?? ""));
  const [text, setText] = useState(() => ("value" in condition ? shown(condition.value) : ""));
  if (condition.op === "truthy" || condition.op === "falsy" || !target) return null;
  if (CHOICE_TYPES.has(target.type)) {
    if (condition.op === "in" || condition.op === "notIn") {
      const picked = condition.value as Array<string | number>;
      return (
        <span className="checks__list" role="group" aria-label={label}>
          {target.options.map((option) => {
            const value = optionValue(option);
            return (
              <label key={option.uid} className="check">
                <input
                  type="checkbox"
                  checked={picked.includes(value)}
                  onChange={(event) => onChange({ ...condition, value: event.target.checked ? [...picked, value] : picked.filter((v) => v !== value) } as Simple)}
                />
                <span>{option.label}</span>
              </label>
            );
          })}
        </span>
      );
    }
    return (
      <select aria-label={label} value={String("value" in condition ? condition.value : "")} onChange={(event) => onChange({ ...condition, value: event.target.value } as Simple)}>
        {target.options.map((option) => (
          <option key={option.uid} value={optionValue(option)}>
            {option.label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      type="text"
      aria-label={label}
      inputMode={numeric ? "decimal" : undefined}
      value={text}
      placeholder={target.type === "money" ? "金额（元）" : "值"}
      onChange={(event) => {
        const raw = event.target.value;
        setText(raw);
        const parsed = !numeric ? raw : target.type === "money" ? yuanToFen(raw) : raw.trim() === "" ? undefined : Number(raw);
        onChange({ ...condition, value: parsed === undefined || Number.isNaN(parsed) ? raw : parsed } as Simple);
      }}
    />
  );
}

interface Props {
  which: "visibleIf" | "requiredIf";
  condition?: Condition;
  /** Fields the condition may read: the siblings before and after, not this one, no sections. */
  candidates: EditorField[];
  prefix: string;
  onChange: (condition: Condition | undefined) => void;
}

/** “当 [字段] [等于/不等于/已填写/…] [值] 时显示/必填”: one simple condition per rule. */
export function ConditionEditor({ which, condition, candidates, prefix, onChange }: Props) {
  const id = useId();
  const errors = errorsUnder(useContext(ErrorsContext), `${prefix}.${which}`);
  const verb = which === "visibleIf" ? "显示" : "必填";
  const title = which === "visibleIf" ? "按条件显示" : "按条件必填";
  const enable = (on: boolean) => onChange(on && candidates[0] ? starting(candidates[0], opsFor(candidates[0])[0]!) : undefined);

  let body = null;
  if (condition && !("op" in condition)) {
    body = <p className="muted">这是组合条件（在别处定义），这里只能整体取消。</p>;
  } else if (condition) {
    const target = candidates.find((field) => field.key === condition.field);
    const ops = opsFor(target);
    body = (
      <div className="condition" role="group" aria-labelledby={`${id}-title`}>
        <span>当</span>
        <select aria-label={`${title}：字段`} value={condition.field} onChange={(event) => {
          const next = candidates.find((field) => field.key === event.target.value);
          if (next) onChange(starting(next, opsFor(next)[0]!));
        }}>
          {!target && <option value={condition.field}>（已删除的字段 {condition.field}）</option>}
          {candidates.map((field) => (
            <option key={field.uid} value={field.key}>
              {field.label || field.key}
            </option>
          ))}
        </select>
        <select aria-label={`${title}：条件`} value={condition.op} onChange={(event) => target && onChange(starting(target, event.target.value as ConditionOp))}>
          {ops.map((op) => (
            <option key={op} value={op}>
              {opLabel(op, target)}
            </option>
          ))}
        </select>
        <ValueInput key={`${condition.field}-${condition.op}`} condition={condition} target={target} onChange={onChange} label={`${title}：值`} />
        <span>时{verb}</span>
      </div>
    );
  }

  return (
    <div className={errors.length > 0 ? "builder-condition field--invalid" : "builder-condition"}>
      <span id={`${id}-title`} className="visually-hidden">
        {title}
      </span>
      <TickBox label={title} checked={Boolean(condition)} onChange={enable} />
      {!condition && candidates.length === 0 && <p className="field__hint">先添加其他字段，才能设置条件。</p>}
      {body}
      {errors.map(([path, message]) => (
        <p key={path + message} className="field__error" role="alert">
          {message}
        </p>
      ))}
    </div>
  );
}
