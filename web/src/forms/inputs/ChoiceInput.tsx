import { useId } from "react";
import { useController, useFormContext } from "react-hook-form";
import type { FormValues, LeafField } from "@tongxin/core/forms";
import { controlProps, describedBy, FieldFrame, RequiredMark, useFieldError } from "../FieldFrame";

export type ChoiceLikeField = Extract<LeafField, { type: "select" | "radio" | "multiselect" | "checkbox" }>;

interface Props {
  field: ChoiceLikeField;
  name: string;
  required: boolean;
}

/** 下拉单选, 单选 (radio buttons), 多选 (checkboxes) and a single 勾选 box. */
export function ChoiceInput({ field, name, required }: Props) {
  const id = useId();
  const { register } = useFormContext<FormValues>();
  const error = useFieldError(name);

  if (field.type === "select") {
    return (
      <FieldFrame id={id} field={field} required={required} error={error}>
        <select {...controlProps(id, field.help, error, required)} {...register(name)}>
          <option value="">请选择</option>
          {field.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </FieldFrame>
    );
  }

  if (field.type === "checkbox") {
    return (
      <FieldFrame id={id} field={field} required={required} error={error} bare>
        <label className="check check--single" htmlFor={id}>
          <input type="checkbox" {...controlProps(id, field.help, error, required)} {...register(name)} />
          <span>
            {field.label}
            <RequiredMark required={required} />
          </span>
        </label>
      </FieldFrame>
    );
  }

  if (field.type === "multiselect") return <MultiChoice field={field} name={name} required={required} id={id} error={error} />;

  const registration = register(name);
  return (
    <FieldFrame id={id} field={field} required={required} error={error} group>
      <div className="checks__list" role="radiogroup" aria-describedby={describedBy(id, field.help, error)}>
        {field.options.map((option) => (
          <label key={option.value} className="check">
            <input type="radio" value={option.value} aria-invalid={error ? true : undefined} {...registration} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </FieldFrame>
  );
}

/** Checkboxes whose value is always the list of ticked options (even with one option). */
function MultiChoice({ field, name, required, id, error }: Props & { field: { type: "multiselect" }; id: string; error?: string }) {
  const { field: control } = useController<FormValues>({ name });
  const picked = Array.isArray(control.value) ? (control.value as string[]) : [];
  const toggle = (value: string, on: boolean) =>
    control.onChange(on ? field.options.map((o) => o.value).filter((v) => v === value || picked.includes(v)) : picked.filter((v) => v !== value));
  return (
    <FieldFrame id={id} field={field} required={required} error={error} group>
      <div className="checks__list" aria-describedby={describedBy(id, field.help, error)}>
        {field.options.map((option, index) => (
          <label key={option.value} className="check">
            <input
              type="checkbox"
              ref={index === 0 ? control.ref : undefined}
              checked={picked.includes(option.value)}
              onChange={(event) => toggle(option.value, event.target.checked)}
              onBlur={control.onBlur}
              aria-invalid={error ? true : undefined}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </FieldFrame>
  );
}
