import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useMe } from "../components/AppShell";
import { ErrorMessage, Loading } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { keys } from "../lib/queryKeys";
import { type Campaign } from "./api";
import { allEntries } from "./EntriesTab";
import { ENTRY_STATUS_LABELS, entryStatusClass } from "./labels";

/** For units: 提交案例 while the window is open, and my (and my units') entries with what to do next. */
export function MyEntries({ campaign }: { campaign: Campaign }) {
  const me = useMe();
  const list = useQuery({ queryKey: keys.campaigns.entries(campaign.campaignId), queryFn: ({ signal }) => allEntries(campaign.campaignId, signal) });
  const now = Date.now();
  const open = campaign.status === "collecting" && now >= Date.parse(campaign.submissionsOpenAt) && now < Date.parse(campaign.submissionsCloseAt);
  const office = campaign.myRole?.includes("office");
  const mine = (list.data ?? []).filter((entry) => !office || entry.submitterId === me.account.accountId);

  return (
    <section className="panel" aria-labelledby="my-entries">
      <h2 id="my-entries">我的申报</h2>
      <p className="muted">
        {campaign.status !== "collecting"
          ? "案例征集已结束。"
          : open
            ? `征集截止：${formatDateTime(campaign.submissionsCloseAt)}。可先保存草稿，提交后进入形式审查。`
            : now < Date.parse(campaign.submissionsOpenAt)
              ? `征集将于 ${formatDateTime(campaign.submissionsOpenAt)} 开始。`
              : `征集已于 ${formatDateTime(campaign.submissionsCloseAt)} 截止；被退回的案例可在评审开始前修改后重新提交。`}
      </p>
      {list.isPending && <Loading />}
      <ErrorMessage error={list.error} />
      {mine.length > 0 && (
        <ul className="cards" aria-label="我的申报">
          {mine.map((entry) => {
            const own = entry.submitterId === me.account.accountId;
            const fix = own && (entry.status === "draft" ? open : entry.status === "returned" && campaign.status === "collecting");
            return (
              <li key={entry.entryId} className="card entry-card">
                <Link to={`/campaigns/${campaign.campaignId}/entries/${entry.entryId}`} className="card__title">
                  {entry.title || "（未命名案例）"}
                </Link>
                <span className="card__meta">
                  <span className={entryStatusClass(entry.status)}>{ENTRY_STATUS_LABELS[entry.status]}</span>
                  <span className="kind">{entry.unitName}</span>
                  {!own && <span className="muted">{entry.submitterName}</span>}
                </span>
                {fix && (
                  <Link className="button button--small button--primary" to={`/campaigns/${campaign.campaignId}/entries/${entry.entryId}/edit`}>
                    {entry.status === "draft" ? "继续填写" : "修改后重新提交"}
                  </Link>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {open && (
        <Link className="button button--primary button--block" to={`/campaigns/${campaign.campaignId}/entries/new`}>
          提交案例
        </Link>
      )}
    </section>
  );
}
