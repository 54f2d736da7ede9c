import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import type { FormDefinition } from "@tongxin/core/forms";
import { api } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { AnswerList } from "../../forms/AnswerList";
import { formatDateTime } from "../../lib/format";
import { useTitle } from "../../lib/useTitle";
import { ACTION_LABELS, INSTANCE_STATUS } from "../labels";
import { sheetLines } from "../sheet";
import { actorName } from "../Timeline";
import "../sheet.css";

/**
 * 审批单 (/instances/:instanceId/sheet): an approval on one printable page — the answers, each
 * decision with its approver, time and comment, and the audit head hash that vouches for them.
 * Printed from the browser, or downloaded as a PDF the office function generates (GET /api/instances/:id/sheet.pdf).
 */
export default function SheetPage() {
  const { instanceId = "" } = useParams();
  const loaded = useQuery({
    queryKey: ["instances", instanceId, "sheet"],
    queryFn: async ({ signal }) => {
      const view = await api.instance(instanceId, signal);
      const submission = view.submission ?? undefined;
      const form = submission ? await api.formToFill(submission.formId, submission.version, signal).catch(() => undefined) : undefined;
      return { view, submission, definition: form?.version.definition as FormDefinition | undefined };
    },
  });
  const title = loaded.data?.view.instance.subject.title;
  useTitle(title ? `审批单 · ${title}` : "审批单");
  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { view, submission, definition } = loaded.data;
  const { instance } = view;
  const lines = sheetLines(view);
  return (
    <article className="sheet">
      <p className="sheet__tools no-print">
        <Link to={`/instances/${instance.instanceId}`}>返回审批详情</Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          打印审批单
        </button>
        <a className="button" href={`/api/instances/${encodeURIComponent(instance.instanceId)}/sheet.pdf`} download>
          下载 PDF
        </a>
      </p>
      <header className="sheet__head">
        <h1>{instance.workflowName}审批单</h1>
        <p className="sheet__title">{instance.subject.title}</p>
      </header>
      <table className="sheet__facts">
        <tbody>
          <tr>
            <th scope="row">申报人</th>
            <td>{instance.submitterName}</td>
            <th scope="row">申报单位</th>
            <td>{instance.unitName}</td>
          </tr>
          <tr>
            <th scope="row">提交时间</th>
            <td>{formatDateTime(submission?.submittedAt ?? instance.createdAt)}</td>
            <th scope="row">审批状态</th>
            <td>{INSTANCE_STATUS[instance.state.status]}</td>
          </tr>
          {instance.route && (
            <tr>
              <th scope="row">审批路线</th>
              <td colSpan={3}>
                {instance.steps.map((step) => step.name).join(" → ")}
                {instance.route.skipped.length > 0 && `（按申报内容无需：${instance.route.skipped.join("、")}）`}
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h2>申报内容</h2>
      {submission && definition ? (
        <AnswerList definition={definition} data={submission.data} memberNames={new Map(Object.entries(view.names))} />
      ) : (
        <p className="muted">无法读取申报内容。</p>
      )}

      <h2>审批意见</h2>
      <table className="sheet__lines">
        <thead>
          <tr>
            <th scope="col">步骤</th>
            <th scope="col">审批人</th>
            <th scope="col">意见</th>
            <th scope="col">时间</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.seq}>
              <td>{line.step}</td>
              <td>{actorName(line.actorId, line.onBehalfOf, view.names)}</td>
              <td>
                <strong>{ACTION_LABELS[line.action]}</strong>
                {line.comment && <span className="sheet__comment">：{line.comment}</span>}
              </td>
              <td className="sheet__time">{formatDateTime(line.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <footer className="sheet__audit">
        <p>
          审计记录共{view.audit.length}条，{view.audit.valid ? "记录完整" : `第${view.audit.brokenAt ?? "?"}条起被改动`}
        </p>
        <p>
          记录校验码：<code className="sheet__hash">{instance.auditHead}</code>
        </p>
        <p className="muted">审批编号 {instance.instanceId} · 打印于 {formatDateTime(new Date().toISOString())}</p>
      </footer>
    </article>
  );
}
