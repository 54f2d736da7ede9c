import { useQuery } from "@tanstack/react-query";
import { ErrorMessage } from "../components/Status";
import { keys } from "../lib/queryKeys";
import { electionsApi, type Election, type Turnout } from "./api";

/**
 * 投票进行中 on the console: who the 监票人 are and who has not voted yet. Names of those who have
 * not voted come from the roll, which only the election's admins may read (the API refuses anyone
 * else); everyone else sees the count. Turnout is people, never votes: nothing here says how anyone voted.
 */
export function VotingStatusPanel({ election, canManage, turnout }: { election: Election; canManage: boolean; turnout?: Turnout }) {
  const roll = useQuery({
    queryKey: keys.elections.roll(election.electionId),
    queryFn: ({ signal }) => electionsApi.roll(election.electionId, signal),
    enabled: canManage,
    refetchInterval: 10_000,
  });
  const notVoted = roll.data?.items.filter((voter) => !voter.voted && !voter.paper) ?? [];
  const waiting = canManage ? notVoted.length : turnout ? turnout.roll - turnout.voted : undefined;
  return (
    <section className="panel voting-status" aria-labelledby="voting-status-title">
      <h2 id="voting-status-title">投票进行中</h2>
      <p>
        <strong>监票人：</strong>
        {election.scrutineers.length > 0 ? election.scrutineers.map((person) => person.name).join("、") : "未指定（结果须由监票人确认，请尽快指定）"}
      </p>
      {canManage && <ErrorMessage error={roll.error ?? undefined} />}
      {waiting !== undefined && (
        <p>
          <strong>未投票：</strong>
          {waiting === 0 ? "选民均已投票，可以结束投票。" : `${waiting}人`}
        </p>
      )}
      {canManage && notVoted.length > 0 && (
        <ul className="voting-status__names" aria-label="未投票的选民">
          {notVoted.map((voter) => (
            <li key={voter.accountId}>
              {voter.name}
              {voter.checkedIn ? <span className="muted">（已签到）</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
