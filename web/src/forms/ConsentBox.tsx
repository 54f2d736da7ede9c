import type { PrivacyNotice } from "../api";

export interface ConsentState {
  notice: boolean;
  sensitive: boolean;
}

interface ConsentBoxProps {
  notice: PrivacyNotice;
  value: ConsentState;
  errors: { notice?: string; sensitive?: string };
  onChange: (value: ConsentState) => void;
}

/**
 * 个人信息收集告知 above the submit button: the text, a box to accept it, and — when the form has
 * sensitive fields — a separate box (单独同意) naming them. The server checks the same (forms/consent.ts).
 */
export function ConsentBox({ notice, value, errors, onChange }: ConsentBoxProps) {
  const sensitive = notice.fields.filter((field) => field.level === "sensitive").map((field) => field.label);
  return (
    <section className="consent" aria-labelledby="consent-title">
      <h2 id="consent-title">个人信息收集告知</h2>
      <div className="consent__text" id="consent-text">
        {notice.text.split("\n").map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      <div className={errors.notice ? "field field--invalid" : "field"}>
        <label className="check check--single" htmlFor="consent-notice">
          <input
            id="consent-notice"
            type="checkbox"
            checked={value.notice}
            aria-describedby={errors.notice ? "consent-text consent-notice-error" : "consent-text"}
            aria-invalid={errors.notice ? true : undefined}
            onChange={(event) => onChange({ ...value, notice: event.target.checked })}
          />
          <span>我已阅读并同意上述个人信息收集告知</span>
        </label>
        {errors.notice && (
          <p className="field__error" id="consent-notice-error" role="alert">
            {errors.notice}
          </p>
        )}
      </div>
      {notice.sensitive && (
        <div className={errors.sensitive ? "field field--invalid" : "field"}>
          <label className="check check--single" htmlFor="consent-sensitive">
            <input
              id="consent-sensitive"
              type="checkbox"
              checked={value.sensitive}
              aria-describedby={errors.sensitive ? "consent-sensitive-error" : undefined}
              aria-invalid={errors.sensitive ? true : undefined}
              onChange={(event) => onChange({ ...value, sensitive: event.target.checked })}
            />
            <span>我单独同意处理我的敏感个人信息（{sensitive.join("、")}）</span>
          </label>
          {errors.sensitive && (
            <p className="field__error" id="consent-sensitive-error" role="alert">
              {errors.sensitive}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
