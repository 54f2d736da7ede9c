import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useMe } from "../../components/AppShell";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { campaignsApi, type Campaign } from "../api";
import { CAMPAIGN_STATUS_LABELS } from "../labels";
import "../campaigns.css";

/** The orgs whose campaigns concern me: each org I belong to and every org above it. */
export function campaignOrgs(memberships: ReadonlyArray<{ orgId: string; orgPath?: string[] }>): string[] {
  return [...new Set(memberships.flatMap((m) => [...(m.orgPath ?? []), m.orgId]))];
}

/** 评选 (/campaigns): the campaigns of my orgs and the offices above them — to submit, judge or run. */
export default function MyCampaignsPage() {
  useTitle("评选");
  const me = useMe();
  const list = useQuery({
    queryKey: [...keys.campaigns.mine, ...campaignOrgs(me.memberships)],
    queryFn: async ({ signal }) => {
      const orgIds = campaignOrgs(me.memberships);
      const pages = await Promise.all(orgIds.map((orgId) => campaignsApi.list(orgId, signal).then((page) => page.items, () => [] as Campaign[])));
      const byId = new Map(pages.flat().map((campaign) => [campaign.campaignId, campaign]));
      return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  });
  const offices = me.memberships.filter((m) => m.roles.includes("admin"));

  return (
    <>
      <header className="page-head">
        <h1>评选</h1>
        <p className="page-head__meta muted">我所在组织及上级组织的评选</p>
      </header>
      {list.isPending && <Loading />}
      <ErrorMessage error={list.error} />
      {list.data &&
        (list.data.length === 0 ? (
          <p className="empty muted">暂无评选。</p>
        ) : (
          <ul className="cards">
            {list.data.map((campaign) => (
              <li key={campaign.campaignId}>
                <Link className="card card--link" to={`/campaigns/${campaign.campaignId}`}>
                  <span className="card__title">{campaign.title}</span>
                  <span className="card__meta">
                    <span className={`status campaign-status--${campaign.status}`}>{CAMPAIGN_STATUS_LABELS[campaign.status]}</span>
                    <span className="kind">{campaign.orgName}</span>
                    {campaign.status === "collecting" && <span className="muted">截止 {formatDateTime(campaign.submissionsCloseAt)}</span>}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ))}
      {offices.length > 0 && (
        <p className="muted">
          新建评选：
          {offices.map((m, index) => (
            <span key={m.orgId}>
              {index > 0 && "、"}
              <Link to={`/orgs/${m.orgId}/campaigns`}>{m.orgName}</Link>
            </span>
          ))}
        </p>
      )}
    </>
  );
}
