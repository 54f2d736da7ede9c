import { useId } from "react";
import { fenToYuan, type CalculatedField } from "@tongxin/core/forms";
import { FieldFrame } from "./FieldFrame";

/** 计算字段 on the fill page: read-only, worked out from the answers as they are typed (the API works it out again). */
export function CalculatedOutput({ field, value }: { field: CalculatedField; value: number | undefined }) {
  const id = useId();
  const text = value === undefined ? "—" : field.format === "money" ? `¥${fenToYuan(value)}` : String(value);
  return (
    <FieldFrame id={id} field={field} required={false}>
      <output id={id} className="calculated" aria-live="polite" data-field={field.key}>
        {text}
      </output>
    </FieldFrame>
  );
}
