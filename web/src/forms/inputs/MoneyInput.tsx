import { useId, useState } from "react";
import { useController } from "react-hook-form";
import { fenToYuan, yuanToFen, type FormValues, type LeafField } from "@tongxin/core/forms";
import { controlProps, FieldFrame, useFieldError } from "../FieldFrame";

type MoneyField = Extract<LeafField, { type: "money" }>;

/** What the box shows for a stored value: 分 as 元 with two decimals, anything else as typed. */
const shown = (value: unknown): string => (typeof value === "number" && Number.isFinite(value) ? fenToYuan(value) : typeof value === "string" ? value : "");

/**
 * 金额: typed in 元 (up to two decimals), kept in the form as integer 分 so the compiled
 * schema checks exactly what is stored. Text that is no amount stays a string, which the
 * schema reports as "须为金额".
 */
export function MoneyInput({ field, name, required }: { field: MoneyField; name: string; required: boolean }) {
  const id = useId();
  const error = useFieldError(name);
  const { field: control } = useController<FormValues>({ name });
  const [text, setText] = useState(() => shown(control.value));
  const [lastValue, setLastValue] = useState<unknown>(control.value);

  // Replaced from outside (a restored draft, a reset): show the new amount.
  if (control.value !== lastValue) {
    setLastValue(control.value);
    if (yuanToFen(text) !== control.value && text !== control.value) setText(shown(control.value));
  }

  function change(next: string) {
    const fen = yuanToFen(next);
    const value = next.trim() === "" ? "" : (fen ?? next);
    setText(next);
    setLastValue(value);
    control.onChange(value);
  }

  return (
    <FieldFrame id={id} field={field} required={required} error={error}>
      <div className="money">
        <span className="money__sign" aria-hidden="true">
          ¥
        </span>
        <input
          ref={control.ref}
          name={control.name}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.00"
          value={text}
          onChange={(event) => change(event.target.value)}
          onBlur={() => {
            const fen = yuanToFen(text);
            if (fen !== undefined) setText(fenToYuan(fen));
            control.onBlur();
          }}
          {...controlProps(id, field.help, error, required)}
        />
        <span className="money__unit">元</span>
      </div>
    </FieldFrame>
  );
}
