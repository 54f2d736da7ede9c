import { useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { api } from "../../api";
import { activitiesApi } from "../api";
import { MonthGrid } from "../MonthGrid";
import { MonthList } from "../MonthList";
import { currentMonth, isMonth, monthLabel, nowLocal, shiftMonth } from "../time";
import { useWide } from "../useWide";
import { Breadcrumbs, orgTrail } from "../../components/OrgLinks";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import "../activities.css";

/** 活动日历 (/orgs/:orgId/calendar?month=YYYY-MM): the activities of the org and every org beneath it. */
export default function CalendarPage() {
  const { orgId = "" } = useParams();
  const [params] = useSearchParams();
  const asked = params.get("month");
  const month = isMonth(asked) ? asked : currentMonth();
  const detail = useQuery({ queryKey: keys.orgs.one(orgId), queryFn: ({ signal }) => api.org(orgId, signal) });
  const calendar = useQuery({ queryKey: keys.activities.calendar(orgId, month), queryFn: ({ signal }) => activitiesApi.calendar(orgId, month, signal) });
  const wide = useWide();
  const org = detail.data?.org;
  useTitle(org ? `活动日历 · ${org.name}` : "活动日历");
  const today = nowLocal().slice(0, 10);
  const items = calendar.data?.items ?? [];

  return (
    <>
      {detail.data && <Breadcrumbs trail={[...orgTrail(detail.data.ancestors, detail.data.org, true), { label: "活动日历" }]} />}
      <header className="page-head">
        <h1>活动日历</h1>
        {org && <p className="page-head__meta muted">{org.name}及下级组织开展的活动，点开可报名。</p>}
      </header>

      <nav className="month-nav" aria-label="切换月份">
        <Link className="button button--small" to={`?month=${shiftMonth(month, -1)}`} title="上个月">
          <span aria-hidden="true">‹</span> 上月
        </Link>
        <h2 className="month-nav__label" aria-live="polite">
          {monthLabel(month)}
        </h2>
        <Link className="button button--small" to={`?month=${shiftMonth(month, 1)}`} title="下个月">
          下月 <span aria-hidden="true">›</span>
        </Link>
      </nav>
      {month !== currentMonth() && (
        <p className="month-nav__today">
          <Link to="?">回到本月</Link>
        </p>
      )}

      {calendar.isPending && <Loading />}
      <ErrorMessage error={calendar.error} />
      {calendar.data && items.length === 0 && <p className="empty muted">{monthLabel(month)}暂无活动。</p>}
      {calendar.data && (wide ? <MonthGrid month={month} items={items} today={today} /> : <MonthList items={items} today={today} />)}
    </>
  );
}
