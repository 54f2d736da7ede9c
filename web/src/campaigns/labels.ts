import type { CampaignStatus, Conflict, EntryStatus, RankingRow, ScoreStatus } from "./api";

/**
 * The words of core's campaigns/model (CAMPAIGN_STATUSES, ENTRY_STATUSES, ...), repeated here
 * because that module builds zod schemas at load: importing its values would put zod into the
 * judges' and the public pages. `satisfies` keeps the keys in step with core's types.
 */
export const CAMPAIGN_STATUS_LABELS = { collecting: "征集中", judging: "评审中", notice: "公示中", published: "已发布" } as const satisfies Record<CampaignStatus, string>;

export const ENTRY_STATUS_LABELS = {
  draft: "草稿",
  in_review: "形式审查中",
  returned: "退回修改",
  approved: "审查通过",
  rejected: "不符合条件",
  submitted: "已提交",
  withdrawn: "已撤回",
} as const satisfies Record<EntryStatus, string>;

export const SCORE_STATUS_LABELS = { assigned: "待评分", draft: "已暂存", submitted: "已提交" } as const satisfies Record<ScoreStatus, string>;

export const CAMPAIGN_STEPS: ReadonlyArray<{ status: CampaignStatus; label: string }> = [
  { status: "collecting", label: "案例征集" },
  { status: "judging", label: "专家评审" },
  { status: "notice", label: "结果公示" },
  { status: "published", label: "正式发布" },
];

/** The status chip class of an entry (reuses the submission chips). */
export const entryStatusClass = (status: EntryStatus): string => {
  if (status === "approved") return "status status--approved";
  if (status === "returned" || status === "rejected") return `status status--${status}`;
  if (status === "draft" || status === "withdrawn") return `status status--${status}`;
  return "status";
};

/** 与评委所在的“虹桥镇”为同一单位 / 是其上级 / 下级单位. */
export function conflictText(conflict: Conflict): string {
  const org = conflict.orgName ? `“${conflict.orgName}”` : "所在单位";
  if (conflict.reason === "same_org") return `评委属于申报单位${org}，须回避`;
  if (conflict.reason === "parent_org") return `评委所在的${org}是申报单位的上级单位，须回避`;
  return `评委所在的${org}是申报单位的下级单位，须回避`;
}

/** Short form for the matrix cells. */
export const CONFLICT_SHORT = { same_org: "本单位", parent_org: "上级单位", child_org: "下级单位" } as const satisfies Record<Conflict["reason"], string>;

/** A number as the ranking shows it: up to two decimals, no trailing zeros. */
export function points(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return String(Math.round(value * 100) / 100);
}

/** Why a row stands above the next one, in words (with the numbers that decided it). */
export function decidedByText(row: RankingRow, next: RankingRow | undefined, top: { key: string; label: string }): string {
  switch (row.decidedBy) {
    case "aggregate":
      return next ? `综合得分高于下一名（${points(row.aggregate)} > ${points(next.aggregate)}）` : "综合得分排定";
    case "median":
      return `综合得分与下一名相同（${points(row.aggregate)}），按评委总分的中位数排定（${points(row.median)} > ${points(next?.median)}）`;
    case "top_criterion":
      return `综合得分和中位数均与下一名相同，按首要指标“${top.label}”的平均分排定（${points(row.criterionMeans[top.key])} > ${points(next?.criterionMeans[top.key])}）`;
    case "tie":
      return "综合得分、中位数和首要指标均相同，名次并列，须由评选办公室决定";
    default:
      return row.incomplete && row.submitted === 0 ? "尚无已提交的评分" : "—";
  }
}
