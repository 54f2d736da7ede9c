import { useState } from "react";
import { ApiError } from "../api";
import { campaignsApi, type Campaign, type Ranking } from "./api";
import { Dialog } from "./Dialog";
import { points } from "./labels";

interface Props {
  campaign: Campaign;
  ranking: Ranking;
  onClose: () => void;
  onDone: (next: Campaign) => void;
}

/**
 * 确认获奖名单: each fully scored entry's tier (prefilled from the proposal, or from the awards
 * being revised), and the units given the org award (prefilled from the suggestions).
 */
export function ConfirmAwardsDialog({ campaign, ranking, onClose, onDone }: Props) {
  const [tierOf, setTierOf] = useState<Record<string, string>>(() => {
    const source = campaign.status === "notice" && campaign.awards ? campaign.awards : ranking.proposedAwards;
    return Object.fromEntries(source.flatMap((group) => group.entryIds.map((id) => [id, group.tier])));
  });
  const [orgAwards, setOrgAwards] = useState<string[]>(() =>
    campaign.status === "notice" && campaign.orgAwards ? campaign.orgAwards : ranking.orgAwardSuggestions.filter((u) => u.suggested).map((u) => u.unitId),
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const rows = ranking.rows.filter((row) => !row.incomplete && row.submitted > 0);
  const counts = new Map(ranking.tiers.map((tier) => [tier.name, rows.filter((row) => tierOf[row.entryId] === tier.name).length]));
  const over = ranking.tiers.filter((tier) => (counts.get(tier.name) ?? 0) > tier.count);
  const chosen = [...counts.values()].reduce((a, b) => a + b, 0);

  async function submit() {
    if (over.length > 0) return setProblem(`${over.map((t) => `${t.name}最多${t.count}件`).join("，")}，请调整`);
    if (chosen === 0) return setProblem("请至少为一件案例选择奖项");
    setBusy(true);
    setProblem(undefined);
    try {
      const awards = ranking.tiers
        .map((tier) => ({ tier: tier.name, entryIds: rows.filter((row) => tierOf[row.entryId] === tier.name).map((row) => row.entryId) }))
        .filter((group) => group.entryIds.length > 0);
      onDone(await campaignsApi.confirm(campaign.campaignId, { awards, orgAwards }));
    } catch (error) {
      setBusy(false);
      setProblem(error instanceof ApiError ? [error.title, ...Object.values(error.errors).flat()].join("：") : "确认失败，请重试");
    }
  }

  return (
    <Dialog
      title={campaign.status === "notice" ? "修改获奖名单" : "确认获奖名单"}
      subject={campaign.title}
      confirm="确认并公示"
      busy={busy}
      problem={problem}
      onSubmit={submit}
      onClose={onClose}
      wide
    >
      <p className="dialog__intro">
        {campaign.noticeDays > 0
          ? `确认后进入公示，公示期${campaign.noticeDays}${campaign.noticeDayKind === "calendar" ? "天" : "个工作日"}；公示期内收到的异议须全部处理后方可发布。${campaign.status === "notice" ? "修改名单将重新开始公示。" : ""}`
          : "本评选不设公示期，确认后处理完异议即可发布。"}
      </p>
      <p className="muted">
        {ranking.tiers.map((tier) => `${tier.name} ${counts.get(tier.name) ?? 0}/${tier.count}`).join("，")}
      </p>
      <ol className="award-picks">
        {rows.map((row) => (
          <li key={row.entryId} className="award-pick">
            <label htmlFor={`award-${row.entryId}`}>
              <span className="award-pick__rank">第{row.rank}名</span> {row.title}
              <span className="muted">（{points(row.aggregate)}分{row.tie ? "，并列" : ""}）</span>
            </label>
            <select id={`award-${row.entryId}`} value={tierOf[row.entryId] ?? ""} onChange={(event) => setTierOf((current) => ({ ...current, [row.entryId]: event.target.value }))}>
              <option value="">不获奖</option>
              {ranking.tiers.map((tier) => (
                <option key={tier.name} value={tier.name}>
                  {tier.name}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ol>
      {rows.length < ranking.rows.length && <p className="field__hint">评分未全部提交的案例不能获奖，未列出。</p>}
      {rows.some((row) => row.boundaryTie) && <p className="notice notice--warn">有并列名次跨越奖项界限（标“并列”的案例），未自动拆分，请逐一决定其奖项。</p>}
      {campaign.orgAward && ranking.orgAwardSuggestions.length > 0 && (
        <fieldset className="checks">
          <legend>{campaign.orgAward.name}（最多{campaign.orgAward.count}个单位）</legend>
          <div className="checks__list">
            {ranking.orgAwardSuggestions.map((unit) => (
              <label key={unit.unitId} className="check">
                <input
                  type="checkbox"
                  checked={orgAwards.includes(unit.unitId)}
                  onChange={() => setOrgAwards((current) => (current.includes(unit.unitId) ? current.filter((id) => id !== unit.unitId) : [...current, unit.unitId]))}
                />
                <span>
                  {unit.unitName}
                  <span className="muted">（{unit.level}，其下通过审查{unit.eligible}件）</span>
                  {unit.suggested && <span className="muted">（推荐）</span>}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
    </Dialog>
  );
}
