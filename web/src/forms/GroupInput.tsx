import { useId } from "react";
import { useFieldArray, useWatch } from "react-hook-form";
import { emptyRow, evaluateCondition, maxRowsOf, visibleRowFields, type FormValues, type GroupField, type LeafField } from "@tongxin/core/forms";
import { useRenderer } from "./context";
import { FieldFrame, useFieldError } from "./FieldFrame";
import { LeafInput } from "./LeafInput";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether a sub-field must be filled in, reading its row (hidden siblings count as absent). */
function rowRequired(field: LeafField, row: Record<string, unknown>, visible: Set<string>): boolean {
  if (field.required) return true;
  if (!field.requiredIf) return false;
  return evaluateCondition(field.requiredIf, (key) => (visible.has(key) ? row[key] : undefined));
}

/** One row of a repeating group: its shown sub-fields, and 删除此行. */
function GroupRow({ group, index, onRemove }: { group: GroupField; index: number; onRemove?: () => void }) {
  const name = `${group.key}.${index}`;
  const raw: unknown = useWatch<FormValues>({ name });
  const row = isRecord(raw) ? raw : {};
  const visible = visibleRowFields(group, row);
  return (
    <fieldset className="group-row">
      <legend className="group-row__title">
        {group.label} · 第{index + 1}行
      </legend>
      {group.fields
        .filter((sub) => visible.has(sub.key))
        .map((sub) => (
          <LeafInput key={sub.key} field={sub} name={`${name}.${sub.key}`} uploadPath={`${group.key}.${sub.key}`} required={rowRequired(sub, row, visible)} />
        ))}
      {onRemove && (
        <button type="button" className="button button--small button--danger group-row__remove" onClick={onRemove}>
          删除第{index + 1}行
        </button>
      )}
    </fieldset>
  );
}

/** 重复组: rows of the same sub-fields, added and removed by the person filling in. */
export function GroupInput({ group, required }: { group: GroupField; required: boolean }) {
  const id = useId();
  const error = useFieldError(group.key);
  const { disabled } = useRenderer();
  // The answers' type is open (Record<string, unknown>); here the group is known to hold rows.
  const { fields: rows, append, remove } = useFieldArray<Record<string, Array<Record<string, unknown>>>>({ name: group.key });
  const maxRows = maxRowsOf(group);
  const minRows = group.minRows ?? 0;
  return (
    <FieldFrame id={id} field={group} required={required} error={error} group className="group">
      {rows.length === 0 && <p className="muted group__empty">还没有添加。</p>}
      {rows.map((row, index) => (
        <GroupRow key={row.id} group={group} index={index} onRemove={!disabled && rows.length > minRows ? () => remove(index) : undefined} />
      ))}
      {!disabled && (
        <button type="button" className="button button--block" onClick={() => append(emptyRow(group))} disabled={rows.length >= maxRows}>
          ＋ 添加一行
        </button>
      )}
    </FieldFrame>
  );
}
