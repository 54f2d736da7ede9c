import { useQuery } from "@tanstack/react-query";
import { ErrorMessage, Loading } from "../components/Status";
import { keys } from "../lib/queryKeys";
import { campaignsApi, type Campaign } from "./api";
import { judgingProgress } from "./judgingProgress";

/** 评分进度 on 概况 during 评审: 已评 12/30, each judge's count, and the next step. */
export function JudgingProgressPanel({ campaign }: { campaign: Campaign }) {
  const matrix = useQuery({
    queryKey: [...keys.campaigns.assignments(campaign.campaignId), campaign.judgeIds.join(",")],
    queryFn: ({ signal }) => campaignsApi.assignments(campaign.campaignId, signal),
  });
  if (matrix.isPending) return <Loading />;
  if (!matrix.data) return <ErrorMessage error={matrix.error} />;
  const progress = judgingProgress(matrix.data);
  return (
    <section className="panel judging-progress" aria-labelledby="judging-progress-title">
      <h2 id="judging-progress-title">评分进度</h2>
      <p className="judging-progress__total" data-testid="judging-progress">
        已评 {progress.scored}/{progress.seats}
      </p>
      <progress max={Math.max(progress.seats, 1)} value={progress.scored} aria-label={`已评 ${progress.scored}/${progress.seats}`} />
      {progress.judges.length > 0 && (
        <ul className="judging-progress__judges" aria-label="各评委进度">
          {progress.judges.map((judge) => (
            <li key={judge.judgeId}>
              <span>{judge.name}</span>
              <span className={judge.scored >= judge.assigned ? "status status--approved" : "status"}>
                {judge.scored}/{judge.assigned}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="notice" role="status">
        下一步：{progress.next}
      </p>
    </section>
  );
}
