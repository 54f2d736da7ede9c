import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { activitiesApi, type Checkin } from "../api";
import { beep, primeAudio } from "../feedback";
import { Scanner } from "../Scanner";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime, formatTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import "../activities.css";
import "../checkin.css";

type Result = { kind: "ok" | "warn" | "bad"; text: string };

/** What a refused check-in says, with the server's ISO times made readable. */
function refusal(error: unknown): Result {
  if (!(error instanceof ApiError)) return { kind: "bad", text: "签到失败，请重试" };
  const text = error.title.replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, (iso) => formatDateTime(iso));
  if (error.code === "checkin.duplicate") return { kind: "warn", text: `重复签到：${text}` };
  if (error.status === 404 && error.code === "checkin.token_invalid") return { kind: "bad", text: "签到码无效：不是本活动的签到码，或该报名已取消" };
  return { kind: "bad", text };
}

/** 签到扫码 (/activities/:activityId/checkin): scan members' QR codes, or type a code; recent check-ins below. */
export default function CheckinPage() {
  const { activityId = "" } = useParams();
  const client = useQueryClient();
  const loaded = useQuery({
    queryKey: [...keys.activities.one(activityId), "checkin"],
    queryFn: async ({ signal }) => {
      const detail = await activitiesApi.activity(activityId, signal);
      const list = detail.canManage ? await activitiesApi.signups(activityId, signal) : undefined;
      return { detail, list };
    },
  });
  const [recent, setRecent] = useState<Checkin[]>([]);
  const [result, setResult] = useState<Result>();
  const [flash, setFlash] = useState<"ok" | "bad">();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const last = useRef<{ token: string; at: number } | null>(null);
  /** Codes already checked in here: the camera skips them while they stay in view. */
  const settled = useRef(new Set<string>());
  const flashTimer = useRef<number>(undefined);
  useTitle(loaded.data ? `签到 · ${loaded.data.detail.activity.title}` : "签到扫码");

  async function submit(raw: string, fromCamera: boolean): Promise<boolean> {
    const token = raw.replace(/\s+/g, "");
    if (!token || busy) return false;
    // The camera sees the same code many times a second: one try per code every few seconds.
    if (fromCamera && (settled.current.has(token) || (last.current?.token === token && Date.now() - last.current.at < 4000))) return false;
    last.current = { token, at: Date.now() };
    setBusy(true);
    let outcome: Result;
    try {
      const done = await activitiesApi.checkIn(activityId, token);
      setRecent((all) => [done, ...all.filter((r) => r.accountId !== done.accountId)]);
      void client.invalidateQueries({ queryKey: keys.activities.one(activityId) });
      outcome = { kind: "ok", text: `签到成功：${done.name}（${formatTime(done.checkedInAt)}）` };
    } catch (error) {
      outcome = refusal(error);
    }
    if (outcome.kind !== "bad") settled.current.add(token);
    setResult(outcome);
    beep(outcome.kind === "ok");
    setFlash(outcome.kind === "ok" ? "ok" : "bad");
    window.clearTimeout(flashTimer.current);
    flashTimer.current = window.setTimeout(() => setFlash(undefined), 700);
    setBusy(false);
    return outcome.kind === "ok";
  }

  async function typed(event: FormEvent) {
    event.preventDefault();
    primeAudio();
    if (!code.trim()) return setResult({ kind: "bad", text: "请输入签到码" });
    if (await submit(code, false)) setCode("");
  }

  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { detail, list } = loaded.data;
  const { activity } = detail;
  const earlier = (list?.items ?? []).filter((s) => s.checkedInAt && !recent.some((r) => r.accountId === s.accountId));
  const all = [...recent, ...earlier.map((s) => ({ accountId: s.accountId, name: s.name, checkedInAt: s.checkedInAt! })).sort((a, b) => b.checkedInAt.localeCompare(a.checkedInAt))];
  const confirmed = list?.counts.confirmed ?? activity.confirmed;

  return (
    <div className="checkin">
      <nav className="crumbs" aria-label="位置">
        <ol>
          <li>
            <Link to={`/activities/${activity.activityId}`}>{activity.title}</Link>
          </li>
          <li aria-current="page">签到扫码</li>
        </ol>
      </nav>
      <header className="page-head">
        <h1>签到扫码</h1>
        {detail.canManage && (
          <p className="page-head__meta muted">
            已签到 {all.length} / 已报名 {confirmed} 人
          </p>
        )}
      </header>
      {!detail.canManage ? (
        <p className="alert" role="alert">
          只有活动组织者或本单位管理员可以签到。
        </p>
      ) : activity.status !== "open" ? (
        <p className="notice">活动已提交总结，签到已关闭。</p>
      ) : (
        <>
          <Scanner onCode={(text) => void submit(text, true)} flash={flash} />
          {/* Between the camera and the code box: in view whichever way the code came. */}
          {result && (
            <p className={`checkin__result checkin__result--${result.kind}`} role={result.kind === "ok" ? "status" : "alert"}>
              {result.text}
            </p>
          )}
          <form className="form checkin__manual" onSubmit={typed} noValidate>
            <div className="field">
              <label htmlFor="checkin-code">输入签到码</label>
              <input id="checkin-code" value={code} onChange={(event) => setCode(event.target.value)} autoComplete="off" autoCapitalize="off" spellCheck={false} placeholder="会员二维码下方的签到码" />
              <p className="field__hint">无法扫码时，输入会员手机上显示的签到码（空格可省略）。</p>
            </div>
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? "正在签到…" : "签到"}
            </button>
          </form>
        </>
      )}
      {detail.canManage && <h2>已签到（{all.length}）</h2>}
      {!detail.canManage ? null : all.length === 0 ? (
        <p className="empty muted">还没有人签到。</p>
      ) : (
        <ol className="signup-rows checkin__recent" aria-label="最近签到">
          {all.map((person) => (
            <li key={person.accountId} className="signup-row">
              <span className="signup-row__name">{person.name}</span>
              <span className="signup-row__when muted">{formatTime(person.checkedInAt)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
