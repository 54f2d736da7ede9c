import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { electionsApi, resultsXlsxUrl } from "../api";
import { ResultsView } from "../ResultsView";
import "../elections.css";

/** 选举结果公告 (/elections/:id/results): the published count, certified by the scrutineers; printable. */
export default function ResultsPage() {
  const { electionId = "" } = useParams();
  const doc = useQuery({ queryKey: keys.elections.results(electionId), queryFn: ({ signal }) => electionsApi.results(electionId, signal) });
  useTitle(doc.data ? `选举结果 · ${doc.data.title}` : "选举结果");
  if (doc.isPending) return <Loading />;
  if (!doc.data) {
    if (doc.error?.code === "election.not_published") return <p className="notice">选举结果尚未公布。全部监票人确认后，由管理员公布。</p>;
    return <ErrorMessage error={doc.error} />;
  }
  const d = doc.data;
  const id = encodeURIComponent(d.electionId);
  return (
    <article className="results-page">
      <p className="crumbs-lite no-print">
        <Link to={`/elections/${id}`}>‹ 返回选举</Link>
      </p>
      <header className="page-head">
        <h1>{d.title}</h1>
        <p className="results-page__sub">{d.published ? `选举结果公告 · ${formatDateTime(d.publishedAt)} 公布` : "计票结果（尚未公布，仅管理员和监票人可见）"}</p>
      </header>
      <ResultsView results={d.results} />
      <section className="result-block">
        <h3>监票人确认</h3>
        <ul className="certs">
          {d.certifications.map((c) => (
            <li key={c.accountId} className="certs__done">
              监票人 {c.name}：已确认（{formatDateTime(c.at)}）
            </li>
          ))}
        </ul>
        <p className="muted results-page__hash">
          结果摘要 {d.resultsHash.slice(0, 16)}… · 审计记录{d.audit.valid ? `完整（${d.audit.length}条）` : "校验未通过"}
        </p>
      </section>
      <p className="actions no-print">
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          打印
        </button>
        <a className="button" href={resultsXlsxUrl(d.electionId)} download>
          下载 Excel
        </a>
        {d.published && (
          <Link className="button" to={`/elections/${id}/bulletin`}>
            选票清单
          </Link>
        )}
      </p>
    </article>
  );
}
