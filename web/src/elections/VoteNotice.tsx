import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { Election, Standing } from "./api";
import { MemberQr } from "./MemberQr";

interface Props {
  election: Election;
  /** The signed-in member's standing (absent for a code voter without a session). */
  me?: Standing;
  byCode: boolean;
  onRefresh: () => void;
  /** The ballot, shown when this person may vote now. */
  children: ReactNode;
}

const path = (election: Election, page: string) => `/elections/${encodeURIComponent(election.electionId)}/${page}`;

/** Says why there is no ballot to fill (not open yet, not checked in, voted, closed) — or shows it. */
export function VoteNotice({ election, me, byCode, onRefresh, children }: Props) {
  const meeting = election.config.mode === "meeting";
  const refresh = (
    <button type="button" className="button" onClick={onRefresh}>
      刷新
    </button>
  );
  if (election.status === "draft" || election.status === "roll_frozen") {
    return (
      <div className="notice">
        <p>
          <strong>投票尚未开始。</strong>
          {meeting ? "请先签到；主持人宣布开始投票后，请点“刷新”。" : "投票开始后，请点“刷新”。"}
        </p>
        {meeting && !byCode && me?.onRoll && !me.checkedIn && <MemberQr electionId={election.electionId} />}
        {meeting && me?.checkedIn && <p>您已签到。</p>}
        {refresh}
      </div>
    );
  }
  if (election.status !== "open") {
    const published = election.status === "published";
    return (
      <div className="notice">
        <p>
          <strong>投票已结束。</strong>
          {published ? "选举结果已经公布。" : "监票人确认后将公布结果。"}
        </p>
        {published && (
          <p className="actions">
            <Link className="button" to={path(election, "results")}>
              查看结果
            </Link>
            <Link className="button" to={path(election, "bulletin")}>
              选票清单
            </Link>
          </p>
        )}
      </div>
    );
  }
  if (!byCode && me) {
    if (!me.onRoll) return <p className="alert">您不在本次选举的选民名册上，不能投票。持投票码的选民请扫描投票卡上的二维码。</p>;
    if (me.voted) return <p className="success">您已经投过票，感谢参与。每人只能投一票。</p>;
    if (meeting && !me.checkedIn) {
      return (
        <div className="notice">
          <p>
            <strong>请先签到领取选票。</strong>签到后点“刷新”即可投票。
          </p>
          <MemberQr electionId={election.electionId} />
          {refresh}
        </div>
      );
    }
  }
  return <>{children}</>;
}
