import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { ApiError, newIdempotencyKey } from "../api";
import { ErrorMessage, Loading } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { keys } from "../lib/queryKeys";
import { electionPdfUrl, electionsApi, resultsXlsxUrl, type ElectionView } from "./api";
import { ResultsView } from "./ResultsView";

interface Props {
  view: ElectionView;
  onChange: (view: ElectionView) => void;
}

/** After the close: the count (admins and scrutineers only until published), certification, publication, 另行选举. */
export function CountPanel({ view, onChange }: Props) {
  const { election, me } = view;
  const navigate = useNavigate();
  const doc = useQuery({ queryKey: [...keys.elections.results(election.electionId), election.status, election.certifications.length], queryFn: ({ signal }) => electionsApi.results(election.electionId, signal) });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [runoffKey] = useState(newIdempotencyKey);

  async function act(run: () => Promise<ElectionView>) {
    setBusy(true);
    setError(undefined);
    try {
      const next = await run();
      if (next.election.electionId !== election.electionId) navigate(`/elections/${next.election.electionId}`);
      else onChange(next);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setBusy(false);
    }
  }

  const missing = election.scrutineers.filter((s) => !election.certifications.some((c) => c.accountId === s.accountId));
  const results = doc.data?.results;
  const blocking = [
    ...(missing.length > 0 ? [`尚有监票人未确认结果：${missing.map((s) => s.name).join("、")}`] : []),
    ...(results && !results.integrity.ok ? results.integrity.problems : []),
  ];
  const needsRunoff = results?.positions.some((p) => p.unfilled > 0) ?? false;

  return (
    <section className="panel" aria-labelledby="count-title">
      <h2 id="count-title">{election.status === "published" ? "选举结果" : "计票结果（未公布）"}</h2>
      {election.status !== "published" && <p className="notice">以下结果仅管理员和监票人可见，须全部监票人确认后方可公布。</p>}
      {doc.isPending && <Loading />}
      <ErrorMessage error={doc.error} />
      {results && <ResultsView results={results} />}

      <h3>监票人确认</h3>
      <ul className="certs">
        {election.scrutineers.map((s) => {
          const done = election.certifications.find((c) => c.accountId === s.accountId);
          return (
            <li key={s.accountId} className={done ? "certs__done" : undefined}>
              {s.name}：{done ? `已确认（${formatDateTime(done.at)}）` : "待确认"}
            </li>
          );
        })}
      </ul>
      <ErrorMessage error={error} />
      {me.scrutineer && !me.certified && election.status === "closed" && doc.data && (
        <p className="actions">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => act(() => electionsApi.certify(election.electionId, doc.data!.resultsHash))}>
            确认结果（我已核对以上计票结果）
          </button>
        </p>
      )}
      {me.canManage && election.status !== "published" && (
        <>
          {blocking.length > 0 && (
            <div className="notice notice--warn">
              <p>暂不能发布：</p>
              <ul>
                {blocking.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </div>
          )}
          <p className="actions">
            <button type="button" className="button button--primary" disabled={busy || blocking.length > 0} onClick={() => act(() => electionsApi.step(election.electionId, "publish"))}>
              发布结果
            </button>
          </p>
        </>
      )}
      <p className="actions">
        {election.status === "published" && (
          <>
            <Link className="button" to={`/elections/${election.electionId}/results`}>
              结果公告
            </Link>
            <Link className="button" to={`/elections/${election.electionId}/bulletin`}>
              选票清单
            </Link>
          </>
        )}
        <a className="button" href={resultsXlsxUrl(election.electionId)} download>
          下载结果（Excel）
        </a>
        <a className="button" href={electionPdfUrl(election.electionId, "report")} download>
          选举结果报告单（PDF）
        </a>
        {me.canManage && (
          <a className="button" href={electionPdfUrl(election.electionId, "filing")} download>
            换届备案材料（PDF）
          </a>
        )}
      </p>
      {me.canManage && election.status === "published" && needsRunoff && !election.runoffId && (
        <div className="notice notice--warn">
          <p>有职位未选满（或得票相同），须对空缺名额另行选举。另行选举沿用本次的选民名册、签到和监票人。</p>
          <button type="button" className="button button--primary" disabled={busy} onClick={() => act(() => electionsApi.runoff(election.electionId, runoffKey))}>
            另行选举
          </button>
        </div>
      )}
      {election.runoffId && (
        <p>
          <Link to={`/elections/${election.runoffId}`}>前往另行选举（第{election.round + 1}轮）</Link>
        </p>
      )}
    </section>
  );
}
