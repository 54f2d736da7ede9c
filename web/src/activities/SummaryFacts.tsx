import { uploadUrl } from "../api";
import { formatDateTime } from "../lib/format";
import type { Activity, ActivitySummary } from "./api";
import { yuan } from "./bits";

/** A filed 活动总结: attendance against the check-ins, money against the budget, notes and photos. */
export function SummaryFacts({ activity, summary }: { activity: Activity; summary: ActivitySummary }) {
  const variance = activity.budgetVarianceFen ?? summary.spentFen - activity.budgetFen;
  return (
    <>
      <dl className="receipt__facts facts">
        <div>
          <dt>实际参加</dt>
          <dd>
            {summary.attendance} 人次（签到 {summary.checkedIn} 人）
          </dd>
        </div>
        <div>
          <dt>实际支出</dt>
          <dd>{yuan(summary.spentFen)}</dd>
        </div>
        {activity.budgetFen > 0 && (
          <div>
            <dt>预算差额</dt>
            <dd className={variance > 0 ? "over-budget" : undefined}>
              {variance > 0 ? `超支 ${yuan(variance)}` : variance < 0 ? `结余 ${yuan(-variance)}` : "与预算持平"}（预算 {yuan(activity.budgetFen)}）
            </dd>
          </div>
        )}
        <div>
          <dt>提交人</dt>
          <dd>
            {summary.filedByName} · {formatDateTime(summary.filedAt)}
          </dd>
        </div>
      </dl>
      <p className="summary-notes">{summary.notes}</p>
      {summary.photos.length > 0 && (
        <ul className="summary-photos" aria-label="活动照片">
          {summary.photos.map((photo) => (
            <li key={photo.uploadId}>
              <a href={uploadUrl(photo.uploadId)} target="_blank" rel="noreferrer">
                <img src={uploadUrl(photo.uploadId)} alt={photo.name} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
