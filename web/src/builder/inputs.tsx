import { useId, type InputHTMLAttributes, type ReactNode } from "react";

interface BoxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value" | "id"> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  multiline?: boolean;
}

/** A labelled text box for the builder, with its hint and error (role="alert"). */
export function TextBox({ label, value, onChange, error, hint, multiline, className, ...input }: BoxProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const common = { id, value, "aria-invalid": error ? true : undefined, "aria-describedby": described };
  return (
    <div className={["field", error ? "field--invalid" : "", className ?? ""].filter(Boolean).join(" ")}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={2} {...common} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input type="text" {...input} {...common} onChange={(event) => onChange(event.target.value)} />
      )}
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A single tick box with its label beside it. */
export function TickBox({ label, checked, onChange, error }: { label: string; checked: boolean; onChange: (checked: boolean) => void; error?: string }) {
  const id = useId();
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label className="check check--single" htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={error ? `${id}-error` : undefined} />
        <span>{label}</span>
      </label>
      {error && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Just the message, for an error without its own input (role="alert"). */
export function FieldProblem({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p className="field__error" role="alert">
      {message}
    </p>
  );
}
