import { useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { ErrorMessage, Loading, Success } from "../components/Status";
import { formatWords } from "../lib/format";
import { keys } from "../lib/queryKeys";
import { campaignsApi, type Campaign, type Ranking } from "./api";
import { ConfirmAwardsDialog } from "./ConfirmAwardsDialog";
import { decidedByText, points } from "./labels";

/** 排名: the live ranking with each judge's total, the rules that decided it, outlier judges, proposed awards and 优秀组织奖 suggestions. */
export function RankingTab({ campaign, onChange }: { campaign: Campaign; onChange: (next: Campaign) => void }) {
  const ranking = useQuery({ queryKey: keys.campaigns.ranking(campaign.campaignId), queryFn: ({ signal }) => campaignsApi.ranking(campaign.campaignId, signal) });
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string>();
  if (campaign.status === "collecting") return <p className="notice">评审开始后，这里实时显示排名。</p>;
  if (ranking.isPending && !ranking.data) return <Loading />;
  if (!ranking.data) return <ErrorMessage error={ranking.error} />;
  const data = ranking.data;
  const top = campaign.rubric.find((c) => c.key === data.topCriterion) ?? campaign.rubric[0]!;
  const incomplete = data.rows.filter((r) => r.incomplete).length;
  const canConfirm = campaign.status === "judging" || campaign.status === "notice";

  return (
    <>
      <div className="actions">
        <button type="button" className="button button--small" onClick={() => void ranking.refetch()} disabled={ranking.isFetching}>
          {ranking.isFetching ? "正在刷新…" : "刷新排名"}
        </button>
        {canConfirm && (
          <button type="button" className="button button--primary" onClick={() => setConfirming(true)}>
            {campaign.status === "notice" ? "修改获奖名单" : "确认获奖名单"}
          </button>
        )}
      </div>
      {done && <Success>{done}</Success>}
      <p className="muted">
        综合得分：评委5人及以上时去掉一个最高分和一个最低分后取平均，否则取平均分。同分时依次比较评委总分的中位数、首要指标“{top.label}”的平均分，仍相同则并列，由评选办公室决定。
        {incomplete > 0 && ` 尚有${incomplete}件案例的评分未全部提交。`}
      </p>
      <RankingTable data={data} top={top} />
      <JudgeDeviations data={data} />
      <ProposedAwards data={data} />
      {confirming && (
        <ConfirmAwardsDialog
          campaign={campaign}
          ranking={data}
          onClose={() => setConfirming(false)}
          onDone={(next) => {
            setConfirming(false);
            onChange(next);
            setDone(next.noticeDays > 0 ? `获奖名单已确认，公示至 ${formatWords(next.noticeEndsAt)}` : "获奖名单已确认，进入公示");
            void ranking.refetch();
          }}
        />
      )}
    </>
  );
}

function RankingTable({ data, top }: { data: Ranking; top: { key: string; label: string } }) {
  if (data.rows.length === 0) return <p className="muted">没有审查通过的案例。</p>;
  const voted = data.rows.some((row) => row.publicVote);
  return (
    <div className="table-scroll">
      <table className="ranking" aria-label="实时排名">
        <thead>
          <tr>
            <th scope="col">名次</th>
            <th scope="col">案例</th>
            <th scope="col">各评委总分</th>
            <th scope="col">综合得分</th>
            {voted && <th scope="col">网络票数（得分）</th>}
            {voted && <th scope="col">最终得分</th>}
            <th scope="col">中位数</th>
            <th scope="col">极差</th>
            <th scope="col">排序依据</th>
            <th scope="col">拟获奖项</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row, index) => (
            <tr key={row.entryId} className={row.tie ? "ranking__row--tie" : row.incomplete ? "ranking__row--incomplete" : undefined} data-testid="ranking-row">
              <td className="num">
                {row.rank ?? "—"}
                {row.tie && <span className="flag">并列</span>}
              </td>
              <th scope="row">
                {row.title}
                <span className="matrix__unit">{row.unitName}</span>
                {row.incomplete && (
                  <span className="flag flag--muted">
                    已评{row.submitted}/{row.assigned}
                  </span>
                )}
              </th>
              <td>
                {row.totals.length === 0
                  ? "—"
                  : row.totals.map((t) => (
                      <span key={t.judgeId} className="judge-total">
                        {t.judgeName} {points(t.total)}
                      </span>
                    ))}
              </td>
              <td className="num strong">
                {points(row.aggregate)}
                {row.trimmed && <span className="flag flag--muted">去高低分</span>}
              </td>
              {voted && <td className="num">{row.publicVote ? `${row.publicVote.votes}（${points(row.publicVote.publicScore)}）` : "—"}</td>}
              {voted && <td className="num strong">{points(row.publicVote?.final ?? null)}</td>}
              <td className="num">{points(row.median)}</td>
              <td className={row.spread !== null && row.spread >= 15 ? "num spread--wide" : "num"}>{points(row.spread)}</td>
              <td className="ranking__why">{decidedByText(row, data.rows[index + 1], top)}</td>
              <td>
                {row.proposedTier ?? "—"}
                {row.boundaryTie && <span className="flag">跨奖项并列，须决定</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JudgeDeviations({ data }: { data: Ranking }) {
  if (data.judges.length === 0) return null;
  return (
    <section aria-labelledby="deviation-head">
      <h2 id="deviation-head">评委打分偏差</h2>
      <p className="muted">评委所打总分与各案例综合得分之差的平均值；正数偏高，负数偏低，绝对值大的评委请留意。</p>
      <div className="table-scroll">
        <table className="ranking ranking--small">
          <thead>
            <tr>
              <th scope="col">评委</th>
              <th scope="col">已评</th>
              <th scope="col">平均偏差</th>
              <th scope="col">平均绝对偏差</th>
            </tr>
          </thead>
          <tbody>
            {data.judges.map((judge) => (
              <tr key={judge.judgeId}>
                <th scope="row">{judge.judgeName}</th>
                <td className="num">{judge.scored}</td>
                <td className="num">{judge.meanDeviation === null ? "—" : `${judge.meanDeviation > 0 ? "+" : ""}${points(judge.meanDeviation)}`}</td>
                <td className="num">{points(judge.meanAbsDeviation)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ProposedAwards({ data }: { data: Ranking }) {
  const titles = new Map(data.rows.map((r) => [r.entryId, r.title]));
  return (
    <section aria-labelledby="proposed-head">
      <h2 id="proposed-head">拟获奖名单</h2>
      {data.proposedAwards.every((group) => group.entryIds.length === 0) ? (
        <p className="muted">尚无可确认的案例（评分提交完毕的案例按名次进入各奖项）。</p>
      ) : (
        <dl className="facts">
          {data.proposedAwards.map((group) => (
            <Fragment key={group.tier}>
              <dt>{group.tier}</dt>
              <dd>{group.entryIds.length === 0 ? "—" : group.entryIds.map((id) => titles.get(id) ?? id).join("、")}</dd>
            </Fragment>
          ))}
        </dl>
      )}
      {data.orgAwardSuggestions.length > 0 && (
        <>
          <h3>单位奖推荐</h3>
          <p className="muted">各级单位按其下（含本单位）审查通过的案例数、再按这些案例的平均综合得分排序；推荐名额给直属单位（组织者），其他层级也可选。</p>
          <div className="table-scroll">
            <table className="ranking ranking--small">
              <thead>
                <tr>
                  <th scope="col">单位</th>
                  <th scope="col">层级</th>
                  <th scope="col">提交</th>
                  <th scope="col">通过审查</th>
                  <th scope="col">下属单位参与</th>
                  <th scope="col">平均得分</th>
                  <th scope="col">最好名次</th>
                  <th scope="col">推荐</th>
                </tr>
              </thead>
              <tbody>
                {data.orgAwardSuggestions.map((unit) => (
                  <tr key={unit.unitId}>
                    <th scope="row">{unit.unitName}</th>
                    <td>{unit.level}</td>
                    <td className="num">{unit.submitted}</td>
                    <td className="num">{unit.eligible}</td>
                    <td className="num">{unit.participation === null ? "—" : `${unit.unitsEntered}/${unit.units}（${Math.round(unit.participation * 100)}%）`}</td>
                    <td className="num">{points(unit.meanAggregate)}</td>
                    <td className="num">{unit.bestRank ?? "—"}</td>
                    <td>{unit.suggested ? "✓ 推荐" : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
