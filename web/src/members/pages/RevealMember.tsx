import { useState } from "react";
import { api, ApiError, REVEAL_REASONS, type Member, type RevealReason } from "../../api";

interface RevealMemberProps {
  member: Member;
  onRevealed: (member: Member) => void;
}

/**
 * 查看完整 for one member (admins): pick why from the short list, then the full phone, e-mail and
 * 身份证号 replace the masked ones in this row. The server logs each look in 个人信息访问记录.
 */
export function RevealMember({ member, onRevealed }: RevealMemberProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<RevealReason | "">("");
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = `reveal-${member.accountId}`;

  if (!open) {
    return (
      <button type="button" className="button button--small" onClick={() => setOpen(true)} aria-label={`查看完整 ${member.name}`}>
        查看完整
      </button>
    );
  }

  async function reveal() {
    if (!reason) {
      setProblem("请选择查看原因");
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      onRevealed(await api.revealMember(member.orgId, member.accountId, reason));
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
        {Object.entries(REVEAL_REASONS).map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </select>
      <button type="button" className="button button--small" onClick={() => void reveal()} disabled={busy}>
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
