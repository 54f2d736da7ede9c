import { Link } from "react-router-dom";
import { useEffect, useState } from "react";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { campaignsApi, type Campaign } from "./api";
import { CAMPAIGN_STEPS, ENTRY_STATUS_LABELS } from "./labels";
import { JudgingProgressPanel } from "./JudgingProgressPanel";
import { CloseEarlyDialog, WindowDialog } from "./WindowDialogs";

/** Where the campaign stands in 征集 → 评审 → 公示 → 发布. */
export function CampaignSteps({ status }: { status: Campaign["status"] }) {
  const current = CAMPAIGN_STEPS.findIndex((step) => step.status === status);
  return (
    <ol className="steps" aria-label="评选进程">
      {CAMPAIGN_STEPS.map((step, index) => (
        <li key={step.status} className={index < current ? "steps__done" : index === current ? "steps__current" : undefined} aria-current={index === current ? "step" : undefined}>
          {step.label}
        </li>
      ))}
    </ol>
  );
}

/** 概况: the lifecycle, the window, entry counts by 形式审查 status, the rules, 开始评审 once the window has closed, and scoring progress with the next step during 评审. */
export function OverviewTab({ campaign, onChange }: { campaign: Campaign; onChange: (next: Campaign) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError>();
  const counts = campaign.counts ?? {};
  const submitted = Object.entries(counts).reduce((sum, [status, n]) => (status === "draft" ? sum : sum + (n ?? 0)), 0);
  const pending = (counts.in_review ?? 0) + (counts.returned ?? 0) + (counts.submitted ?? 0);
  const [now, setNow] = useState(() => Date.now());
  const [dialog, setDialog] = useState<"window" | "close">();
  const [windowSaved, setWindowSaved] = useState<string>();
  const closed = now >= Date.parse(campaign.submissionsCloseAt);
  // 开始评审 becomes possible the moment the window closes, without a reload.
  useEffect(() => {
    const closesIn = Date.parse(campaign.submissionsCloseAt) - Date.now();
    if (closesIn <= 0 || closesIn > 86_400_000) return;
    const timer = setTimeout(() => setNow(Date.now()), closesIn + 250);
    return () => clearTimeout(timer);
  }, [campaign.submissionsCloseAt]);

  const windowChanged = (message: string) => (next: Campaign) => {
    setDialog(undefined);
    setNow(Date.now());
    setWindowSaved(message);
    onChange(next);
  };
  const total = campaign.rubric.reduce((sum, c) => sum + c.max, 0);

  async function startJudging() {
    setBusy(true);
    setProblem(undefined);
    try {
      onChange(await campaignsApi.startJudging(campaign.campaignId));
    } catch (error) {
      setProblem(error instanceof ApiError ? error : new ApiError(0, "client.error", "操作失败，请重试"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <CampaignSteps status={campaign.status} />
      <dl className="figures figures--4">
        <div className="figures__item">
          <dt>已提交</dt>
          <dd data-testid="count-submitted">{submitted}</dd>
        </div>
        <div className="figures__item">
          <dt>审查中</dt>
          <dd>{pending}</dd>
        </div>
        <div className="figures__item figures__item--ok">
          <dt>审查通过</dt>
          <dd data-testid="count-approved">{counts.approved ?? 0}</dd>
        </div>
        <div className="figures__item">
          <dt>待处理异议</dt>
          <dd>{campaign.openObjections}</dd>
        </div>
      </dl>
      {campaign.status === "judging" && <JudgingProgressPanel campaign={campaign} />}
      {campaign.status === "collecting" && (
        <div className="panel">
          <h2>征集时间</h2>
          <p className="muted" data-testid="campaign-window">
            {formatDateTime(campaign.submissionsOpenAt)} 至 {formatDateTime(campaign.submissionsCloseAt)}
            {closed ? "（已截止）" : now < Date.parse(campaign.submissionsOpenAt) ? "（尚未开始）" : "（征集中）"}
          </p>
          {windowSaved && (
            <p className="notice" role="status">
              {windowSaved}
            </p>
          )}
          <div className="actions">
            <button type="button" className="button" onClick={() => setDialog("window")}>
              调整征集时间
            </button>
            {!closed && (
              <button type="button" className="button button--danger" onClick={() => setDialog("close")}>
                提前截止
              </button>
            )}
          </div>
          {dialog === "window" && <WindowDialog campaign={campaign} onDone={windowChanged("征集时间已调整。")} onClose={() => setDialog(undefined)} />}
          {dialog === "close" && <CloseEarlyDialog campaign={campaign} onDone={windowChanged("征集已提前截止。")} onClose={() => setDialog(undefined)} />}
        </div>
      )}
      {campaign.status === "collecting" && (
        <div className="panel">
          <h2>开始评审</h2>
          <p className="muted">
            征集截止后，且所有案例的形式审查均已完成，方可开始评审。{closed ? "征集已截止。" : `征集将于 ${formatDateTime(campaign.submissionsCloseAt)} 截止。`}
            {pending > 0 && `尚有${pending}件案例未完成形式审查。`}
          </p>
          <ErrorMessage error={problem} />
          <button type="button" className="button button--primary" onClick={startJudging} disabled={busy || !closed}>
            {busy ? "正在开始…" : "开始评审"}
          </button>
        </div>
      )}
      <dl className="facts">
        <dt>征集时间</dt>
        <dd>
          {formatDateTime(campaign.submissionsOpenAt)} 至 {formatDateTime(campaign.submissionsCloseAt)}
        </dd>
        <dt>评分标准</dt>
        <dd>
          {campaign.rubric.map((c) => `${c.label}${c.max}分`).join("、")}（合计{total}分）
        </dd>
        <dt>奖项</dt>
        <dd>
          十佳案例{campaign.winners}名
          {campaign.tiers.map((t) => `，${t.name}${t.count}名`).join("")}
          {campaign.orgAward && `；${campaign.orgAward.name}${campaign.orgAward.count}个单位`}
        </dd>
        <dt>评审</dt>
        <dd>
          每件案例{campaign.judgesPerEntry}位评委，{campaign.blind ? "匿名评审（评委看不到申报单位）" : "实名评审"}；评委5人及以上时去掉最高分和最低分后取平均
        </dd>
        <dt>公示</dt>
        <dd>{campaign.noticeEndsAt ? `公示至 ${formatDateTime(campaign.noticeEndsAt)}` : campaign.noticeDays > 0 ? `确认获奖名单后公示${campaign.noticeDays}${campaign.noticeDayKind === "calendar" ? "天" : "个工作日"}` : "不设公示期（演练）"}
          {campaign.noticeDayKind !== "calendar" && campaign.noticeDays > 0 && (
            <>
              {" "}
              <Link to="/working-days">查看工作日历</Link>
            </>
          )}
        </dd>
        {campaign.publishedAt && (
          <>
            <dt>发布时间</dt>
            <dd>{formatDateTime(campaign.publishedAt)}</dd>
          </>
        )}
      </dl>
      {Object.keys(counts).length > 0 && (
        <p className="muted">
          案例状态：
          {Object.entries(counts)
            .filter(([, n]) => (n ?? 0) > 0)
            .map(([status, n]) => `${ENTRY_STATUS_LABELS[status as keyof typeof ENTRY_STATUS_LABELS] ?? status} ${n}`)
            .join("，")}
        </p>
      )}
    </>
  );
}
