import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { campaignsApi } from "../api";
import { points, SCORE_STATUS_LABELS } from "../labels";
import "../judge.css";

/** 我的评审 (/campaigns/:id/judging): the entries assigned to me (titles only) and where my scoring stands. */
export default function JudgingPage() {
  const { campaignId = "" } = useParams();
  const loaded = useQuery({
    queryKey: [...keys.campaigns.myAssignments(campaignId), "page"],
    queryFn: async ({ signal }) => {
      const [campaign, mine] = await Promise.all([campaignsApi.get(campaignId, signal), campaignsApi.myAssignments(campaignId, signal)]);
      return { campaign, mine };
    },
  });
  useTitle("我的评审");
  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { campaign, mine } = loaded.data;
  const done = mine.items.filter((item) => item.status === "submitted").length;
  const max = mine.rubric.reduce((sum, c) => sum + c.max, 0);

  return (
    <div className="judge">
      <p className="crumbs-lite">
        <Link to={`/campaigns/${campaignId}`}>‹ {campaign.title}</Link>
      </p>
      <header className="page-head">
        <h1>我的评审</h1>
        <p className="page-head__meta muted">
          已提交 <strong data-testid="judge-done">{done}</strong> / {mine.items.length} 件
          {mine.blind && " · 匿名评审"}
        </p>
      </header>
      {mine.status !== "judging" && <p className="notice">{mine.status === "collecting" ? "评审尚未开始。" : "评审已结束，评分不能再修改。"}</p>}
      <p className="muted">
        评分标准：{mine.rubric.map((c) => `${c.label}${c.max}分`).join("、")}（满分{max}分）。提交后不能修改，提交后可以看到其他评委的评分。
      </p>
      {mine.items.length === 0 ? (
        <p className="empty muted">暂未分配给您评审的案例。</p>
      ) : (
        <ul className="cards" aria-label="我的评审">
          {mine.items.map((item) => (
            <li key={item.entryId}>
              <Link className="card card--link" to={`/campaigns/${campaignId}/judging/${item.entryId}`}>
                <span className="card__title">{item.title}</span>
                <span className="card__meta">
                  <span className={item.status === "submitted" ? "status status--approved" : item.status === "draft" ? "status status--draft" : "status"}>{SCORE_STATUS_LABELS[item.status]}</span>
                  {item.status !== "assigned" && <span className="muted">{points(item.total)}分</span>}
                  {item.submittedAt && <span className="muted">{formatDateTime(item.submittedAt)}</span>}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
