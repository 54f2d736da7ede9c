import { useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { api } from "../../api";
import { activitiesApi, statsExportUrl, type StatsReport } from "../api";
import { ChildChart, MonthChart, ThemeChart } from "../StatsCharts";
import { ChildTable, MonthTable, ThemeTable, type ChildRow } from "../StatsTables";
import { currentYear } from "../time";
import { Breadcrumbs, orgTrail } from "../../components/OrgLinks";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import "../stats.css";

/** Child orgs, then 本级 (held by the org itself) when it ran activities of its own. */
function childRows(report: StatsReport): ChildRow[] {
  const own = report.own.activities > 0 || report.own.attendances > 0 ? [{ orgId: "own", name: "本级", ...report.own }] : [];
  return [...report.byChild, ...own];
}

function Totals({ report }: { report: StatsReport }) {
  const { activities, attendances, people } = report.totals;
  return (
    <ul className="totals" aria-label={`${report.year}年合计`}>
      <li>
        <span className="totals__label">开展活动</span>
        <span className="totals__value">{activities}</span> 场
      </li>
      <li>
        <span className="totals__label">参与</span>
        <span className="totals__value">{attendances}</span> 人次
      </li>
      <li>
        <span className="totals__label">参与人数</span>
        <span className="totals__value">{people}</span> 人
      </li>
    </ul>
  );
}

/** 活动统计 (/orgs/:orgId/stats?year=YYYY, admins and reviewers): totals, by month, theme and child org; Excel export and the Word 活动台账. */
export default function StatsPage() {
  const { orgId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const thisYear = currentYear();
  const year = /^\d{4}$/.test(params.get("year") ?? "") ? params.get("year")! : thisYear;
  const detail = useQuery({ queryKey: keys.orgs.one(orgId), queryFn: ({ signal }) => api.org(orgId, signal) });
  const stats = useQuery({ queryKey: keys.activities.stats(orgId, year), queryFn: ({ signal }) => activitiesApi.stats(orgId, year, signal) });
  const org = detail.data?.org;
  useTitle(org ? `活动统计 · ${org.name}` : "活动统计");
  const years = Array.from({ length: 6 }, (_, i) => String(Number(thisYear) - i));
  if (!years.includes(year)) years.push(year);
  const report = stats.data;

  return (
    <div className="stats">
      {detail.data && <Breadcrumbs trail={[...orgTrail(detail.data.ancestors, detail.data.org, true), { label: "活动统计" }]} />}
      <header className="page-head">
        <h1>活动统计</h1>
        {org && <p className="page-head__meta muted">{org.name}及下级组织，按活动开始时间、已提交总结的活动计。</p>}
      </header>
      <div className="stats__bar">
        <div className="field stats__year">
          <label htmlFor="stats-year">年度</label>
          <select id="stats-year" value={year} onChange={(event) => setParams({ year: event.target.value })}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}年
              </option>
            ))}
          </select>
        </div>
        {report && (
          <>
            <a className="button" href={statsExportUrl(orgId, year)} download>
              导出 Excel
            </a>
            <a className="button" href={statsExportUrl(orgId, year, "docx")} download title="含每场活动的时间、地点、人次、小结与照片，以及全年合计">
              下载{year}年活动台账（Word）
            </a>
          </>
        )}
      </div>

      {stats.isPending && <Loading />}
      <ErrorMessage error={stats.error?.status === 403 ? "只有本组织及上级组织的管理员、审核人可以查看活动统计。" : stats.error} />
      {report && report.totals.activities === 0 && (
        <section className="empty-state" aria-labelledby="stats-empty">
          <h2 id="stats-empty">{year}年还没有可统计的活动</h2>
          <p>统计只计已提交“活动总结”的活动。活动结束后，请组织者在活动页面填写活动总结（到场人次、小结和照片），提交后即计入这里的场次、人次和图表。</p>
          <p className="actions">
            <Link className="button button--primary" to={`/orgs/${orgId}/calendar`}>
              查看活动日历
            </Link>
            {year === thisYear && (
              <Link className="button" to={`?year=${Number(thisYear) - 1}`}>
                看{Number(thisYear) - 1}年
              </Link>
            )}
          </p>
        </section>
      )}
      {report && report.totals.activities > 0 && (
        <>
          <Totals report={report} />
          <section aria-labelledby="by-month">
            <h2 id="by-month">按月份</h2>
            <MonthChart report={report} />
            <MonthTable report={report} />
          </section>
          <section aria-labelledby="by-theme">
            <h2 id="by-theme">按主题</h2>
            {report.byTheme.length > 0 && <ThemeChart report={report} />}
            <ThemeTable report={report} />
          </section>
          {childRows(report).length > 0 && (
            <section aria-labelledby="by-child">
              <h2 id="by-child">按下级组织</h2>
              <ChildChart rows={childRows(report)} />
              <ChildTable rows={childRows(report)} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
