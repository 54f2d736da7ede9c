import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";

/** A react-hook-form error (or anything with a message). */
type FieldError = { message?: string };

interface FieldShellProps {
  id: string;
  label: string;
  hint?: string;
  optional?: boolean;
  error?: FieldError;
  children: ReactNode;
}

/** A label, the control, an optional hint and the field's error (role="alert"). */
function FieldShell({ id, label, hint, optional, error, children }: FieldShellProps) {
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="field__optional">（选填）</span>}
      </label>
      {children}
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error?.message && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string, hint?: string, error?: FieldError) =>
  [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

type TextFieldProps = Omit<FieldShellProps, "id" | "children"> & {
  registration: UseFormRegisterReturn;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name">;

export function TextField({ label, hint, optional, error, registration, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} optional={optional} error={error}>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} {...registration} />
    </FieldShell>
  );
}

type SelectFieldProps = Omit<FieldShellProps, "id" | "children"> & {
  registration: UseFormRegisterReturn;
  options: ReadonlyArray<{ value: string; label: string }>;
  placeholder?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name">;

export function SelectField({ label, hint, optional, error, registration, options, placeholder, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} optional={optional} error={error}>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select} {...registration}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

interface CheckboxGroupProps {
  legend: string;
  registration: UseFormRegisterReturn;
  options: ReadonlyArray<{ value: string; label: string }>;
  error?: FieldError;
}

/** Several checkboxes sharing one field name (an array value), grouped in a fieldset. */
export function CheckboxGroup({ legend, registration, options, error }: CheckboxGroupProps) {
  const id = useId();
  return (
    <fieldset className={error ? "field checks field--invalid" : "field checks"} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="checks__list">
        {options.map((option) => (
          <label key={option.value} className="check">
            <input type="checkbox" value={option.value} {...registration} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {error?.message && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error.message}
        </p>
      )}
    </fieldset>
  );
}
