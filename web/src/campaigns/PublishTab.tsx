import { useState } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { useConfirm } from "../components/useConfirm";
import { formatDateTime } from "../lib/format";
import { campaignsApi, certificatesPdfUrl, scoresXlsxUrl, type Campaign } from "./api";

/** 发布: finalize once the notice has ended with no open objection; the public results page, the 成绩表 XLSX and, once published, every 荣誉证书 as one PDF. */
export function PublishTab({ campaign, onChange }: { campaign: Campaign; onChange: (next: Campaign) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError>();
  const { ask, dialog } = useConfirm();
  const noticeOver = campaign.noticeEndsAt !== undefined && Date.now() >= Date.parse(campaign.noticeEndsAt);
  const why: string[] = [];
  if (campaign.status !== "notice") why.push(campaign.status === "published" ? "" : "确认获奖名单并公示后方可发布");
  else {
    if (!noticeOver) why.push(`公示期至 ${formatDateTime(campaign.noticeEndsAt)}，届满后方可发布`);
    if (campaign.openObjections > 0) why.push(`尚有${campaign.openObjections}条异议未处理`);
  }
  const reasons = why.filter(Boolean);

  async function finalize() {
    if (!(await ask({ title: "发布评选结果", message: "发布后评选结果不可更改。确定发布吗？", confirm: "确认发布" }))) return;
    setBusy(true);
    setProblem(undefined);
    try {
      onChange(await campaignsApi.finalize(campaign.campaignId));
    } catch (error) {
      setProblem(error instanceof ApiError ? error : new ApiError(0, "client.error", "发布失败，请重试"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {dialog}
      {campaign.status === "published" ? (
        <div className="success" role="status">
          <p>评选结果已于 {formatDateTime(campaign.publishedAt)} 发布。</p>
        </div>
      ) : (
        <div className="panel">
          <h2>发布评选结果</h2>
          {reasons.length > 0 ? (
            <ul className="why-not">
              {reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">公示期已满，异议均已处理，可以发布。</p>
          )}
          <ErrorMessage error={problem} />
          <button type="button" className="button button--primary" onClick={finalize} disabled={busy || reasons.length > 0}>
            {busy ? "正在发布…" : "发布评选结果"}
          </button>
        </div>
      )}
      <div className="actions">
        {(campaign.status === "notice" || campaign.status === "published") && (
          <Link className="button" to={`/public/campaigns/${campaign.campaignId}`}>
            {campaign.status === "published" ? "评选结果页面" : "公示页面"}
          </Link>
        )}
        {campaign.status !== "collecting" && (
          <a className="button" href={scoresXlsxUrl(campaign.campaignId)} download>
            下载成绩表（XLSX）
          </a>
        )}
        {campaign.status === "published" && (
          <a className="button" href={certificatesPdfUrl(campaign.campaignId)} download>
            下载荣誉证书（PDF）
          </a>
        )}
      </div>
    </>
  );
}
