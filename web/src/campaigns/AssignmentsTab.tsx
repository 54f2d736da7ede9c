import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, ApiError, type Member } from "../api";
import { ErrorMessage, Loading, Success } from "../components/Status";
import { keys } from "../lib/queryKeys";
import { campaignsApi, type AssignmentMatrix, type Campaign } from "./api";
import { CONFLICT_SHORT, conflictText, SCORE_STATUS_LABELS } from "./labels";

const asError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, "client.error", "操作失败，请重试"));

/** 评审分配: the panel (judges of the campaign org), 自动分配, and the entry × judge matrix with loads and conflicts. */
export function AssignmentsTab({ campaign, onChange }: { campaign: Campaign; onChange: (next: Campaign) => void }) {
  return (
    <>
      <JudgePanel campaign={campaign} onChange={onChange} />
      {campaign.status === "collecting" ? (
        <p className="notice">评审开始后可分配评委。评委名单可以现在确定。</p>
      ) : (
        <Matrix campaign={campaign} />
      )}
    </>
  );
}

function JudgePanel({ campaign, onChange }: { campaign: Campaign; onChange: (next: Campaign) => void }) {
  const members = useQuery({ queryKey: keys.orgs.memberChoices(campaign.orgId), queryFn: async ({ signal }) => (await api.memberChoices(campaign.orgId, signal)).items.filter((m) => m.roles.includes("judge")) });
  const [chosen, setChosen] = useState<string[]>(campaign.judgeIds);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  useEffect(() => setChosen(campaign.judgeIds), [campaign.judgeIds]);
  const dirty = chosen.length !== campaign.judgeIds.length || chosen.some((id) => !campaign.judgeIds.includes(id));

  async function save() {
    setBusy(true);
    setProblem(undefined);
    setSaved(false);
    try {
      onChange(await campaignsApi.setJudges(campaign.campaignId, chosen));
      setSaved(true);
    } catch (error) {
      setProblem(asError(error));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (member: Member) => {
    setSaved(false);
    setChosen((current) => (current.includes(member.accountId) ? current.filter((id) => id !== member.accountId) : [...current, member.accountId]));
  };

  return (
    <section className="panel" aria-labelledby="panel-judges">
      <h2 id="panel-judges">评委名单</h2>
      {members.isPending && <Loading />}
      <ErrorMessage error={members.error} />
      {members.data &&
        (members.data.length === 0 ? (
          <p className="muted">{campaign.orgName}还没有“评审专家”角色的成员。请先在成员管理中添加评委。</p>
        ) : (
          <>
            <p className="muted">
              从{campaign.orgName}的评审专家中选择（已选{chosen.length}人，每件案例需{campaign.judgesPerEntry}人）。
            </p>
            <div className="checks__list">
              {members.data.map((member) => (
                <label key={member.accountId} className="check">
                  <input type="checkbox" checked={chosen.includes(member.accountId)} onChange={() => toggle(member)} />
                  <span>
                    {member.name}
                    {member.unit && <span className="muted">（{member.unit}）</span>}
                  </span>
                </label>
              ))}
            </div>
          </>
        ))}
      <ErrorMessage error={problem} />
      {saved && <Success>评委名单已保存</Success>}
      <div className="actions">
        <button type="button" className="button button--primary" onClick={save} disabled={busy || !dirty}>
          {busy ? "正在保存…" : "保存评委名单"}
        </button>
      </div>
    </section>
  );
}

function Matrix({ campaign }: { campaign: Campaign }) {
  const client = useQueryClient();
  const matrixKey = [...keys.campaigns.assignments(campaign.campaignId), campaign.judgeIds.join(",")];
  const matrix = useQuery({ queryKey: matrixKey, queryFn: ({ signal }) => campaignsApi.assignments(campaign.campaignId, signal) });
  const [busy, setBusy] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();

  async function act(label: string, run: () => Promise<unknown>, success: string) {
    setBusy(label);
    setProblem(undefined);
    setDone(undefined);
    try {
      const result = await run();
      if (result && typeof result === "object" && "matrix" in result) client.setQueryData(matrixKey, (result as { matrix: AssignmentMatrix }).matrix);
      else await client.invalidateQueries({ queryKey: keys.campaigns.assignments(campaign.campaignId) });
      setDone(success);
    } catch (error) {
      setProblem(asError(error).title);
    } finally {
      setBusy(undefined);
    }
  }

  if (matrix.isPending && !matrix.data) return <Loading />;
  if (!matrix.data) return <ErrorMessage error={matrix.error} />;
  const { judges, entries } = matrix.data;
  const missing = entries.reduce((sum, e) => sum + e.missing, 0);
  const loads = judges.map((j) => j.load);
  const spread = loads.length ? Math.max(...loads) - Math.min(...loads) : 0;
  const judging = campaign.status === "judging";

  return (
    <section className="panel" aria-labelledby="matrix-head">
      <h2 id="matrix-head">分配情况</h2>
      <p className="muted" data-testid="assign-summary">
        {entries.length}件案例，{judges.length}位评委；{missing > 0 ? `尚缺${missing}个评审席位` : "每件案例的评委均已配齐"}
        {judges.length > 1 && `；评审量相差${spread}件`}。评委不评审本单位及其上下级单位的案例。
      </p>
      {judging && (
        <div className="actions">
          <button type="button" className="button button--primary" disabled={busy !== undefined || judges.length === 0} onClick={() => act("auto", () => campaignsApi.autoAssign(campaign.campaignId), "已自动分配：每件案例的评委已配齐，评审量已尽量均衡")}>
            {busy === "auto" ? "正在分配…" : "自动分配"}
          </button>
        </div>
      )}
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {done && <Success>{done}</Success>}
      {entries.length === 0 ? (
        <p className="muted">没有审查通过的案例。</p>
      ) : (
        <div className="table-scroll">
          <table className="matrix">
            <thead>
              <tr>
                <th scope="col">案例</th>
                {judges.map((judge) => (
                  <th key={judge.judgeId} scope="col">
                    {judge.name}
                    <span className="matrix__load" data-testid={`load-${judge.name}`}>
                      {judge.load}件
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.entryId} className={entry.missing > 0 ? "matrix__row--missing" : undefined}>
                  <th scope="row">
                    {entry.title}
                    <span className="matrix__unit">{entry.unitName}</span>
                    {entry.missing > 0 && <span className="matrix__missing">缺{entry.missing}位</span>}
                  </th>
                  {judges.map((judge) => {
                    const assigned = entry.assigned.find((a) => a.judgeId === judge.judgeId);
                    const conflict = entry.conflicts[judge.judgeId];
                    const cell = `${entry.entryId}/${judge.judgeId}`;
                    if (assigned) {
                      return (
                        <td key={judge.judgeId} className="matrix__cell matrix__cell--on">
                          <span>{SCORE_STATUS_LABELS[assigned.status]}</span>
                          {judging && assigned.status !== "submitted" && (
                            <button
                              type="button"
                              className="button button--small"
                              aria-label={`取消 ${judge.name} 评审“${entry.title}”`}
                              disabled={busy !== undefined}
                              onClick={() => act(cell, () => campaignsApi.unassign(campaign.campaignId, entry.entryId, judge.judgeId), `已取消${judge.name}对该案例的评审`)}
                            >
                              移除
                            </button>
                          )}
                        </td>
                      );
                    }
                    return (
                      <td key={judge.judgeId} className={conflict ? "matrix__cell matrix__cell--conflict" : "matrix__cell"} title={conflict ? conflictText(conflict) : undefined}>
                        {conflict && <span className="matrix__conflict">回避·{CONFLICT_SHORT[conflict.reason]}</span>}
                        {judging && (
                          <button
                            type="button"
                            className="button button--small"
                            aria-label={`分配 ${judge.name} 评审“${entry.title}”`}
                            disabled={busy !== undefined}
                            onClick={() => act(cell, () => campaignsApi.assign(campaign.campaignId, entry.entryId, judge.judgeId), `已分配${judge.name}评审该案例`)}
                          >
                            分配
                          </button>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
