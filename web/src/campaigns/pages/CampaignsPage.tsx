import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api } from "../../api";
import { Breadcrumbs, orgTrail } from "../../components/OrgLinks";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { isAdmin } from "../../lib/labels";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { campaignsApi } from "../api";
import { CampaignEditor } from "../CampaignEditor";
import { CAMPAIGN_STATUS_LABELS } from "../labels";
import "../campaigns.css";

/** 评选 (/orgs/:orgId/campaigns): the campaigns of an org and the orgs above it, newest first; 新建评选 for admins. */
export default function CampaignsPage() {
  const { orgId = "" } = useParams();
  const navigate = useNavigate();
  const loaded = useQuery({
    queryKey: [...keys.campaigns.ofOrg(orgId), "page"],
    queryFn: async ({ signal }) => {
      const [detail, list] = await Promise.all([api.org(orgId, signal), campaignsApi.list(orgId, signal)]);
      return { detail, items: list.items };
    },
  });
  useTitle(loaded.data ? `评选 · ${loaded.data.detail.org.name}` : "评选");
  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { detail, items } = loaded.data;

  return (
    <>
      <Breadcrumbs trail={[...orgTrail(detail.ancestors, detail.org, true), { label: "评选" }]} />
      <header className="page-head">
        <h1>评选</h1>
        <p className="page-head__meta muted">十佳案例等年度评选：征集、形式审查、专家评审、公示、发布</p>
      </header>
      {items.length === 0 ? (
        <p className="muted">暂无评选。</p>
      ) : (
        <ul className="cards">
          {items.map((campaign) => (
            <li key={campaign.campaignId}>
              <Link className="card card--link" to={`/campaigns/${campaign.campaignId}`}>
                <span className="card__title">{campaign.title}</span>
                <span className="card__meta">
                  <span className={`status campaign-status--${campaign.status}`}>{CAMPAIGN_STATUS_LABELS[campaign.status]}</span>
                  <span className="muted">
                    {campaign.status === "collecting" ? `截止 ${formatDateTime(campaign.submissionsCloseAt)}` : `${campaign.year}年度 · ${campaign.orgName}`}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {isAdmin(detail.myRoles) && (
        <details className="panel disclosure" open={items.length === 0}>
          <summary>新建评选</summary>
          <CampaignEditor orgId={orgId} onCreated={(campaign) => navigate(`/campaigns/${campaign.campaignId}`, { state: { flash: "评选已创建，案例征集表已发布" } })} />
        </details>
      )}
    </>
  );
}
