import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { keys } from "../lib/queryKeys";
import { electionsApi, type Election, type ElectionView } from "./api";

interface Props {
  election: Election;
  onChange: (view: ElectionView) => void;
}

const fillPath = (formId: string) => `/forms/${encodeURIComponent(formId)}/fill`;

/**
 * 候选人提名 (admins): turn nominations on while the election is being set up, hand members the
 * form, and follow each nomination through its approval; approved ones join the candidates.
 */
export function NominationsPanel({ election, onChange }: Props) {
  const setUp = election.status === "draft";
  const nomination = election.nomination;
  const chains = useQuery({ queryKey: [...keys.elections.workflows(election.orgId), setUp && !nomination], queryFn: ({ signal }) => (setUp && !nomination ? electionsApi.workflows(election.orgId, signal) : Promise.resolve({ items: [] })) });
  const list = useQuery({ queryKey: [...keys.elections.nominations(election.electionId), !!nomination], queryFn: ({ signal }) => (nomination ? electionsApi.nominations(election.electionId, signal) : Promise.resolve({ items: [] })) });
  const [chain, setChain] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  if (!nomination && !setUp) return null;

  async function open() {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await electionsApi.openNominations(election.electionId, chain || undefined));
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="nominations-title">
      <h2 id="nominations-title">候选人提名</h2>
      {!nomination ? (
        <>
          <p className="muted">开启后，本组织会员可填写《候选人提名表》提名候选人；提名经审批通过后自动列入该职务的候选人名单。冻结选民名册后不再增加候选人。</p>
          {chains.data && chains.data.items.length > 0 && (
            <label className="field">
              <span className="field__label">审批流程</span>
              <select value={chain} onChange={(event) => setChain(event.target.value)}>
                <option value="">默认：本组织管理员审核（一步）</option>
                {chains.data.items.map((workflow) => (
                  <option key={workflow.workflowId} value={workflow.workflowId}>
                    {workflow.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <ErrorMessage error={error?.errors.workflowId?.[0] ?? error} />
          <p className="actions">
            <button type="button" className="button button--primary" onClick={open} disabled={busy}>
              {busy ? "正在开启…" : "开启提名"}
            </button>
          </p>
        </>
      ) : (
        <>
          <p>
            提名表：<Link to={fillPath(nomination.formId)}>候选人提名表</Link>（请将此链接发给会员）
            <br />
            <span className="muted">审批流程：{nomination.workflowName}。审批在“待办”中办理。</span>
          </p>
          {!setUp && <p className="notice">选民名册已冻结，此后通过的提名不再列入候选人（系统会记录原因）。</p>}
          {list.isPending && <p className="loading">加载提名…</p>}
          <ErrorMessage error={list.error} />
          {list.data && list.data.items.length === 0 && <p className="muted">尚无提名。</p>}
          {list.data && list.data.items.length > 0 && (
            <ul className="nominations" aria-label="提名列表">
              {list.data.items.map((item) => (
                <li key={item.submissionId} className="nominations__item">
                  <strong>{item.name}</strong>（{item.positionTitle}）<span className={`pill pill--${item.status}`}>{item.statusLabel}</span>
                  <br />
                  <span className="muted">
                    提名人：{item.submitterName}
                    {item.referee ? `；推荐人：${item.referee}` : ""}
                  </span>
                  {item.outcome?.outcome === "added" && <p className="success">已列入候选人</p>}
                  {item.outcome?.outcome === "refused" && <p className="notice notice--warn">未列入候选人：{item.outcome.reason}</p>}
                  {item.instanceId && item.status === "in_review" && (
                    <p>
                      <Link to={`/instances/${encodeURIComponent(item.instanceId)}`}>去审批</Link>
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
