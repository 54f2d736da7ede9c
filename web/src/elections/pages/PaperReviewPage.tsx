import { describePaperChoices, parsePaperLine } from "@tongxin/core/elections/paper-line";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { electionsApi, type ElectionConfig, type PaperProgress } from "../api";
import { PaperKey } from "../PaperKey";
import "../elections.css";
import "../paper.css";

type Discrepancy = NonNullable<PaperProgress["discrepancies"]>[number];

/** One ballot whose two entries differ: both entries read back, and what the paper says. */
function Resolve({ electionId, config, item, canResolve, onDone }: { electionId: string; config: ElectionConfig; item: Discrepancy; canResolve: boolean; onDone: () => void }) {
  const [line, setLine] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const preview = line.trim() ? parsePaperLine(config, line) : undefined;
  const title = `第${item.batch}批第${item.seq}号`;
  // The sections whose readings differ (each reading line starts with its section's name).
  const differing = item.readingA.map((reading, i) => (reading !== item.readingB[i] ? reading.split("：")[0]! : "")).filter(Boolean);

  async function resolve(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await electionsApi.resolvePaper(electionId, { batch: item.batch, seq: item.seq, line });
      onDone();
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
      setBusy(false);
    }
  }

  return (
    <li className="panel">
      <h3>{title}</h3>
      {differing.length > 0 && <p className="notice notice--warn">不一致之处：{differing.join("、")}</p>}
      <div className="paper-review__entries">
        <div>
          <p>
            一录（{item.a.tellerName}）：<span className="mono">{item.a.line}</span>
          </p>
          <p className="muted">{item.readingA.join("；")}</p>
        </div>
        <div>
          <p>
            二录（{item.b.tellerName}）：<span className="mono">{item.b.line}</span>
          </p>
          <p className="muted">{item.readingB.join("；")}</p>
        </div>
      </div>
      {canResolve ? (
        <form onSubmit={resolve} aria-label={`裁定${title}`}>
          <label className="paper-review__line">
            对照原票，录入选票上实际的内容
            <input value={line} onChange={(e) => setLine(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <p className="actions">
            <button type="button" className="button" onClick={() => setLine(item.a.line)}>
              与一录相同
            </button>
            <button type="button" className="button" onClick={() => setLine(item.b.line)}>
              与二录相同
            </button>
            <button type="submit" className="button button--primary" disabled={busy || !line.trim() || !!preview?.problems.length}>
              {busy ? "保存中…" : "裁定"}
            </button>
          </p>
          {preview && (preview.problems.length > 0 ? <ErrorMessage error={preview.problems[0]} /> : <p>按此计票：{describePaperChoices(config, preview.choices).join("；")}</p>)}
          <ErrorMessage error={error?.errors.line?.[0] ?? error} />
        </form>
      ) : (
        <p className="muted">由监票人对照原票裁定。</p>
      )}
    </li>
  );
}

/** 纸质选票核对 (/elections/:id/paper-review): the scrutineers resolve the ballots whose two entries differ; the admin closes the entry. */
export default function PaperReviewPage() {
  const { electionId = "" } = useParams();
  const client = useQueryClient();
  const progress = useQuery({ queryKey: keys.elections.paper(electionId), queryFn: ({ signal }) => electionsApi.paperProgress(electionId, signal) });
  const view = useQuery({ queryKey: keys.elections.one(electionId), queryFn: ({ signal }) => electionsApi.get(electionId, signal) });
  useTitle("纸质选票核对");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  if (progress.isPending || view.isPending) return <Loading />;
  if (!progress.data || !view.data) return <ErrorMessage error={progress.error ?? view.error} />;
  const { election, batches, discrepancies = [], resolved = [], reasons, entryOpen } = progress.data;
  const { me } = view.data;
  const id = encodeURIComponent(election.electionId);
  const refresh = () => client.invalidateQueries({ queryKey: keys.elections.paper(electionId) });

  async function finish() {
    setBusy(true);
    setError(undefined);
    try {
      await electionsApi.finishPaper(electionId);
      await client.invalidateQueries({ queryKey: ["elections", electionId] });
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="paper-review">
      <p className="crumbs-lite">
        <Link to={`/elections/${id}`}>‹ {election.title}</Link>
      </p>
      <h1>纸质选票核对</h1>
      <section className="panel" aria-labelledby="progress-title">
        <h2 id="progress-title">
          录入进度：已录入{progress.data.returned}张，核对一致或已裁定{progress.data.settled}张
        </h2>
        {batches.length === 0 ? (
          <p className="muted">尚未录入纸质选票。</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>批次</th>
                <th>一录</th>
                <th>二录</th>
                <th>一致</th>
                <th>不一致</th>
                <th>已裁定</th>
                <th>只录一次</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.batch}>
                  <td>{b.batch}</td>
                  <td>
                    {b.tellers.A ?? "—"}（{b.entered.A}）
                  </td>
                  <td>
                    {b.tellers.B ?? "—"}（{b.entered.B}）
                  </td>
                  <td>{b.agreed}</td>
                  <td>{b.differing}</td>
                  <td>{b.resolved}</td>
                  <td>{b.single}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {entryOpen && reasons.map((reason) => <p key={reason} className="notice notice--warn">{reason}</p>)}
        {!entryOpen && election.paperEntry === "closed" && <p className="success">纸质选票已录入完成并计票。</p>}
        {me.canManage && entryOpen && (
          <p className="actions">
            <button type="button" className="button button--primary" onClick={finish} disabled={busy || !progress.data.complete || progress.data.returned === 0}>
              {busy ? "计票中…" : "结束录入并计票"}
            </button>
          </p>
        )}
        <ErrorMessage error={error} />
      </section>

      <section aria-labelledby="discrepancies-title">
        <h2 id="discrepancies-title">两次录入不一致的选票（{discrepancies.length}张）</h2>
        {discrepancies.length === 0 ? (
          <p className="muted">没有需要裁定的选票。</p>
        ) : (
          <ul className="plain-list">
            {discrepancies.map((item) => (
              <Resolve key={`${item.batch}-${item.seq}`} electionId={electionId} config={election.config} item={item} canResolve={me.scrutineer && entryOpen} onDone={refresh} />
            ))}
          </ul>
        )}
      </section>

      {resolved.length > 0 && (
        <section className="panel" aria-labelledby="resolved-title">
          <h2 id="resolved-title">已裁定（{resolved.length}张）</h2>
          <ul>
            {resolved.map((r) => (
              <li key={`${r.batch}-${r.seq}`}>
                第{r.batch}批第{r.seq}号：<span className="mono">{r.line}</span>（{r.byName}裁定）
              </li>
            ))}
          </ul>
        </section>
      )}
      <PaperKey config={election.config} />
    </div>
  );
}
