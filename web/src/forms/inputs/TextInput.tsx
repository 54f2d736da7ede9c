import { useId } from "react";
import { useFormContext } from "react-hook-form";
import { maxLengthOf, type FormValues, type LeafField } from "@tongxin/core/forms";
import { controlProps, FieldFrame, useFieldError } from "../FieldFrame";

type TextLike = "text" | "textarea" | "number" | "phone" | "email" | "idcard" | "uscc" | "date" | "datetime";
export type TextLikeField = Extract<LeafField, { type: TextLike }>;

export const TEXT_LIKE: ReadonlySet<string> = new Set<TextLike>(["text", "textarea", "number", "phone", "email", "idcard", "uscc", "date", "datetime"]);

/** The HTML input that suits each typed field on a phone (keyboard, autofill, pickers). */
function inputAttributes(field: TextLikeField) {
  switch (field.type) {
    case "number":
      return { type: "number", inputMode: field.integer ? "numeric" : "decimal", step: field.integer ? 1 : "any", min: field.min, max: field.max } as const;
    case "phone":
      return { type: "tel", inputMode: "tel", autoComplete: "tel", placeholder: "11位手机号" } as const;
    case "email":
      return { type: "email", inputMode: "email", autoComplete: "email", autoCapitalize: "off", spellCheck: false } as const;
    case "idcard":
      return { type: "text", autoCapitalize: "characters", autoComplete: "off", spellCheck: false, placeholder: "18位身份证号" } as const;
    case "uscc":
      return { type: "text", autoCapitalize: "characters", autoComplete: "off", spellCheck: false, placeholder: "18位统一社会信用代码" } as const;
    case "date":
      return { type: "date", min: field.min, max: field.max } as const;
    case "datetime":
      return { type: "datetime-local", min: field.min, max: field.max } as const;
    case "text":
      return { type: "text", maxLength: maxLengthOf(field) } as const;
    default:
      return {};
  }
}

/** An empty number input reads as "" (not filled in); anything else as a number. */
const toNumber = (value: unknown) => (value === "" || value === null || value === undefined ? "" : Number(value));

/** Single-line inputs, a textarea, number, date and time: everything typed into one box. */
export function TextInput({ field, name, required }: { field: TextLikeField; name: string; required: boolean }) {
  const id = useId();
  const { register } = useFormContext<FormValues>();
  const error = useFieldError(name);
  const control = controlProps(id, field.help, error, required);
  return (
    <FieldFrame id={id} field={field} required={required} error={error}>
      {field.type === "textarea" ? (
        <textarea rows={4} maxLength={maxLengthOf(field)} {...control} {...register(name)} />
      ) : (
        <input {...inputAttributes(field)} {...control} {...register(name, field.type === "number" ? { setValueAs: toNumber } : undefined)} />
      )}
    </FieldFrame>
  );
}
