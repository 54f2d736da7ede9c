import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api";
import { ErrorMessage, Loading, Success } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { keys } from "../lib/queryKeys";
import { campaignsApi, type Campaign, type Objection } from "./api";
import { Dialog } from "./Dialog";

/** 公示与异议: the notice period, every objection (open ones first) and the 处理 dialog. */
export function ObjectionsTab({ campaign, onChange }: { campaign: Campaign; onChange: (next: Campaign) => void }) {
  const list = useQuery({ queryKey: keys.campaigns.objections(campaign.campaignId), queryFn: ({ signal }) => campaignsApi.objections(campaign.campaignId, signal) });
  const [resolving, setResolving] = useState<Objection>();
  const [done, setDone] = useState<string>();

  const notice =
    campaign.status === "notice" ? (
      <p className="notice">
        公示中，公示期至 {formatDateTime(campaign.noticeEndsAt)}。<Link to={`/public/campaigns/${campaign.campaignId}`}>查看公示页面</Link>
      </p>
    ) : campaign.status === "published" ? (
      <p className="muted">评选结果已发布。</p>
    ) : (
      <p className="muted">确认获奖名单后进入公示，公示期内登录用户可以对拟获奖案例提出异议。</p>
    );

  if (list.isPending && !list.data) return <Loading />;
  if (!list.data) return <ErrorMessage error={list.error} />;
  const items = [...list.data.items].sort((a, b) => (a.status === b.status ? b.createdAt.localeCompare(a.createdAt) : a.status === "open" ? -1 : 1));

  return (
    <>
      {notice}
      {done && <Success>{done}</Success>}
      {items.length === 0 ? (
        <p className="empty muted">暂无异议。</p>
      ) : (
        <ul className="cards" aria-label="异议">
          {items.map((objection) => (
            <li key={objection.objectionId} className="card objection">
              <p className="card__meta">
                <span className={objection.status === "open" ? "status status--returned" : "status status--approved"}>{objection.status === "open" ? "待处理" : objection.upheld ? "异议成立" : "异议不成立"}</span>
                <span className="muted">
                  {objection.filerName} · {formatDateTime(objection.createdAt)}
                </span>
              </p>
              <p className="objection__entry">针对：{objection.entryTitle ?? "评选整体"}</p>
              <p className="objection__reasons">{objection.reasons}</p>
              {objection.answer && (
                <p className="objection__answer">
                  <strong>处理意见：</strong>
                  {objection.answer}
                  <span className="muted">
                    （{objection.resolverName ?? ""} {formatDateTime(objection.resolvedAt)}）
                  </span>
                </p>
              )}
              {objection.status === "open" && (
                <button type="button" className="button button--primary button--small" onClick={() => setResolving(objection)}>
                  处理异议
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {resolving && (
        <ResolveDialog
          campaign={campaign}
          objection={resolving}
          onClose={() => setResolving(undefined)}
          onDone={async () => {
            setResolving(undefined);
            setDone("异议已处理，处理意见已记录");
            void list.refetch();
            onChange(await campaignsApi.get(campaign.campaignId));
          }}
        />
      )}
    </>
  );
}

function ResolveDialog({ campaign, objection, onClose, onDone }: { campaign: Campaign; objection: Objection; onClose: () => void; onDone: () => void }) {
  const answerId = useId();
  const [answer, setAnswer] = useState("");
  const [upheld, setUpheld] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [answerError, setAnswerError] = useState<string>();

  async function submit() {
    const missing = !answer.trim() ? "请填写处理意见" : undefined;
    setAnswerError(missing);
    if (missing) return;
    if (upheld === undefined) return setProblem("请选择异议是否成立");
    setBusy(true);
    setProblem(undefined);
    try {
      await campaignsApi.resolveObjection(campaign.campaignId, objection.objectionId, { answer: answer.trim(), upheld });
      onDone();
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.errors.answer?.[0]) setAnswerError(error.errors.answer[0]);
      else setProblem(error instanceof ApiError ? error.title : "处理失败，请重试");
    }
  }

  return (
    <Dialog title="处理异议" subject={objection.entryTitle ?? campaign.title} confirm="记录处理意见" busy={busy} problem={problem} onSubmit={submit} onClose={onClose}>
      <blockquote className="objection__reasons">{objection.reasons}</blockquote>
      <fieldset className="checks">
        <legend>异议是否成立</legend>
        <div className="checks__list">
          <label className="check">
            <input type="radio" name="upheld" checked={upheld === false} onChange={() => setUpheld(false)} />
            不成立
          </label>
          <label className="check">
            <input type="radio" name="upheld" checked={upheld === true} onChange={() => setUpheld(true)} />
            成立
          </label>
        </div>
      </fieldset>
      {upheld && <p className="notice notice--warn">异议成立时，请在“排名”中修改获奖名单（将重新公示）。</p>}
      <div className={answerError ? "field field--invalid" : "field"}>
        <label htmlFor={answerId}>处理意见</label>
        <textarea id={answerId} rows={4} maxLength={2000} value={answer} onChange={(event) => setAnswer(event.target.value)} aria-invalid={answerError ? true : undefined} />
        {answerError && (
          <p className="field__error" role="alert">
            {answerError}
          </p>
        )}
      </div>
    </Dialog>
  );
}
