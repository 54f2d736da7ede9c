import { useEffect, useState } from "react";
import { passwordProblem } from "@tongxin/core/auth/password-strength";

export const SCORE_LABELS = ["很弱", "弱", "一般", "强", "很强"] as const;
/** The web form asks for at least 一般 (2): the server's rule is a floor, the meter a nudge above it. */
export const MIN_SCORE = 2;

type Score = 0 | 1 | 2 | 3 | 4;

/**
 * The strength meter under a new-password field: the server's rule first (its message), then
 * zxcvbn-ts's score, loaded when the person starts typing. Reports the score so the form can ask
 * for a stronger one.
 */
export function PasswordStrength({ password, userInputs, onScore }: { password: string; userInputs: string[]; onScore?: (score: Score | undefined) => void }) {
  const [score, setScore] = useState<Score>();
  const inputs = userInputs.join("\u0000");
  useEffect(() => {
    if (!password) {
      setScore(undefined);
      onScore?.(undefined);
      return;
    }
    let current = true;
    void import("./strength").then(({ passwordScore }) => {
      if (!current) return;
      const next = passwordScore(password, inputs.split("\u0000"));
      setScore(next);
      onScore?.(next);
    });
    return () => {
      current = false;
    };
  }, [password, inputs, onScore]);

  if (!password) return null;
  const rule = passwordProblem(password, {});
  return (
    <div className="strength" aria-live="polite">
      <meter className="strength__meter" min={0} max={4} low={2} high={3} optimum={4} value={rule ? 0 : (score ?? 0)} aria-label="密码强度" />
      <span className={`strength__label strength__label--${rule || (score ?? 0) < MIN_SCORE ? "weak" : "ok"}`}>
        密码强度：{rule ? SCORE_LABELS[0] : score === undefined ? "计算中…" : SCORE_LABELS[score]}
      </span>
    </div>
  );
}
