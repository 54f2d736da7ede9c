import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { api, submissionsExportUrl, type Submission, type SubmissionFilter, type SubmissionStatus } from "../../api";
import { Breadcrumbs, orgTrail } from "../../components/OrgLinks";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { LISTED_STATUSES, STATUS_LABELS } from "../../lib/submissionStatus";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { useSubmissionList } from "./useSubmissionList";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filter as the address keeps it (?status=&from=&to=), so a filtered list can be shared and reloaded. */
function useFilter(): [SubmissionFilter, (name: keyof SubmissionFilter, value: string) => void] {
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const filter: SubmissionFilter = {
    status: (LISTED_STATUSES as readonly string[]).includes(status) ? (status as SubmissionStatus) : undefined,
    from: DATE.test(from) ? from : undefined,
    to: DATE.test(to) ? to : undefined,
  };
  const set = (name: keyof SubmissionFilter, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  return [filter, set];
}

/** 提交记录 (/orgs/:orgId/forms/:formId/submissions): filter, page through, open, export. */
export default function SubmissionsPage() {
  const { orgId = "", formId = "" } = useParams();
  const id = useId();
  const [filter, setFilter] = useFilter();
  const detail = useQuery({
    queryKey: [...keys.forms.one(orgId, formId), "with-org"],
    queryFn: async ({ signal }) => {
      const [org, form] = await Promise.all([api.org(orgId, signal), api.orgForm(orgId, formId, signal)]);
      return { org, form };
    },
  });
  const list = useSubmissionList(orgId, formId, filter);
  const title = detail.data?.form.form.title;
  useTitle(title ? `提交记录 · ${title}` : "提交记录");

  if (detail.isPending) return <Loading />;
  if (!detail.data) return <ErrorMessage error={detail.error} />;
  const { org } = detail.data;

  return (
    <>
      <Breadcrumbs trail={[...orgTrail(org.ancestors, org.org, true), { label: "提交记录" }]} />
      <header className="page-head">
        <h1>提交记录</h1>
        <p className="page-head__meta muted">
          {title} · <Link to={`/orgs/${orgId}/forms/${formId}/public-link`}>公开链接与二维码</Link>
        </p>
      </header>

      <form className="panel filters" role="search" aria-label="筛选提交记录" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-status`}>状态</label>
          <select id={`${id}-status`} value={filter.status ?? ""} onChange={(event) => setFilter("status", event.target.value)}>
            <option value="">全部</option>
            {LISTED_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>提交日期从</label>
          <input id={`${id}-from`} type="date" value={filter.from ?? ""} max={filter.to} onChange={(event) => setFilter("from", event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>到</label>
          <input id={`${id}-to`} type="date" value={filter.to ?? ""} min={filter.from} onChange={(event) => setFilter("to", event.target.value)} />
        </div>
      </form>

      <div className="actions">
        <a className="button" href={submissionsExportUrl(orgId, formId, filter, "xlsx")} download>
          导出 Excel
        </a>
        <a className="button" href={submissionsExportUrl(orgId, formId, filter, "csv")} download>
          导出 CSV
        </a>
      </div>

      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>提交列表</h2>
        {list.loading && <Loading />}
        <ErrorMessage error={list.error} />
        {list.items && <SubmissionTable items={list.items} />}
        <ErrorMessage error={list.moreError} />
        {list.hasMore && (
          <button type="button" className="button button--block" onClick={list.loadMore} disabled={list.loadingMore}>
            {list.loadingMore ? "加载中…" : "加载更多"}
          </button>
        )}
      </section>
    </>
  );
}

/** A table on wide screens; each row a card on a phone (same CSS approach as the member roll). */
function SubmissionTable({ items }: { items: readonly Submission[] }) {
  if (items.length === 0) return <p className="muted">没有符合条件的提交。</p>;
  return (
    <table className="members submissions">
      <caption className="visually-hidden">提交记录，共 {items.length} 条</caption>
      <thead>
        <tr>
          <th scope="col">提交人</th>
          <th scope="col">状态</th>
          <th scope="col">提交时间</th>
          <th scope="col">提交编号</th>
          <th scope="col">操作</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.submissionId}>
            <th scope="row" className="members__name">
              {item.submitterName}
            </th>
            <td data-label="状态">
              <span className={`status status--${item.status}`}>{STATUS_LABELS[item.status]}</span>
            </td>
            <td data-label="提交时间">{formatDateTime(item.submittedAt ?? item.updatedAt)}</td>
            <td data-label="提交编号" className="submissions__id">
              {item.submissionId}
            </td>
            <td className="members__actions">
              <Link className="button button--small" to={`/submissions/${item.submissionId}`} aria-label={`查看 ${item.submitterName} 的提交`}>
                查看
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
