import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useMe } from "../components/AppShell";
import { formatDateTime } from "../lib/format";
import { keys } from "../lib/queryKeys";
import { campaignsApi, type Objection } from "./api";

/** 待办 · 评选异议: open objections to the campaigns of the offices I run (admins and reviewers), oldest first. */
export function OpenObjections() {
  const me = useMe();
  const offices = me.memberships.filter((m) => m.roles.includes("admin") || m.roles.includes("reviewer")).map((m) => m.orgId);
  const list = useQuery({
    queryKey: keys.campaigns.openObjections(offices),
    queryFn: async ({ signal }) => {
      if (offices.length === 0) return [];
      // An office without campaigns (or where the caller only reviews forms) answers 403/404: nothing to list there.
      const pages = await Promise.all(offices.map((orgId) => campaignsApi.openObjections(orgId, signal).then((page) => page.items, () => [] as Objection[])));
      return pages.flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
  });
  const items = list.data ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="objections-head">
      <h2 id="objections-head">
        评选异议<span className="badge">{items.length}</span>
      </h2>
      <ul className="cards" aria-label="待处理的评选异议">
        {items.map((objection) => (
          <li key={objection.objectionId}>
            <Link className="card card--link" to={`/campaigns/${objection.campaignId}?tab=objections`}>
              <span className="card__title">{objection.campaignTitle}</span>
              <span className="card__meta">
                <span className="status status--returned">待处理</span>
                <span className="muted">
                  {objection.entryTitle ? `针对“${objection.entryTitle}”` : "针对评选整体"} · {objection.filerName} · {formatDateTime(objection.createdAt)}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
