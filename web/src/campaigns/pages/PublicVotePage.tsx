import { useEffect, useId, useState, type FormEvent } from "react";
import { useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { useTitle } from "../../lib/useTitle";
import { voteApi, type PublicVotePage as Page } from "../api";
import "../public.css";

type Voter = { pass: string; phone: string; remaining: number };

/**
 * 网络投票 (/public/campaigns/:id/vote), no session: the entries (title and summary), a phone
 * proven by an SMS code, then today's picks. Plain form controls and fetch only, so it works in
 * WeChat's in-app browser and on a 375 px phone.
 */
export default function PublicVotePage() {
  const { campaignId = "" } = useParams();
  const [page, setPage] = useState<Page>();
  const [error, setError] = useState<ApiError | string>();
  const [voter, setVoter] = useState<Voter>();
  const [picked, setPicked] = useState<string[]>([]);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string }>();
  const [busy, setBusy] = useState(false);
  useTitle(page ? `网络投票 · ${page.title}` : "网络投票");

  const [reloads, setReloads] = useState(0);
  const load = () => setReloads((n) => n + 1);
  useEffect(() => {
    let live = true;
    voteApi.page(campaignId).then(
      (next) => live && setPage(next),
      (failure: unknown) => live && setError(failure instanceof ApiError && failure.status === 404 ? "该评选没有网络投票" : failure instanceof ApiError ? failure : "加载失败，请刷新重试"),
    );
    return () => {
      live = false;
    };
  }, [campaignId, reloads]);

  if (error) return <main className="public"><ErrorMessage error={error} /></main>;
  if (!page) return <main className="public"><Loading /></main>;

  const toggle = (entryId: string) => setPicked((current) => (current.includes(entryId) ? current.filter((id) => id !== entryId) : [...current, entryId]));
  const room = voter ? voter.remaining : page.picksPerDay;

  async function cast(event: FormEvent) {
    event.preventDefault();
    if (!voter || picked.length === 0) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const done = await voteApi.cast(campaignId, voter.pass, picked);
      setVoter({ ...voter, remaining: done.remaining });
      setPicked([]);
      setMessage({ kind: "ok", text: `投票成功，已投${done.accepted}票。今天还可投${done.remaining}票。` });
      if (page?.showCounts) load();
    } catch (failure) {
      setMessage({ kind: "error", text: failure instanceof ApiError ? (Object.values(failure.errors)[0]?.[0] ?? failure.title) : "投票失败，请重试" });
      if (failure instanceof ApiError && failure.code === "campaign.vote_limit" && failure.title.includes("手机号")) setVoter({ ...voter, remaining: 0 });
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="public public--vote">
      <header className="public__head">
        <p className="public__issuer">{page.orgName}</p>
        <h1>{page.title}·网络投票</h1>
        <p className="public__status">
          投票时间：{formatDateTime(page.opensAt)} 至 {formatDateTime(page.closesAt)}。每个手机号每天可投{page.picksPerDay}票，同一案例每天限投1票。
        </p>
      </header>
      {page.state !== "open" && <p className="notice notice--warn">{page.state === "before" ? "投票尚未开始" : "投票已经截止"}</p>}
      {page.state === "open" && !voter && <PhoneCheck campaignId={campaignId} onVerified={setVoter} />}
      {voter && voter.remaining === 0 && (
        <p className="notice notice--warn" data-testid="limit">
          该手机号今天的{page.picksPerDay}票已投完，请明天再来
        </p>
      )}
      {voter && (
        <p className="public__voter" data-testid="voter">
          已验证手机号 {voter.phone}，今天还可投 <strong>{voter.remaining}</strong> 票
        </p>
      )}
      <form onSubmit={cast}>
        <ol className="public__entries">
          {page.entries.map((entry) => (
            <li key={entry.entryId} className="public__entry" data-testid="vote-entry">
              <label className="vote__pick">
                <input
                  type="checkbox"
                  checked={picked.includes(entry.entryId)}
                  disabled={!voter || (!picked.includes(entry.entryId) && picked.length >= room)}
                  onChange={() => toggle(entry.entryId)}
                />
                <span className="vote__title">{entry.title}</span>
              </label>
              <p className="public__summary">{entry.summary}</p>
              {entry.votes !== undefined && <p className="vote__count">{entry.votes}票</p>}
            </li>
          ))}
        </ol>
        {message && (
          <p className={message.kind === "ok" ? "notice" : "notice notice--warn"} role={message.kind === "ok" ? "status" : "alert"}>
            {message.text}
          </p>
        )}
        {voter && (
          <button type="submit" className="button button--primary vote__submit" disabled={busy || picked.length === 0}>
            {busy ? "正在投票…" : `投票（已选${picked.length}项）`}
          </button>
        )}
      </form>
    </main>
  );
}

function PhoneCheck({ campaignId, onVerified }: { campaignId: string; onVerified: (voter: Voter) => void }) {
  const phoneId = useId();
  const codeId = useId();
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function send() {
    setBusy(true);
    setProblem(undefined);
    try {
      await voteApi.sendCode(campaignId, phone.trim());
      setSent(true);
    } catch (failure) {
      setProblem(failure instanceof ApiError ? (failure.errors.phone?.[0] ?? failure.title) : "发送失败，请重试");
    } finally {
      setBusy(false);
    }
  }

  async function verify(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const verified = await voteApi.verify(campaignId, phone.trim(), code.trim());
      onVerified({ pass: verified.pass, phone: verified.phone, remaining: verified.remaining });
    } catch (failure) {
      setProblem(failure instanceof ApiError ? (failure.errors.code?.[0] ?? failure.title) : "验证失败，请重试");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="vote__check" onSubmit={verify}>
      <h2>验证手机号后投票</h2>
      <label htmlFor={phoneId}>手机号</label>
      <input id={phoneId} type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} value={phone} onChange={(e) => setPhone(e.target.value)} />
      <button type="button" className="button" disabled={busy || phone.trim().length !== 11} onClick={() => void send()}>
        {sent ? "重新获取验证码" : "获取验证码"}
      </button>
      {sent && (
        <>
          <label htmlFor={codeId}>短信验证码</label>
          <input id={codeId} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="submit" className="button button--primary" disabled={busy || code.trim().length !== 6}>
            验证
          </button>
        </>
      )}
      {problem && (
        <p className="notice notice--warn" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
