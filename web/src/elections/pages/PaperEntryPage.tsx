import { describePaperChoices, parsePaperLine, sectionLabels } from "@tongxin/core/elections/paper-line";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { electionsApi, type EnteredBallot, type Side } from "../api";
import { PaperKey } from "../PaperKey";
import "../elections.css";
import "../paper.css";

/**
 * 纸质选票录入 (/elections/:id/paper-entry): a 计票人 types each paper ballot of a batch as one line,
 * keyboard only. Enter saves and moves to the next number; the line is read back as it is typed
 * (the same pure parser as the server), so a typing error shows before it is sent.
 */
export default function PaperEntryPage() {
  const { electionId = "" } = useParams();
  const client = useQueryClient();
  const progress = useQuery({ queryKey: keys.elections.paper(electionId), queryFn: ({ signal }) => electionsApi.paperProgress(electionId, signal) });
  useTitle(progress.data ? `录入纸质选票 · ${progress.data.election.title}` : "录入纸质选票");
  const [batch, setBatch] = useState(1);
  const [side, setSide] = useState<Side>("A");
  const [seq, setSeq] = useState(1);
  const [line, setLine] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [last, setLast] = useState<EnteredBallot>();
  const lineInput = useRef<HTMLInputElement>(null);

  const config = progress.data?.election.config;
  const preview = useMemo(() => (config && line.trim() ? parsePaperLine(config, line) : undefined), [config, line]);
  const mine = (progress.data?.mine ?? []).filter((entry) => entry.batch === batch);

  if (progress.isPending) return <Loading />;
  if (!progress.data || !config) return <ErrorMessage error={progress.error} />;
  const { election, entryOpen } = progress.data;
  const id = encodeURIComponent(election.electionId);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (busy || !line.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const stored = await electionsApi.enterPaper(electionId, { batch, seq, side, line });
      setLast(stored);
      setLine("");
      setSeq((value) => value + 1);
      await client.invalidateQueries({ queryKey: keys.elections.paper(electionId) });
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setBusy(false);
      lineInput.current?.focus();
    }
  }

  /** Enter in the batch or number field goes to the line. */
  const toLine = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      lineInput.current?.focus();
    }
  };

  return (
    <div className="paper-entry">
      <p className="crumbs-lite">
        <Link to={`/elections/${id}`}>‹ {election.title}</Link>
      </p>
      <h1>录入纸质选票</h1>
      {!entryOpen && <p className="notice notice--warn">{election.status === "closed" ? "纸质选票已录入完成并计票，不能再录入。" : "闭票后才能录入纸质选票。"}</p>}
      <form className="panel paper-entry__form" onSubmit={save} aria-label="录入一张选票">
        <div className="paper-entry__place">
          <label>
            批次
            <input type="number" min={1} max={9999} value={batch} onChange={(e) => setBatch(Math.max(1, Number(e.target.value) || 1))} onKeyDown={toLine} />
          </label>
          <fieldset className="paper-entry__side">
            <legend>本人录入</legend>
            {(["A", "B"] as const).map((value) => (
              <label key={value}>
                <input type="radio" name="side" value={value} checked={side === value} onChange={() => setSide(value)} />
                {value === "A" ? "一录（A）" : "二录（B）"}
              </label>
            ))}
          </fieldset>
          <label>
            序号
            <input type="number" min={1} max={99999} value={seq} onChange={(e) => setSeq(Math.max(1, Number(e.target.value) || 1))} onKeyDown={toLine} />
          </label>
        </div>
        <label className="paper-entry__line">
          第{batch}批第{seq}号
          <input
            ref={lineInput}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={line}
            disabled={!entryOpen}
            onChange={(e) => setLine(e.target.value)}
            placeholder={sectionLabels(config).join(" / ")}
            aria-describedby="paper-preview"
            aria-invalid={!!preview?.problems.length || !!error}
          />
        </label>
        <div id="paper-preview" className="paper-entry__preview" aria-live="polite">
          {preview?.problems.map((problem) => (
            <p key={problem} className="alert">
              {problem}
            </p>
          ))}
          {preview && preview.problems.length === 0 && (
            <ul>
              {describePaperChoices(config, preview.choices).map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
          {preview?.notes.map((note) => (
            <p key={note} className="notice notice--warn">
              {note}
            </p>
          ))}
        </div>
        <ErrorMessage error={error?.errors.line?.[0] ?? error} />
        <p className="actions">
          <button type="submit" className="button button--primary" disabled={busy || !entryOpen || !line.trim() || !!preview?.problems.length}>
            {busy ? "保存中…" : "保存（回车）"}
          </button>
          {last && (
            <span className="success" role="status">
              已保存第{last.batch}批第{last.seq}号：{last.canonical}
            </span>
          )}
        </p>
      </form>

      <PaperKey config={config} />

      <section className="panel" aria-labelledby="mine-title">
        <h2 id="mine-title">
          我在第{batch}批录入的选票（{mine.length}张）
        </h2>
        {mine.length === 0 ? (
          <p className="muted">尚未录入。</p>
        ) : (
          <table className="table paper-entry__mine">
            <thead>
              <tr>
                <th>序号</th>
                <th>录入</th>
                <th>内容</th>
              </tr>
            </thead>
            <tbody>
              {[...mine].reverse().map((entry) => (
                <tr key={`${entry.seq}-${entry.side}`}>
                  <td>{entry.seq}</td>
                  <td className="mono">{entry.line}</td>
                  <td>{entry.reading.join("；")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted">要更正某一张：把序号改回那一号，重新录入即可（只能更正自己录入的）。</p>
      </section>
    </div>
  );
}
