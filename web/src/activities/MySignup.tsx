import { useRef, useState } from "react";
import { ApiError, newIdempotencyKey } from "../api";
import { ErrorMessage } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { activitiesApi, type Activity, type Signup } from "./api";
import { SignupPill } from "./bits";
import { CheckinQr } from "./CheckinQr";
import { ended } from "./time";

interface Props {
  activity: Activity;
  signup: Signup | null;
  /** Reads the activity and my sign-up again after a change. */
  onChanged: () => Promise<void>;
}

/** 我的报名: 报名 (or 候补), my status, my check-in QR code while confirmed, and 取消报名. */
export function MySignup({ activity, signup, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<ApiError | string>();
  const [flash, setFlash] = useState<string>();
  // One key per intended sign-up: a double tap or a retry after a timeout signs up once.
  const key = useRef(newIdempotencyKey());
  const active = signup && signup.status !== "cancelled" ? signup : null;
  const open = activity.status === "open" && !ended(activity);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setProblem(undefined);
    setFlash(undefined);
    try {
      setFlash(await action());
    } catch (error) {
      // Already signed up (another tab, a retry): show what the server has.
      if (error instanceof ApiError && error.code === "signup.exists") setFlash("您已报名该活动");
      else setProblem(error instanceof ApiError ? error : "出现了意外错误，请重试");
    }
    await onChanged().catch(() => undefined);
    setBusy(false);
    setConfirming(false);
  }

  const join = () =>
    run(async () => {
      const made = await activitiesApi.signUp(activity.activityId, key.current);
      key.current = newIdempotencyKey();
      return made.status === "confirmed" ? "报名成功！到场时请出示下方签到码。" : `名额已满，您已进入候补第${made.position ?? ""}位。`;
    });
  const leave = () =>
    run(async () => {
      await activitiesApi.cancel(activity.activityId);
      return "已取消报名。";
    });

  return (
    <section className="panel my-signup" aria-labelledby="my-signup">
      <h2 id="my-signup">我的报名</h2>
      {flash && (
        <p className="success" role="status">
          {flash}
        </p>
      )}
      <ErrorMessage error={problem} />
      {active ? (
        <p className="my-signup__state">
          <SignupPill signup={active} />
          <span className="muted">报名于 {formatDateTime(active.signedUpAt)}</span>
        </p>
      ) : (
        !open && <p className="muted">{activity.status === "cancelled" ? "活动已取消，报名已关闭。" : activity.status === "closed" ? "活动已结束，报名已关闭。" : "活动已结束，不能再报名。"}</p>
      )}

      {active?.status === "confirmed" && active.checkedInAt && <p className="muted">已于 {formatDateTime(active.checkedInAt)} 签到，感谢参加！</p>}
      {active?.status === "confirmed" && !active.checkedInAt && active.checkinToken && <CheckinQr token={active.checkinToken} />}
      {active?.status === "waitlisted" && <p className="muted">有人取消报名时按候补顺序自动递补，递补成功后这里会出现签到码。</p>}

      {open && !active && (
        <>
          {activity.placesLeft === 0 && <p className="muted">名额已满，现在报名将进入候补。</p>}
          <button type="button" className="button button--primary button--block" onClick={join} disabled={busy}>
            {busy ? "正在报名…" : activity.placesLeft === 0 ? "报名候补" : "报名"}
          </button>
        </>
      )}

      {open && active && !active.checkedInAt && !confirming && (
        <button type="button" className="button button--danger button--block" onClick={() => setConfirming(true)} disabled={busy}>
          {active.status === "waitlisted" ? "取消候补" : "取消报名"}
        </button>
      )}
      {confirming && (
        <div className="confirm" role="group" aria-label="确认取消报名">
          <p>{active?.status === "confirmed" ? "确定取消报名吗？名额将让给候补的人。" : "确定退出候补吗？"}</p>
          <div className="actions">
            <button type="button" className="button button--danger" onClick={leave} disabled={busy}>
              {busy ? "正在取消…" : "确定取消"}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
              不取消
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
