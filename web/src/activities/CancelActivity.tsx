import { useState, type FormEvent } from "react";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { activitiesApi, type Activity } from "./api";

/**
 * 取消活动: the organizer or an admin calls the activity off with a reason. Sign-ups close and
 * every signed-up member gets a message; it cannot be undone, so it asks first.
 */
export function CancelActivity({ activity, onCancelled }: { activity: Activity; onCancelled: (next: Activity) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<ApiError | string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    if (!reason.trim()) {
      setProblem("请填写取消原因");
      return;
    }
    setBusy(true);
    try {
      onCancelled(await activitiesApi.cancelActivity(activity.activityId, reason.trim()));
    } catch (error) {
      setProblem(error instanceof ApiError ? (error.errors.reason?.[0] ?? error) : "取消失败，请稍后再试");
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" className="button button--danger" onClick={() => setOpen(true)}>
        取消活动
      </button>
    );
  }
  return (
    <form className="form" onSubmit={(event) => void submit(event)} noValidate>
      <ErrorMessage error={problem} />
      <label className="field">
        <span className="field__label">取消原因</span>
        <textarea value={reason} onChange={(event) => setReason(event.target.value)} maxLength={200} rows={3} required />
      </label>
      <p className="muted">取消后不能再报名，已报名的{activity.confirmed + activity.waitlisted}人会收到取消通知。此操作不能撤销。</p>
      <div className="actions">
        <button type="submit" className="button button--danger" disabled={busy}>
          {busy ? "正在取消…" : "确认取消活动"}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          返回
        </button>
      </div>
    </form>
  );
}
