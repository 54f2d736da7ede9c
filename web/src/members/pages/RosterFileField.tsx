import { useId } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";

/** The roll file picker: .xlsx or .csv, with its error (role="alert"). */
export function RosterFileField({ registration, error }: { registration: UseFormRegisterReturn; error?: { message?: string } }) {
  const id = useId();
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>花名册文件</label>
      <input
        id={id}
        type="file"
        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        {...registration}
      />
      <p className="field__hint" id={`${id}-hint`}>
        支持 .xlsx 或 .csv，最大 5 MB
      </p>
      {error?.message && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}
