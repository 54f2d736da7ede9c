import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { electionsApi, type Bulletin, type ElectionConfig } from "../api";
import { describeBallot } from "../describeBallot";
import { describePaperChoices } from "@tongxin/core/elections/paper-line";
import "../elections.css";

const normalize = (text: string) => text.toUpperCase().replace(/[^0-9A-Z]/g, "");
const PAGE = 100;

/** 选票清单 (/elections/:id/bulletin): every ballot, ordered by 投票凭证码, with 查找我的选票. */
export default function BulletinPage() {
  const { electionId = "" } = useParams();
  const loaded = useQuery({
    queryKey: [...keys.elections.bulletin(electionId), "page"],
    queryFn: async ({ signal }) => {
      const [bulletin, doc] = await Promise.all([electionsApi.bulletin(electionId, signal), electionsApi.results(electionId, signal)]);
      return { bulletin, config: doc.config };
    },
  });
  const [query, setQuery] = useState("");
  const [shown, setShown] = useState(PAGE);
  useTitle(loaded.data ? `选票清单 · ${loaded.data.bulletin.title}` : "选票清单");
  if (loaded.isPending) return <Loading />;
  if (!loaded.data) {
    if (loaded.error?.code === "election.not_published") return <p className="notice">选票清单在选举结果公布后开放。</p>;
    return <ErrorMessage error={loaded.error} />;
  }
  const { bulletin, config } = loaded.data;
  const wanted = normalize(query);
  const found = wanted.length >= 4 ? bulletin.ballots.filter((b) => normalize(b.trackingCode).includes(wanted)) : undefined;
  const id = encodeURIComponent(bulletin.electionId);

  return (
    <>
      <p className="crumbs-lite">
        <Link to={`/elections/${id}/results`}>‹ 选举结果</Link>
      </p>
      <header className="page-head">
        <h1>选票清单</h1>
        <p className="muted">
          {bulletin.title} · 共{bulletin.count}张选票，按投票凭证码排序。清单不含投票人信息，任何人都可据此重新计票。
        </p>
      </header>
      <div className="panel">
        <div className="field">
          <label htmlFor="find-mine">查找我的选票</label>
          <input id="find-mine" inputMode="text" autoCapitalize="characters" autoComplete="off" spellCheck={false} placeholder="输入投票凭证码，如 AB12-CD34-…" value={query} onChange={(e) => setQuery(e.target.value)} />
          <p className="field__hint">输入凭证码（至少4位）即可查找；大小写、短横线均可忽略。</p>
        </div>
        {found && found.length === 0 && (
          <p className="alert" role="status">
            没有找到凭证码为“{query.trim()}”的选票，请核对后重试。
          </p>
        )}
        {found && found.length > 0 && (
          <div role="status">
            <p className="success">找到{found.length === 1 ? "您的选票" : `${found.length}张选票`}：</p>
            <BallotList ballots={found.slice(0, 20)} config={config} highlight />
          </div>
        )}
      </div>
      <BallotList ballots={bulletin.ballots.slice(0, shown)} config={config} />
      {shown < bulletin.ballots.length && (
        <button type="button" className="button button--block" onClick={() => setShown((n) => n + PAGE)}>
          显示更多（还有{bulletin.ballots.length - shown}张）
        </button>
      )}
      {bulletin.paperBallots && bulletin.paperBallots.length > 0 && (
        <section aria-labelledby="paper-ballots-title">
          <h2 id="paper-ballots-title">纸质选票（{bulletin.paperBallots.length}张，按批次和序号）</h2>
          <ol className="bulletin">
            {bulletin.paperBallots.map((ballot) => (
              <li key={`${ballot.batch}-${ballot.seq}`} className="bulletin__item">
                <code className="bulletin__code">
                  第{ballot.batch}批第{ballot.seq}号
                </code>
                <ul className="bulletin__lines">
                  {describePaperChoices(config, ballot.choices).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}

function BallotList({ ballots, config, highlight }: { ballots: Bulletin["ballots"]; config: ElectionConfig; highlight?: boolean }) {
  return (
    <ol className={`bulletin${highlight ? " bulletin--found" : ""}`}>
      {ballots.map((ballot) => (
        <li key={ballot.trackingCode} className="bulletin__item">
          <code className="bulletin__code">{ballot.trackingCode}</code>
          <ul className="bulletin__lines">
            {describeBallot(config, ballot.choices).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
