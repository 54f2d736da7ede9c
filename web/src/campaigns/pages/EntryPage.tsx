import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, Navigate, useLocation, useNavigate, useParams } from "react-router-dom";
import { api } from "../../api";
import { useMe } from "../../components/AppShell";
import { ErrorMessage, Loading, Success } from "../../components/Status";
import { AnswerList } from "../../forms/AnswerList";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { campaignsApi } from "../api";
import { ENTRY_STATUS_LABELS, entryStatusClass } from "../labels";
import "../campaigns.css";

/** 案例详情 (/campaigns/:id/entries/:entryId): the answers, the unit, and the 形式审查 approval (office, the unit's admins, the submitter). */
export default function EntryPage() {
  const { campaignId = "", entryId = "" } = useParams();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const arrived = (location.state as { flash?: string } | null)?.flash;
  const [flash] = useState(arrived);
  useEffect(() => {
    if (arrived) navigate(location.pathname, { replace: true, state: null });
  }, [arrived, navigate, location.pathname]);
  const loaded = useQuery({
    queryKey: [...keys.campaigns.entry(campaignId, entryId), "page"],
    queryFn: async ({ signal }) => {
      const [campaign, entry] = await Promise.all([campaignsApi.get(campaignId, signal), campaignsApi.entry(campaignId, entryId, signal)]);
      if (entry.view !== "full") return { campaign, entry, definition: undefined };
      const { version } = await api.formToFill(entry.formId, entry.version, signal);
      return { campaign, entry, definition: version.definition };
    },
  });
  const entry = loaded.data?.entry;
  useTitle(entry ? `案例 · ${entry.view === "full" ? String(entry.data.title ?? "") : entry.title}` : "案例");

  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { campaign, definition } = loaded.data;
  if (!entry || entry.view !== "full" || !definition) return <Navigate to={`/campaigns/${campaignId}/judging/${entryId}`} replace />;
  const mine = entry.submitterId === me.account.accountId;
  const open = Date.now() < Date.parse(campaign.submissionsCloseAt);
  const canEdit = mine && campaign.status === "collecting" && (entry.status === "returned" || (entry.status === "draft" && open));

  return (
    <>
      <p className="crumbs-lite">
        <Link to={`/campaigns/${campaignId}${campaign.myRole?.includes("office") ? "?tab=entries" : ""}`}>‹ {campaign.title}</Link>
      </p>
      <header className="page-head">
        <h1>{String(entry.data.title ?? "") || "（未命名案例）"}</h1>
        <p className="page-head__meta">
          <span className={entryStatusClass(entry.status)}>{ENTRY_STATUS_LABELS[entry.status]}</span>
          <span className="muted">{entry.unitName}</span>
        </p>
      </header>
      {flash && <Success>{flash}</Success>}
      <dl className="receipt__facts">
        <div>
          <dt>申报单位</dt>
          <dd>{entry.unitName}</dd>
        </div>
        <div>
          <dt>提交人</dt>
          <dd>{entry.submitterName}</dd>
        </div>
        <div>
          <dt>提交时间</dt>
          <dd>{formatDateTime(entry.submittedAt)}</dd>
        </div>
      </dl>
      <div className="actions">
        {canEdit && (
          <Link className="button button--primary" to={`/campaigns/${campaignId}/entries/${entryId}/edit`}>
            {entry.status === "draft" ? "继续填写" : "修改后重新提交"}
          </Link>
        )}
        {entry.instanceId && (
          <Link className="button" to={`/instances/${entry.instanceId}`}>
            {campaign.myRole?.includes("office") && entry.status === "in_review" ? "办理形式审查" : "查看形式审查"}
          </Link>
        )}
      </div>
      <h2>案例内容</h2>
      <AnswerList definition={definition} data={entry.data} memberNames={new Map([[me.account.accountId, me.account.name]])} />
    </>
  );
}
