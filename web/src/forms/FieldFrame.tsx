import type { ReactNode } from "react";
import { get, useFormState } from "react-hook-form";
import type { FormValues } from "@tongxin/core/forms";

/** What every rendered field shows around its control. */
export interface FrameField {
  label: string;
  help?: string;
}

interface FieldFrameProps {
  id: string;
  field: FrameField;
  required: boolean;
  error?: string;
  /** A fieldset with a legend (radio, multiselect, files, rows) instead of a label for one control. */
  group?: boolean;
  /** The label is drawn by the control itself (a single checkbox). */
  bare?: boolean;
  className?: string;
  children: ReactNode;
}

/** "*" (with a spoken 必填) beside the label of a field that must be filled in. */
export function RequiredMark({ required }: { required: boolean }) {
  if (!required) return null;
  return (
    <span className="field__required" aria-label="必填">
      *
    </span>
  );
}

/** The label (or legend), the control, the help text and the field's error (role="alert"). */
export function FieldFrame({ id, field, required, error, group, bare, className, children }: FieldFrameProps) {
  const classes = ["field", group ? "checks" : "", error ? "field--invalid" : "", className ?? ""].filter(Boolean).join(" ");
  const help = field.help ? (
    <p className="field__hint" id={`${id}-help`}>
      {field.help}
    </p>
  ) : null;
  const problem = error ? (
    <p className="field__error" id={`${id}-error`} role="alert">
      {error}
    </p>
  ) : null;
  if (group) {
    return (
      <fieldset className={classes} aria-describedby={describedBy(id, field.help, error)}>
        <legend>
          {field.label}
          <RequiredMark required={required} />
        </legend>
        {help}
        {children}
        {problem}
      </fieldset>
    );
  }
  return (
    <div className={classes}>
      {!bare && (
        <label htmlFor={id}>
          {field.label}
          <RequiredMark required={required} />
        </label>
      )}
      {children}
      {help}
      {problem}
    </div>
  );
}

/** The ids of the help text and error that describe a control. */
export const describedBy = (id: string, help: string | undefined, error: string | undefined): string | undefined =>
  [help ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

/** Attributes for the control itself: described by its help and error, marked invalid. */
export const controlProps = (id: string, help: string | undefined, error: string | undefined, required: boolean) => ({
  id,
  "aria-invalid": error ? true : undefined,
  "aria-required": required || undefined,
  "aria-describedby": describedBy(id, help, error),
});

/**
 * The error message for one field path (`name`, or `group.0.sub`); a repeating group's own
 * error sits at `root`.
 */
export function useFieldError(name: string): string | undefined {
  const { errors } = useFormState<FormValues>({ name });
  const error = get(errors, name) as { message?: string; root?: { message?: string } } | undefined;
  return error?.message || error?.root?.message || undefined;
}
