import { z } from "../zod-locale";
import { FormDefinitionSchema, type FormDefinition } from "../forms/definition";

/**
 * 十佳案例 campaigns: the shapes every layer shares — the input schemas the routes validate
 * with, and the response bodies the web app reads. Pure (zod and types only), so the web app
 * may import it. See README.md in this folder for the rules behind each field.
 */

export const CAMPAIGN_STATUSES = { collecting: "征集中", judging: "评审中", notice: "公示中", published: "已发布" } as const;
export type CampaignStatus = keyof typeof CAMPAIGN_STATUSES;

/** Entry status = the status of the entry's submission. */
export const ENTRY_STATUSES = { draft: "草稿", in_review: "形式审查中", returned: "退回修改", approved: "审查通过", rejected: "不符合条件", submitted: "已提交", withdrawn: "已撤回" } as const;
export type EntryStatus = keyof typeof ENTRY_STATUSES;

export const SCORE_STATUSES = { assigned: "待评分", draft: "已暂存", submitted: "已提交" } as const;
export type ScoreStatus = keyof typeof SCORE_STATUSES;

export const CONFLICT_REASONS = { same_org: "本单位", parent_org: "上级单位", child_org: "下级单位" } as const;
export type ConflictReason = keyof typeof CONFLICT_REASONS;

/** Which rule separated a ranking row from the next one down. */
export const DECIDED_BY = { aggregate: "综合得分", median: "中位数", top_criterion: "首要指标", tie: "并列（待定）" } as const;
export type DecidedBy = keyof typeof DECIDED_BY;

export const CRITERION_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const isoDateTime = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), `${what}须为有效时间（ISO 格式）`)
    .transform((value) => new Date(value).toISOString());

const name = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `${what}最多${max}个字`);

export const CriterionSchema = z.object({
  key: z.string({ error: "请填写指标标识" }).regex(CRITERION_KEY_PATTERN, "指标标识须以小写字母开头，只含小写字母、数字和下划线").max(40, "指标标识最多40位"),
  label: name("指标名称", 30),
  description: z.string().trim().max(500, "指标说明最多500个字").optional(),
  max: z.number({ error: "请填写满分" }).int("满分须为整数").min(1, "满分至少为1").max(100, "满分不能超过100"),
});
export type Criterion = z.output<typeof CriterionSchema>;

export const TierSchema = z.object({
  name: name("奖项名称", 30),
  count: z.number({ error: "请填写名额" }).int("名额须为整数").min(1, "名额至少为1").max(200, "名额不能超过200"),
});
export type Tier = z.output<typeof TierSchema>;

/** 创新性30 实效性30 示范性20 可推广性20. */
export const DEFAULT_RUBRIC: Criterion[] = [
  { key: "innovation", label: "创新性", description: "思路、方法或载体有新意", max: 30 },
  { key: "effect", label: "实效性", description: "解决实际问题，成效可见可感", max: 30 },
  { key: "exemplary", label: "示范性", description: "在本区域内具有引领示范作用", max: 20 },
  { key: "transferable", label: "可推广性", description: "经验做法可复制、可推广", max: 20 },
];

/** The default 十佳 tier name; further tiers follow it by rank. */
export const WINNERS_TIER = "十佳案例";

export const CampaignInputSchema = z
  .object({
    title: name("评选名称", 100),
    year: z.number({ error: "请填写年度" }).int("年度须为整数").min(2000, "年度须在2000–2100之间").max(2100, "年度须在2000–2100之间"),
    description: z.string().trim().max(5000, "评选说明最多5000个字").optional(),
    submissionsOpenAt: isoDateTime("征集开始时间"),
    submissionsCloseAt: isoDateTime("征集截止时间"),
    rubric: z.array(CriterionSchema).min(1, "至少一个评分指标").max(10, "评分指标最多10个").default(DEFAULT_RUBRIC),
    winners: z.number().int("名额须为整数").min(1, "十佳名额至少为1").max(100, "十佳名额不能超过100").default(10),
    tiers: z.array(TierSchema).max(5, "奖项层级最多5个").default([]),
    orgAward: TierSchema.nullish().transform((value) => value ?? null),
    blind: z.boolean().default(true),
    judgesPerEntry: z.number().int("须为整数").min(1, "每件作品至少1位评委").max(15, "每件作品最多15位评委").default(3),
    noticeDays: z.number().int("须为整数").min(0, "公示天数须在0–30之间").max(30, "公示天数须在0–30之间").default(7),
    entryForm: FormDefinitionSchema.optional(),
    reviewWorkflowId: z.string().min(1).max(64).optional(),
  })
  .superRefine((input, ctx) => {
    if (Date.parse(input.submissionsCloseAt) <= Date.parse(input.submissionsOpenAt)) {
      ctx.addIssue({ code: "custom", path: ["submissionsCloseAt"], message: "征集截止时间须晚于开始时间" });
    }
    const seen = new Set<string>();
    input.rubric.forEach((criterion, index) => {
      if (seen.has(criterion.key)) ctx.addIssue({ code: "custom", path: ["rubric", index, "key"], message: `指标标识“${criterion.key}”重复` });
      seen.add(criterion.key);
    });
    const tierNames = new Set<string>([WINNERS_TIER]);
    input.tiers.forEach((tier, index) => {
      if (tierNames.has(tier.name)) ctx.addIssue({ code: "custom", path: ["tiers", index, "name"], message: `奖项“${tier.name}”重复` });
      tierNames.add(tier.name);
    });
  });
export type CampaignInput = z.input<typeof CampaignInputSchema>;
export type CampaignConfig = Omit<z.output<typeof CampaignInputSchema>, "entryForm" | "reviewWorkflowId">;

/**
 * `PUT /campaigns/{id}/window`: the office extends the window (延长征集期), closes it early
 * (提前截止: a close time of now or in the past, after the opening) or moves the opening of a
 * window not yet open. Only while collecting; the close must be after the opening.
 */
export const WindowInputSchema = z.object({
  /** Omitted: the opening stays as it is. */
  submissionsOpenAt: isoDateTime("征集开始时间").optional(),
  submissionsCloseAt: isoDateTime("征集截止时间"),
});
export type WindowInput = z.input<typeof WindowInputSchema>;
export type WindowChange = z.output<typeof WindowInputSchema>;

export const EntryCreateSchema = z.object({
  unitId: z.string({ error: "请选择申报单位" }).min(1, "请选择申报单位").max(64),
  data: z.record(z.string(), z.unknown()).default({}),
  /** Save as a draft (lenient validation) instead of submitting. */
  draft: z.boolean().default(false),
});
export type EntryCreate = z.input<typeof EntryCreateSchema>;

export const EntryUpdateSchema = z.object({
  data: z.record(z.string(), z.unknown()),
  /** Submit (a draft) or resubmit (a returned entry); false saves the draft. */
  submit: z.boolean().default(false),
  /** The entry's `revision` as loaded; a stale save is refused (409 conflict.stale). */
  revision: z.number().int().min(1),
});
export type EntryUpdate = z.input<typeof EntryUpdateSchema>;

export const JudgesInputSchema = z.object({
  judgeIds: z.array(z.string().min(1).max(64)).max(100, "评委最多100位"),
});
export type JudgesInput = z.input<typeof JudgesInputSchema>;

export const ScoreInputSchema = z.object({
  /** criterion key → points, 0..max in steps of 0.5 (checked against the rubric: errors name `scores.<key>`). */
  scores: z.record(z.string(), z.number({ error: "分数须为数字" })).default({}),
  comment: z.string().trim().max(2000, "评语最多2000个字").default(""),
  /** Submit (final) instead of saving a draft; requires every criterion. */
  submit: z.boolean().default(false),
});
export type ScoreInput = z.input<typeof ScoreInputSchema>;

export const ConfirmInputSchema = z.object({
  awards: z.array(z.object({ tier: name("奖项", 30), entryIds: z.array(z.string().min(1).max(64)).max(200) })).min(1, "请至少确认一个奖项").max(10),
  orgAwards: z.array(z.string().min(1).max(64)).max(100).default([]),
});
export type ConfirmInput = z.input<typeof ConfirmInputSchema>;

export const ObjectionInputSchema = z.object({
  entryId: z.string().min(1).max(64).optional(),
  reasons: z.string({ error: "请填写异议理由" }).trim().min(10, "异议理由至少10个字").max(2000, "异议理由最多2000个字"),
});
export type ObjectionInput = z.input<typeof ObjectionInputSchema>;

export const ResolveInputSchema = z.object({
  answer: z.string({ error: "请填写处理意见" }).trim().min(1, "请填写处理意见").max(2000, "处理意见最多2000个字"),
  /** Whether the objection was found justified (成立). */
  upheld: z.boolean(),
});
export type ResolveInput = z.input<typeof ResolveInputSchema>;

// ---------------------------------------------------------------------------------------------
// Response bodies
// ---------------------------------------------------------------------------------------------

export type CampaignRole = "office" | "judge" | "entrant";

export interface AwardGroup {
  tier: string;
  entryIds: string[];
}

export interface Campaign extends CampaignConfig {
  campaignId: string;
  orgId: string;
  orgName: string;
  /** The entry form (a normal dynamic form of the campaign org carrying `campaignId`). */
  formId: string;
  /** The 形式审查 approval chain entries go through. */
  workflowId: string;
  status: CampaignStatus;
  /** The judging panel (accounts holding the judge role at the campaign org). */
  judgeIds: string[];
  openObjections: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  judgingStartedAt?: string;
  confirmedAt?: string;
  /** = confirmedAt + noticeDays; finalize is allowed from then on. */
  noticeEndsAt?: string;
  publishedAt?: string;
  /** The confirmed awards (set by confirm, shown on the public page). */
  awards?: AwardGroup[];
  /** Units given the org award (优秀组织奖). */
  orgAwards?: string[];
  /** Only on `GET /campaigns/{id}` and lists: what the caller may do here. */
  myRole?: CampaignRole[];
  /** Only on `GET /campaigns/{id}`: entries by status (submitted ones; drafts are not counted). */
  counts?: Partial<Record<EntryStatus, number>>;
}

/** An entry as the office, its unit's admins and its submitter see it. */
export interface Entry {
  entryId: string;
  campaignId: string;
  formId: string;
  /** Pinned form version the answers are read against. */
  version: number;
  unitId: string;
  unitName: string;
  /** The unit's ancestors, root first. */
  unitPath: string[];
  submitterId: string;
  submitterName: string;
  status: EntryStatus;
  /** Answers keyed by the entry form's field keys (`title`, `summary`, `fullText`, `photos`, ...). */
  data: Record<string, unknown>;
  revision: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  /** The 形式审查 approval instance. */
  instanceId?: string;
}

/** One row of `GET /campaigns/{id}/entries`. */
export interface EntrySummary {
  entryId: string;
  title: string;
  unitId: string;
  unitName: string;
  submitterId: string;
  submitterName: string;
  status: EntryStatus;
  revision: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
}

export interface EntryPage {
  items: EntrySummary[];
  cursor?: string;
}

/** A file as a judge sees it: renamed in blind mode, with a short-lived neutral download link. */
export interface JudgeFile {
  /** `照片1.jpg`, `附件2.pdf` in blind mode; the original name in open mode. */
  name: string;
  type: string;
  size: number;
  url: string;
}

/** The judge view of an entry: no unit, submitter or contact; in blind mode names are masked as ■■. */
export interface JudgeEntryView {
  view: "judge";
  entryId: string;
  campaignId: string;
  blind: boolean;
  title: string;
  summary: string;
  fullText: string;
  photos: JudgeFile[];
  attachments: JudgeFile[];
  /** Open mode only. */
  unitName?: string;
  /** The judge's own score item (assigned/draft/submitted). */
  myScore: Score;
}

/** `GET /campaigns/{id}/entries/{entryId}` answers one of these. */
export type EntryResponse = (Entry & { view: "full" }) | JudgeEntryView;

/** One (entry, judge) assignment with its score. */
export interface Score {
  campaignId: string;
  entryId: string;
  judgeId: string;
  judgeName: string;
  status: ScoreStatus;
  /** criterion key → points. */
  scores: Record<string, number>;
  comment: string;
  /** Sum of the criteria given so far. */
  total: number;
  assignedAt: string;
  updatedAt: string;
  submittedAt?: string;
}

/** `GET /campaigns/{id}/entries/{entryId}/scores`. */
export interface EntryScores {
  entryId: string;
  items: Score[];
}

/** `GET /campaigns/{id}/my-assignments`: judge-view titles only. */
export interface MyAssignment {
  entryId: string;
  title: string;
  status: ScoreStatus;
  total: number;
  updatedAt: string;
  submittedAt?: string;
}

export interface MyAssignments {
  campaignId: string;
  blind: boolean;
  rubric: Criterion[];
  status: CampaignStatus;
  items: MyAssignment[];
}

export interface Conflict {
  reason: ConflictReason;
  /** The org of the judge's that causes it. */
  orgId: string;
  orgName?: string;
}

/** `GET /campaigns/{id}/assignments`: the matrix with loads and conflicts. */
export interface AssignmentMatrix {
  campaignId: string;
  judgesPerEntry: number;
  judges: Array<{ judgeId: string; name: string; load: number; submitted: number }>;
  entries: Array<{
    entryId: string;
    title: string;
    unitId: string;
    unitName: string;
    /** Assigned judges with their score status. */
    assigned: Array<{ judgeId: string; status: ScoreStatus }>;
    /** judgesPerEntry − assigned, at least 0. */
    missing: number;
    /** judgeId → why that judge may not score this entry. */
    conflicts: Record<string, Conflict>;
  }>;
}

export interface JudgeTotal {
  judgeId: string;
  judgeName: string;
  total: number;
}

export interface RankingRow {
  entryId: string;
  title: string;
  unitId: string;
  unitName: string;
  /** 1-based; tied rows share a rank. Null when no score is submitted yet. */
  rank: number | null;
  aggregate: number | null;
  median: number | null;
  mean: number | null;
  spread: number | null;
  /** Whether the aggregate dropped the highest and lowest total (≥ 5 totals). */
  trimmed: boolean;
  totals: JudgeTotal[];
  /** criterion key → mean of the submitted scores. */
  criterionMeans: Record<string, number>;
  assigned: number;
  submitted: number;
  /** Fewer submitted scores than assigned judges. */
  incomplete: boolean;
  /** Equal with a neighbour on every rule: the office decides. */
  tie: boolean;
  /** What separated this row from the next one down (`tie` also for the last of a tied group). */
  decidedBy: DecidedBy | null;
  /** The tier this rank proposes, if any. */
  proposedTier: string | null;
  /** A tie that straddles a tier boundary (not silently split). */
  boundaryTie: boolean;
}

export interface JudgeDeviation {
  judgeId: string;
  judgeName: string;
  scored: number;
  /** Mean of (judge's total − entry aggregate) over the entries they scored; null if none. */
  meanDeviation: number | null;
  /** Mean of |judge's total − entry aggregate|. */
  meanAbsDeviation: number | null;
}

export interface OrgAwardSuggestion {
  unitId: string;
  unitName: string;
  submitted: number;
  eligible: number;
  meanAggregate: number | null;
  bestRank: number | null;
  suggested: boolean;
}

export interface Ranking {
  campaignId: string;
  status: CampaignStatus;
  /** Tier names in order: 十佳 first, then the configured tiers. */
  tiers: Array<{ name: string; count: number }>;
  topCriterion: string;
  rows: RankingRow[];
  judges: JudgeDeviation[];
  proposedAwards: AwardGroup[];
  orgAwardSuggestions: OrgAwardSuggestion[];
}

export type ObjectionStatus = "open" | "resolved";

export interface Objection {
  objectionId: string;
  campaignId: string;
  campaignTitle: string;
  entryId?: string;
  entryTitle?: string;
  filerId: string;
  filerName: string;
  reasons: string;
  status: ObjectionStatus;
  createdAt: string;
  answer?: string;
  upheld?: boolean;
  resolvedAt?: string;
  resolvedBy?: string;
  resolverName?: string;
}

export interface PublicEntry {
  entryId: string;
  title: string;
  unitName: string;
  summary: string;
  tier: string;
  rank: number | null;
}

export interface Certificate {
  entryId: string;
  title: string;
  unitName: string;
  tier: string;
  campaignTitle: string;
  year: number;
  issuer: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
}

/** `GET /public/campaigns/{id}` (no session). */
export interface PublicCampaign {
  campaignId: string;
  title: string;
  year: number;
  description?: string;
  orgName: string;
  status: "notice" | "published";
  noticeEndsAt: string;
  publishedAt?: string;
  awards: Array<{ tier: string; entries: PublicEntry[] }>;
  /** Published only. */
  orgAwardName?: string;
  orgAwards: Array<{ orgId: string; name: string }>;
  /** Published only: one per winning entry. */
  certificates: Certificate[];
}

export type { FormDefinition };
