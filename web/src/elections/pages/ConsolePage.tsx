import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { electionsApi, type ElectionView } from "../api";
import { CheckinPanel } from "../CheckinPanel";
import { CodesPanel } from "../CodesPanel";
import { ControlPanel } from "../ControlPanel";
import { CountPanel } from "../CountPanel";
import { NominationsPanel } from "../NominationsPanel";
import { PaperPanel, takesPaper } from "../PaperPanel";
import { ProxyPanel } from "../ProxyPanel";
import { PaperSummary, StatusSteps } from "../PaperSummary";
import { ScrutineersPanel } from "../ScrutineersPanel";
import { VotingStatusPanel } from "../VotingStatusPanel";
import { useTurnout } from "../useTurnout";
import "../elections.css";
import "../vote.css";

/** 选举控制台 (/elections/:id): the chair runs it, scrutineers certify here, members find the ballot and the results. */
export default function ConsolePage() {
  const { electionId = "" } = useParams();
  const client = useQueryClient();
  const loaded = useQuery({ queryKey: keys.elections.one(electionId), queryFn: ({ signal }) => electionsApi.get(electionId, signal) });
  const view = loaded.data;
  const live = !!view && (view.election.status === "roll_frozen" || view.election.status === "open");
  const { turnout, setTurnout } = useTurnout(electionId, 5000, live && !!view?.me.canManage);
  useTitle(view?.election.title);

  if (loaded.isPending) return <Loading />;
  if (!view) return <ErrorMessage error={loaded.error} />;
  const { election, me } = view;
  const replace = (next: ElectionView) => client.setQueryData(keys.elections.one(electionId), next);
  const closed = ["closed", "certified", "published"].includes(election.status);
  const paper = takesPaper(view);
  // A sitting that takes paper is counted once the tellers' entry is closed.
  const counted = closed && (!paper || !!election.resultsHash);
  const id = encodeURIComponent(election.electionId);

  return (
    <div className="console">
      <p className="crumbs-lite">
        <Link to={`/orgs/${election.orgId}/elections`}>‹ 换届选举</Link>
      </p>
      <header className="page-head">
        <h1>{election.title}</h1>
        <p className="page-head__meta">
          <span className={`pill pill--${election.status}`}>{election.statusLabel}</span>
          <span className="muted">{election.config.mode === "meeting" ? "会议投票" : "线上投票"}</span>
          {election.round > 1 && <span className="muted">第{election.round}轮</span>}
        </p>
      </header>
      <StatusSteps status={election.status} />

      {!me.canManage && (
        <div className="panel">
          {election.status === "open" && me.onRoll && !me.voted && (
            <Link className="button button--primary button--block" to={`/elections/${id}/vote`}>
              去投票
            </Link>
          )}
          {me.voted && <p className="success">您已投票。</p>}
          {election.status === "draft" && election.nomination && (
            <p>
              <Link className="button" to={`/forms/${encodeURIComponent(election.nomination.formId)}/fill`}>
                提名候选人
              </Link>
            </p>
          )}
          {election.status === "published" ? (
            <p className="actions">
              <Link className="button" to={`/elections/${id}/results`}>
                查看结果
              </Link>
              <Link className="button" to={`/elections/${id}/bulletin`}>
                选票清单
              </Link>
            </p>
          ) : (
            !closed && <p className="muted">{me.onRoll ? "您在本次选举的选民名册上。" : "投票开始后可在此进入投票页面。"}</p>
          )}
        </div>
      )}

      {me.canManage && (election.status === "draft" || election.nomination) && !closed && <NominationsPanel election={election} onChange={replace} />}
      {me.canManage && (election.status === "draft" || election.status === "roll_frozen") && <ScrutineersPanel election={election} onChange={replace} />}
      {paper && (me.canManage || me.teller || me.scrutineer) && !counted && <PaperPanel view={view} onChange={replace} />}
      {me.canManage && !closed && <ControlPanel view={view} turnout={turnout} onChange={replace} />}
      {(me.canManage || me.scrutineer) && election.status === "open" && <VotingStatusPanel election={election} canManage={me.canManage} turnout={turnout} />}
      {me.canManage && live && election.config.mode === "meeting" && <CheckinPanel election={election} onTurnout={setTurnout} />}
      {me.canManage && live && election.config.mode === "meeting" && (election.config.proxyLimit ?? 0) > 0 && <ProxyPanel election={election} onTurnout={setTurnout} />}
      {me.canManage && live && <CodesPanel election={election} />}
      {counted && (me.canManage || me.scrutineer || election.status === "published") && <CountPanel view={view} onChange={replace} />}
      {closed && !me.canManage && !me.scrutineer && !me.teller && election.status !== "published" && <p className="notice">投票已结束，监票人确认后将公布结果。</p>}

      <PaperSummary election={election} />
    </div>
  );
}
