import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { ErrorMessage, Loading } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { keys } from "../lib/queryKeys";
import { campaignsApi, type Campaign, type EntrySummary } from "./api";
import { ENTRY_STATUS_LABELS, entryStatusClass } from "./labels";

/** All pages of a campaign's entries (the office sees every submitted one; a unit its own). */
export async function allEntries(campaignId: string, signal?: AbortSignal): Promise<EntrySummary[]> {
  const items: EntrySummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await campaignsApi.entries(campaignId, cursor, signal);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/** 参评案例: every submitted entry with its 形式审查 status; each opens its page (answers and the approval). */
export function EntriesTab({ campaign }: { campaign: Campaign }) {
  const list = useQuery({ queryKey: keys.campaigns.entries(campaign.campaignId), queryFn: ({ signal }) => allEntries(campaign.campaignId, signal) });
  if (list.isPending) return <Loading />;
  if (!list.data) return <ErrorMessage error={list.error} />;
  const items = list.data.filter((entry) => entry.status !== "draft");
  if (items.length === 0) return <p className="empty muted">还没有单位提交案例。</p>;
  return (
    <>
      <p className="muted">共{items.length}件，形式审查通过的案例进入评审。审查在“待办”中办理，也可从案例页面进入。</p>
      <ul className="cards" aria-label="参评案例">
        {items.map((entry) => (
          <li key={entry.entryId}>
            <Link className="card card--link" to={`/campaigns/${campaign.campaignId}/entries/${entry.entryId}`}>
              <span className="card__title">{entry.title || "（未命名案例）"}</span>
              <span className="card__meta">
                <span className={entryStatusClass(entry.status)}>{ENTRY_STATUS_LABELS[entry.status]}</span>
                <span className="kind">{entry.unitName}</span>
                <span className="muted">
                  {entry.submitterName} · {formatDateTime(entry.submittedAt ?? entry.updatedAt)}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
