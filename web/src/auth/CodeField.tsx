import { useId } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";

interface CodeFieldProps {
  registration: UseFormRegisterReturn;
  error?: { message?: string };
  /** Seconds before another code may be asked for (0: now). */
  left: number;
  sending: boolean;
  onSend: () => void;
}

/** The 6-digit code box with its 获取验证码 button, counting down 60 s after each code. */
export function CodeField({ registration, error, left, sending, onSend }: CodeFieldProps) {
  const id = useId();
  const label = sending ? "正在发送…" : left > 0 ? `${left}秒后可重新获取` : "获取验证码";
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>短信验证码</label>
      <div className="code-field">
        <input
          id={id}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          {...registration}
        />
        <button type="button" className="button" onClick={onSend} disabled={sending || left > 0} aria-live="polite">
          {label}
        </button>
      </div>
      {error?.message && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error.message}
        </p>
      )}
    </div>
  );
}
