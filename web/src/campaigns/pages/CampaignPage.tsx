import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type KeyboardEvent } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { Success, ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { campaignsApi, type Campaign } from "../api";
import { AssignmentsTab } from "../AssignmentsTab";
import { EntriesTab } from "../EntriesTab";
import { CAMPAIGN_STATUS_LABELS } from "../labels";
import { MyEntries } from "../MyEntries";
import { ObjectionsTab } from "../ObjectionsTab";
import { OverviewTab } from "../OverviewTab";
import { PublishTab } from "../PublishTab";
import { PublicVoteTab } from "../PublicVoteTab";
import { RankingTab } from "../RankingTab";
import "../campaigns.css";

const TABS = [
  { id: "overview", label: "概况" },
  { id: "entries", label: "参评案例" },
  { id: "assign", label: "评审分配" },
  { id: "votes", label: "网络投票" },
  { id: "ranking", label: "排名" },
  { id: "objections", label: "公示与异议" },
  { id: "publish", label: "发布" },
] as const;
type TabId = (typeof TABS)[number]["id"];

/**
 * One campaign (/campaigns/:id). The office gets the console with its tabs; a unit sees 提交案例
 * and its entries; a judge finds 我的评审. Someone holding several of these sees each part.
 */
export default function CampaignPage() {
  const { campaignId = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const arrived = (location.state as { flash?: string } | null)?.flash;
  const [flash] = useState(arrived);
  useEffect(() => {
    // Said once: a reload of the page does not say it again.
    if (arrived) navigate(location.pathname + location.search, { replace: true, state: null });
  }, [arrived, navigate, location.pathname, location.search]);
  const client = useQueryClient();
  const loaded = useQuery({ queryKey: keys.campaigns.one(campaignId), queryFn: ({ signal }) => campaignsApi.get(campaignId, signal) });
  useTitle(loaded.data?.title ?? "评选");
  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const campaign = loaded.data;
  const roles = campaign.myRole ?? [];
  const replace = (next: Campaign) => {
    client.setQueryData(keys.campaigns.one(campaignId), (current: Campaign | undefined) =>
      current && { ...current, ...next, myRole: next.myRole ?? current.myRole, counts: next.counts ?? current.counts },
    );
    // The tabs' lists (entries, ranking, objections) follow the campaign's new state.
    void client.invalidateQueries({ queryKey: keys.campaigns.one(campaignId), predicate: (query) => query.queryKey.length > 2 });
  };

  return (
    <div className="campaign">
      <p className="crumbs-lite">
        <Link to={`/orgs/${campaign.orgId}/campaigns`}>‹ 评选</Link>
      </p>
      <header className="page-head">
        <h1>{campaign.title}</h1>
        <p className="page-head__meta">
          <span className={`status campaign-status--${campaign.status}`}>{CAMPAIGN_STATUS_LABELS[campaign.status]}</span>
          <span className="muted">
            {campaign.orgName} · {campaign.year}年度 · {campaign.blind ? "匿名评审" : "实名评审"}
          </span>
        </p>
      </header>
      {flash && <Success>{flash}</Success>}
      {(campaign.status === "notice" || campaign.status === "published") && (
        <p>
          <Link to={`/public/campaigns/${campaign.campaignId}`}>{campaign.status === "notice" ? "查看公示页面" : "查看评选结果"}</Link>
        </p>
      )}
      {roles.includes("judge") && (
        <div className="panel">
          <h2>我的评审</h2>
          <p className="muted">{campaign.status === "judging" ? "评审进行中，请在截止前完成评分。" : campaign.status === "collecting" ? "案例征集中，评审开始后可在此评分。" : "评审已结束。"}</p>
          <Link className="button button--primary" to={`/campaigns/${campaign.campaignId}/judging`}>
            进入我的评审
          </Link>
        </div>
      )}
      {roles.includes("entrant") && <MyEntries campaign={campaign} />}
      {roles.includes("office") && <Console campaign={campaign} onChange={replace} />}
      {roles.length === 0 && <p className="notice">您可以查看本评选的基本信息。</p>}
    </div>
  );
}

function Console({ campaign, onChange }: { campaign: Campaign; onChange: (next: Campaign) => void }) {
  const [params, setParams] = useSearchParams();
  const requested = params.get("tab") as TabId | null;
  const tab: TabId = TABS.some((t) => t.id === requested) ? requested! : "overview";
  const choose = (id: TabId) => setParams(id === "overview" ? {} : { tab: id }, { replace: true });
  /** ← → Home End move between the tabs, as a tab list does. */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length]!;
    choose(target.id);
    document.getElementById(`tab-${target.id}`)?.focus();
  };
  return (
    <section aria-label="评选管理" className="console">
      <div className="campaign-tabs" role="tablist" aria-label="评选管理" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} tabIndex={tab === t.id ? 0 : -1} onClick={() => choose(t.id)}>
            {t.label}
            {t.id === "objections" && campaign.openObjections > 0 && <span className="badge">{campaign.openObjections}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "overview" && <OverviewTab campaign={campaign} onChange={onChange} />}
        {tab === "entries" && <EntriesTab campaign={campaign} />}
        {tab === "assign" && <AssignmentsTab campaign={campaign} onChange={onChange} />}
        {tab === "votes" && <PublicVoteTab campaign={campaign} onChange={onChange} />}
        {tab === "ranking" && <RankingTab campaign={campaign} onChange={onChange} />}
        {tab === "objections" && <ObjectionsTab campaign={campaign} onChange={onChange} />}
        {tab === "publish" && <PublishTab campaign={campaign} onChange={onChange} />}
      </div>
    </section>
  );
}
