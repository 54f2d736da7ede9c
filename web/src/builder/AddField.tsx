import { useId, useState } from "react";
import { FIELD_TYPES, type FieldType } from "@tongxin/core/forms";
import { useBuilderActions } from "./actions";
import { TYPE_LABELS } from "./model";

/** ＋ 添加字段: a type picker (in Chinese) that adds the field at the end, its editor open. */
export function AddField({ groupIndex }: { groupIndex?: number }) {
  const id = useId();
  const { add } = useBuilderActions();
  const [choosing, setChoosing] = useState(false);
  const types = FIELD_TYPES.filter((type) => groupIndex === undefined || (type !== "group" && type !== "section" && type !== "calculated"));
  const label = groupIndex === undefined ? "添加字段" : "添加组内字段";
  if (!choosing) {
    return (
      <button type="button" className="button button--block add-field" onClick={() => setChoosing(true)}>
        ＋ {label}
      </button>
    );
  }
  const pick = (type: FieldType) => {
    add(type, groupIndex);
    setChoosing(false);
  };
  return (
    <div className="type-picker" role="group" aria-labelledby={id}>
      <p id={id} className="builder-subhead">
        选择字段类型
      </p>
      <div className="type-picker__grid">
        {types.map((type) => (
          <button key={type} type="button" className="button button--small" onClick={() => pick(type)}>
            {TYPE_LABELS[type]}
          </button>
        ))}
      </div>
      <button type="button" className="button button--small type-picker__cancel" onClick={() => setChoosing(false)}>
        取消
      </button>
    </div>
  );
}
