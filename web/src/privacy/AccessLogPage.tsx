import { useParams } from "react-router-dom";
import { api, REVEAL_REASONS } from "../api";
import { ErrorMessage, Loading } from "../components/Status";
import { formatTime } from "../lib/format";
import { useResource } from "../lib/useResource";
import { useTitle } from "../lib/useTitle";

/** 个人信息访问记录 (/orgs/:orgId/personal-data/access-log): every full look and export in the org and beneath, for its admins. */
export default function AccessLogPage() {
  const { orgId = "" } = useParams();
  useTitle("个人信息访问记录");
  const log = useResource((signal) => api.accessLog(orgId, signal), [orgId]);
  if (log.loading) return <Loading />;
  if (!log.data) return <ErrorMessage error={log.error} />;
  const { items, broken } = log.data;
  const base = `/api/orgs/${encodeURIComponent(orgId)}/personal-data/access-log`;
  return (
    <>
      <header className="page-head">
        <h1>个人信息访问记录</h1>
        <p className="page-head__meta muted">本组织及下级组织中，每一次查看完整个人信息和每一次导出。</p>
      </header>
      <div className="actions">
        <a className="button" href={`${base}?format=xlsx`} download>
          导出（XLSX）
        </a>
        <a className="button" href={`${base}?format=csv`} download>
          导出（CSV）
        </a>
      </div>
      {broken.length > 0 && (
        <div className="alert" role="alert">
          {broken.map((chain) => (
            <p key={chain.orgId}>访问记录校验失败：{chain.reason}</p>
          ))}
        </div>
      )}
      {items.length === 0 ? (
        <p className="muted">还没有访问记录。</p>
      ) : (
        <table className="access-log">
          <caption className="visually-hidden">个人信息访问记录，共 {items.length} 条</caption>
          <thead>
            <tr>
              <th scope="col">时间</th>
              <th scope="col">操作</th>
              <th scope="col">操作人</th>
              <th scope="col">涉及对象</th>
              <th scope="col">字段</th>
              <th scope="col">原因</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <tr key={`${entry.orgId}-${entry.seq}`}>
                <td data-label="时间">{formatTime(entry.at)}</td>
                <td data-label="操作">{entry.action === "reveal" ? "查看完整" : `导出 ${entry.rows} 行${entry.masked ? "（已脱敏）" : ""}`}</td>
                <td data-label="操作人">{entry.actorName}</td>
                <td data-label="涉及对象">{entry.whose}</td>
                <td data-label="字段">{entry.fields.join("、") || "—"}</td>
                <td data-label="原因">{entry.reason ? REVEAL_REASONS[entry.reason] : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
