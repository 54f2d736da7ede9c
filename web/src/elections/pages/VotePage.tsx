import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError, newIdempotencyKey } from "../../api";
import { ElderOffer } from "../../elder/ElderSwitch";
import { useTitle } from "../../lib/useTitle";
import { voteApi, type CastResult, type Election, type Standing } from "../api";
import { codeFromFragment, emptyDraft, stash, toChoices, type Draft } from "../ballot";
import { BallotForm } from "../BallotForm";
import { BallotReview } from "../BallotReview";
import { castProblem, type CastProblem } from "../castErrors";
import { VoteNotice } from "../VoteNotice";
import { VoteReceipt } from "../VoteReceipt";
import "../vote.css";

type Loaded = { election: Election; me?: Standing } | { signIn: true } | { error: ApiError };

/** The code from `#code=…` moves to this tab's session storage and leaves the address bar (no screenshot or shared link carries it). */
function takeCode(electionId: string): string | undefined {
  const name = `tongxin-vote-code:${electionId}`;
  const fromUrl = codeFromFragment(window.location.hash);
  if (fromUrl) {
    stash.set(name, fromUrl);
    window.history.replaceState(window.history.state, "", window.location.pathname);
  }
  return fromUrl ?? stash.get(name);
}

/** One Idempotency-Key per ballot, kept for the tab: a retry (even after a reload) is recognised, never a second vote. */
function ballotKey(electionId: string): string {
  const name = `tongxin-vote-key:${electionId}`;
  const existing = stash.get(name);
  if (existing) return existing;
  const created = newIdempotencyKey();
  stash.set(name, created);
  return created;
}

/** 投票 (/elections/:id/vote): a phone ballot for a signed-in member or the holder of a voting code. */
export default function VotePage() {
  const { electionId = "" } = useParams();
  const navigate = useNavigate();
  const [code] = useState(() => takeCode(electionId));
  const [key] = useState(() => ballotKey(electionId));
  const [loaded, setLoaded] = useState<Loaded>();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [stage, setStage] = useState<"ballot" | "review" | "receipt">("ballot");
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<CastProblem>();
  const [result, setResult] = useState<CastResult>();
  const [reload, setReload] = useState(0);
  useTitle(loaded && "election" in loaded ? `投票 · ${loaded.election.title}` : "投票");

  useEffect(() => {
    let live = true;
    (async (): Promise<Loaded> => {
      try {
        return await voteApi.view(electionId);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        if (!code) {
          navigate(`/login?next=${encodeURIComponent(`/elections/${electionId}/vote`)}`, { replace: true });
          return { signIn: true };
        }
        try {
          return await voteApi.paper(electionId, code);
        } catch (paperError) {
          // No session and no ballot paper by code (route missing): the code is kept for after signing in.
          if (paperError instanceof ApiError && paperError.status === 404 && !paperError.code.startsWith("election.")) return { signIn: true };
          throw paperError;
        }
      }
    })().then(
      (value) => live && setLoaded(value),
      (error: unknown) => live && setLoaded({ error: error instanceof ApiError ? error : new ApiError(0, "client.error", "页面加载失败，请刷新重试") }),
    );
    return () => {
      live = false;
    };
  }, [electionId, code, navigate, reload]);

  async function cast() {
    if (!loaded || !("election" in loaded)) return;
    setSending(true);
    setProblem(undefined);
    try {
      const done = await voteApi.cast(electionId, toChoices(loaded.election.config, draft), key, code);
      setResult(done);
      setStage("receipt");
      stash.remove(`tongxin-vote-code:${electionId}`);
      window.scrollTo(0, 0);
    } catch (error) {
      setProblem(castProblem(error, !!code));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="vote-shell">
      <header className="topbar">
        <span className="topbar__brand">同心</span>
        <span className="vote-shell__tag">{code ? "投票码投票" : "会员投票"}</span>
      </header>
      <main className="page vote-page">
        {!loaded && <p className="loading">加载中…</p>}
        {loaded && "error" in loaded && (
          <p className="alert" role="alert">
            {loaded.error.code === "election.code_invalid" ? "投票码无效或已作废，请核对投票卡，或向工作人员领取新的投票码。" : loaded.error.title}
          </p>
        )}
        {loaded && "signIn" in loaded && code && (
          <div className="notice">
            <p>已读取您的投票码。请先登录，登录后将回到本页继续投票（投票码仍然有效）。</p>
            <Link className="button button--primary" to={`/login?next=${encodeURIComponent(`/elections/${electionId}/vote`)}`}>
              登录
            </Link>
          </div>
        )}
        {loaded && "election" in loaded && (
          <>
            <header className="page-head">
              <h1>{loaded.election.title}</h1>
              <p className="page-head__meta">
                <span className={`pill pill--${loaded.election.status}`}>{loaded.election.statusLabel}</span>
                {loaded.election.round > 1 && <span className="muted">第{loaded.election.round}轮</span>}
              </p>
            </header>
            {stage === "ballot" && <ElderOffer signedIn={!code} />}
            {stage === "receipt" && result ? (
              <VoteReceipt electionId={electionId} result={result} />
            ) : (
              <VoteNotice election={loaded.election} me={loaded.me} byCode={!!code} onRefresh={() => setReload((n) => n + 1)}>
                {stage === "ballot" ? (
                  <>
                    <p className="notice">本次投票为无记名投票：选票上不记录您的姓名，任何人都无法查出您投了谁。</p>
                    <BallotForm config={loaded.election.config} draft={draft} onChange={setDraft} onNext={() => (setStage("review"), window.scrollTo(0, 0))} />
                  </>
                ) : (
                  <section aria-labelledby="review-title">
                    <h2 id="review-title">请核对您的选票</h2>
                    <p className="muted">提交后不能更改。确认无误请点“确认投票”。</p>
                    <BallotReview config={loaded.election.config} draft={draft} />
                    {problem && (
                      <div className="alert" role="alert">
                        <strong>{problem.heading}</strong>
                        <p>{problem.detail}</p>
                      </div>
                    )}
                    <div className="ballot-bar ballot-bar--two">
                      <button type="button" className="button" onClick={() => (setStage("ballot"), setProblem(undefined))} disabled={sending}>
                        返回修改
                      </button>
                      <button type="button" className="button button--primary" onClick={cast} disabled={sending || (problem && !problem.retry)}>
                        {sending ? "正在提交…" : problem?.retry ? "重新提交" : "确认投票"}
                      </button>
                    </div>
                  </section>
                )}
              </VoteNotice>
            )}
          </>
        )}
      </main>
    </div>
  );
}
