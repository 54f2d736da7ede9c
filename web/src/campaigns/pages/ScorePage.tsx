import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { ErrorMessage, Loading, Success } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { campaignsApi, type Criterion, type JudgeEntryView, type JudgeFile, type Score } from "../api";
import { Dialog } from "../Dialog";
import { points, SCORE_STATUS_LABELS } from "../labels";
import { draftTotal, fromScores, scoreProblems, toScores, type ScoreDraft } from "../scoring";
import "../judge.css";

interface Loaded {
  view: JudgeEntryView;
  rubric: Criterion[];
  judging: boolean;
  next?: string;
  others?: Score[];
}

/**
 * 评分 (/campaigns/:id/judging/:entryId), phone first: the entry as the judge view gives it
 * (never the unit), one score per criterion within its range, a comment, 保存草稿 and
 * 提交评分 after a confirmation; once submitted, every judge's scores of the entry.
 */
export default function ScorePage() {
  const { campaignId = "", entryId = "" } = useParams();
  const loaded = useQuery<Loaded>({
    queryKey: [...keys.campaigns.entry(campaignId, entryId), "score"],
    queryFn: async ({ signal }) => {
      const [view, mine] = await Promise.all([campaignsApi.entry(campaignId, entryId, signal), campaignsApi.myAssignments(campaignId, signal)]);
      if (view.view !== "judge") throw new ApiError(403, "campaign.not_assigned", "您不是这件案例的评委");
      const open = mine.items.filter((item) => item.status !== "submitted" && item.entryId !== entryId);
      const others = view.myScore.status === "submitted" ? (await campaignsApi.scores(campaignId, entryId, signal)).items : undefined;
      return { view, rubric: mine.rubric, judging: mine.status === "judging", next: open[0]?.entryId, others };
    },
  });
  useTitle(loaded.data ? `评分 · ${loaded.data.view.title}` : "评分");
  if (loaded.isPending && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  return <ScoreSheet key={`${entryId}-${loaded.dataUpdatedAt}`} campaignId={campaignId} loaded={loaded.data} onSubmitted={() => void loaded.refetch()} />;
}

function ScoreSheet({ campaignId, loaded, onSubmitted }: { campaignId: string; loaded: Loaded; onSubmitted: () => void }) {
  const { view, rubric, judging, next, others } = loaded;
  const submitted = view.myScore.status === "submitted";
  const [draft, setDraft] = useState<ScoreDraft>(() => fromScores(view.myScore.scores));
  const [comment, setComment] = useState(view.myScore.comment ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [savedAt, setSavedAt] = useState<string | undefined>(view.myScore.status === "draft" ? view.myScore.updatedAt : undefined);
  const [confirming, setConfirming] = useState(false);
  const max = rubric.reduce((sum, c) => sum + c.max, 0);
  const total = draftTotal(draft, rubric);
  const editable = judging && !submitted;

  async function send(submit: boolean) {
    const found = scoreProblems(draft, rubric, submit);
    setErrors(found);
    setProblem(undefined);
    if (Object.keys(found).length > 0) {
      setConfirming(false);
      setProblem(submit ? "还有未打分或分数有误的指标，请按提示修改" : "有分数填写有误，请按提示修改");
      document.getElementById(`score-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const score = await campaignsApi.score(campaignId, view.entryId, { scores: toScores(draft, rubric), comment: comment.trim(), submit });
      if (submit) {
        setConfirming(false);
        onSubmitted();
        return;
      }
      setSavedAt(score.updatedAt);
    } catch (error) {
      setConfirming(false);
      if (!(error instanceof ApiError)) setProblem("保存失败，请重试");
      else {
        const fieldErrors = Object.fromEntries(
          Object.entries(error.errors)
            .filter(([path, messages]) => path.startsWith("scores.") && messages[0])
            .map(([path, messages]) => [path.slice("scores.".length), messages[0]!]),
        );
        setErrors(fieldErrors);
        setProblem(error.errors.comment?.[0] ?? error.title);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="judge">
      <p className="crumbs-lite">
        <Link to={`/campaigns/${campaignId}/judging`}>‹ 我的评审</Link>
      </p>
      <header className="page-head">
        <h1>{view.title}</h1>
        <p className="page-head__meta">
          <span className={submitted ? "status status--approved" : "status"}>{SCORE_STATUS_LABELS[view.myScore.status]}</span>
          {view.blind && <span className="muted">匿名评审</span>}
        </p>
      </header>

      <section className="entry-read" aria-label="案例内容">
        {view.blind && (
          <p className="notice" role="note">
            匿名评审：文中的申报单位名称已替换为【申报单位】，申报人和联系人姓名已替换为【申报人】，附件已重新命名。请只按案例内容评分。
          </p>
        )}
        <h2>案例简介</h2>
        <p className="entry-read__text">{view.summary}</p>
        <details className="entry-read__full">
          <summary>案例全文</summary>
          <div className="entry-read__text">{view.fullText}</div>
        </details>
        {view.photos.length > 0 && (
          <>
            <h2>照片</h2>
            <ul className="entry-photos">
              {view.photos.map((photo) => (
                <li key={photo.url}>
                  <a href={photo.url} target="_blank" rel="noreferrer">
                    <img src={photo.url} alt={photo.name} loading="lazy" />
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        {view.attachments.length > 0 && (
          <>
            <h2>附件</h2>
            <ul className="entry-files">
              {view.attachments.map((file) => (
                <FileLink key={file.url} file={file} />
              ))}
            </ul>
          </>
        )}
      </section>

      {submitted ? (
        <section aria-labelledby="my-score">
          <Success>
            <p>您已于 {formatDateTime(view.myScore.submittedAt)} 提交评分，总分 {points(view.myScore.total)} 分。</p>
          </Success>
          <h2 id="my-score">各评委评分</h2>
          <OtherScores scores={others ?? []} rubric={rubric} />
          {next && (
            <Link className="button button--primary button--block" to={`/campaigns/${campaignId}/judging/${next}`}>
              评下一件
            </Link>
          )}
        </section>
      ) : (
        <form
          className="form score-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const found = scoreProblems(draft, rubric, true);
            setErrors(found);
            if (Object.keys(found).length > 0) {
              setProblem("还有未打分或分数有误的指标，请按提示修改");
              document.getElementById(`score-${Object.keys(found)[0]}`)?.focus();
            } else setConfirming(true);
          }}
        >
          <h2>评分</h2>
          {!judging && <p className="notice">评审未在进行中，不能评分。</p>}
          {rubric.map((criterion) => {
            const error = errors[criterion.key];
            return (
              <div key={criterion.key} className={error ? "field field--invalid score-field" : "field score-field"}>
                <label htmlFor={`score-${criterion.key}`}>
                  {criterion.label}
                  <span className="score-field__range">0–{criterion.max}分</span>
                </label>
                {criterion.description && (
                  <p className="field__hint" id={`score-${criterion.key}-hint`}>
                    {criterion.description}
                  </p>
                )}
                <input
                  id={`score-${criterion.key}`}
                  type="number"
                  inputMode="decimal"
                  min={0}
                  max={criterion.max}
                  step={0.5}
                  value={draft[criterion.key] ?? ""}
                  disabled={!editable}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={criterion.description ? `score-${criterion.key}-hint` : undefined}
                  onChange={(event) => {
                    const value = event.target.value;
                    setDraft((current) => ({ ...current, [criterion.key]: value }));
                    setErrors((current) => (current[criterion.key] ? { ...current, [criterion.key]: "" } : current));
                  }}
                />
                {error && (
                  <p className="field__error" role="alert">
                    {error}
                  </p>
                )}
              </div>
            );
          })}
          <p className="score-total" aria-live="polite">
            总分 <strong data-testid="score-total">{points(total)}</strong> / {max}
          </p>
          <div className="field">
            <label htmlFor="score-comment">
              评语<span className="field__optional">（选填）</span>
            </label>
            <textarea id="score-comment" rows={4} maxLength={2000} value={comment} disabled={!editable} onChange={(event) => setComment(event.target.value)} />
          </div>
          <ErrorMessage error={problem} />
          <p className="save-state" role="status" aria-live="polite">
            {savedAt ? `草稿已保存 ${formatDateTime(savedAt)}` : "提交前可随时保存草稿，提交后不能修改。"}
          </p>
          <div className="decision-bar">
            <button type="button" className="button" onClick={() => send(false)} disabled={busy || !editable}>
              保存草稿
            </button>
            <button type="submit" className="button button--primary" disabled={busy || !editable}>
              提交评分
            </button>
          </div>
        </form>
      )}
      {confirming && (
        <Dialog title="提交评分" subject={view.title} confirm="确认提交" busy={busy} problem={problem} onSubmit={() => send(true)} onClose={() => setConfirming(false)}>
          <ul className="confirm-scores">
            {rubric.map((criterion) => (
              <li key={criterion.key}>
                <span>{criterion.label}</span>
                <strong>
                  {draft[criterion.key]} / {criterion.max}
                </strong>
              </li>
            ))}
          </ul>
          <p>
            总分 <strong>{points(total)}</strong> 分。提交后不能修改。
          </p>
        </Dialog>
      )}
    </div>
  );
}

function FileLink({ file }: { file: JudgeFile }) {
  return (
    <li>
      <a href={file.url} target="_blank" rel="noreferrer">
        {file.name}
      </a>
    </li>
  );
}

function OtherScores({ scores, rubric }: { scores: Score[]; rubric: Criterion[] }) {
  const shown = scores.filter((score) => score.status === "submitted");
  if (shown.length === 0) return <p className="muted">暂无其他评委提交评分。</p>;
  return (
    <div className="table-scroll">
      <table className="ranking ranking--small" aria-label="各评委评分">
        <thead>
          <tr>
            <th scope="col">评委</th>
            {rubric.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
            <th scope="col">总分</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((score) => (
            <tr key={score.judgeId}>
              <th scope="row">{score.judgeName}</th>
              {rubric.map((c) => (
                <td key={c.key} className="num">
                  {points(score.scores[c.key])}
                </td>
              ))}
              <td className="num strong">{points(score.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.some((score) => score.comment) && (
        <ul className="judge-comments" aria-label="评语">
          {shown
            .filter((score) => score.comment)
            .map((score) => (
              <li key={score.judgeId}>
                <strong>{score.judgeName}：</strong>
                {score.comment}
              </li>
            ))}
        </ul>
      )}
      {scores.some((s) => s.status !== "submitted") && <p className="muted">另有{scores.filter((s) => s.status !== "submitted").length}位评委尚未提交。</p>}
    </div>
  );
}
