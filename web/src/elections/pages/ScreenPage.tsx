import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router-dom";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { electionsApi } from "../api";
import { useTurnout } from "../useTurnout";
import "../screen.css";

/** 投影大屏 (/elections/:id/screen): 应到, 实到, quorum, ballots cast — refreshed every 3 s, never any result. */
export default function ScreenPage() {
  const { electionId = "" } = useParams();
  const election = useQuery({ queryKey: keys.elections.one(electionId), queryFn: ({ signal }) => electionsApi.get(electionId, signal) });
  const { turnout, error } = useTurnout(electionId, 3000);
  const title = election.data?.election.title;
  useTitle(title ? `大屏 · ${title}` : "投影大屏");
  const meeting = election.data?.election.config.mode !== "online";

  return (
    <main className="screen">
      <h1 className="screen__title">{title ?? "　"}</h1>
      {turnout ? (
        <>
          <p className={`screen__status screen__status--${turnout.status}`}>{turnout.statusLabel}</p>
          <dl className="screen__figures">
            <div>
              <dt>应到</dt>
              <dd data-testid="screen-roll">{turnout.roll}</dd>
            </div>
            {meeting && (
              <div>
                <dt>实到</dt>
                <dd data-testid="screen-present">{turnout.present}</dd>
              </div>
            )}
            <div>
              <dt>已投票</dt>
              <dd data-testid="screen-voted">{turnout.voted}</dd>
            </div>
          </dl>
          {meeting && (
            <p className={`screen__quorum${turnout.quorum.met ? " screen__quorum--met" : ""}`}>
              {turnout.quorum.met ? `✓ 到会人数已达法定人数（${turnout.quorum.required}人）` : `未达法定人数：须到会${turnout.quorum.required}人，还差${turnout.quorum.required - turnout.present}人`}
            </p>
          )}
          <p className="screen__note">{turnout.status === "published" ? "选举结果已公布" : "计票结果须经监票人确认后公布"}</p>
        </>
      ) : (
        <p className="screen__note">{error ? error.title : "加载中…"}</p>
      )}
      {turnout && error && <p className="screen__stale">连接中断，数字可能不是最新的…</p>}
    </main>
  );
}
