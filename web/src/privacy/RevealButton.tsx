import { useState } from "react";
import { ApiError, REVEAL_REASONS, type RevealReason } from "../api";

interface RevealButtonProps {
  /** Unique within the page (ids of the controls). */
  id: string;
  /** Spoken name of the button, e.g. "查看完整 陈思远". */
  label: string;
  reveal: (reason: RevealReason) => Promise<void>;
}

/**
 * 查看完整: pick why from the short list, then ask the server for the full values. The server
 * decides who may (the org's admins) and logs each look in 个人信息访问记录.
 */
export function RevealButton({ id, label, reveal }: RevealButtonProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<RevealReason | "">("");
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" className="button button--small" onClick={() => setOpen(true)} aria-label={label}>
        查看完整
      </button>
    );
  }

  async function confirm() {
    if (!reason) {
      setProblem("请选择查看原因");
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await reveal(reason);
      setOpen(false);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "查看失败，请稍后再试");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="reveal">
      <label htmlFor={id}>查看原因</label>
      <select id={id} value={reason} onChange={(event) => setReason(event.target.value as RevealReason | "")} aria-describedby={problem ? `${id}-error` : undefined}>
        <option value="">请选择</option>
        {Object.entries(REVEAL_REASONS).map(([code, text]) => (
          <option key={code} value={code}>
            {text}
          </option>
        ))}
      </select>
      <button type="button" className="button button--small" onClick={() => void confirm()} disabled={busy}>
        确认查看
      </button>
      <p className="muted">查看将记入个人信息访问记录。</p>
      {problem && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
