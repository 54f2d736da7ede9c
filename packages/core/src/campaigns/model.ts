import type { FormDefinition } from "../forms/definition";
import type { OrgKind } from "../orgs/kinds";
import type { CampaignConfig, Criterion } from "./inputs";

/**
 * 十佳案例 campaigns: the labels and the response bodies every layer shares (the input schemas
 * are in inputs.ts). Types and constants only, so the web app imports it without zod. See
 * README.md in this folder for the rules behind each field.
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

export type CampaignRole = "office" | "judge" | "entrant";

/** The public vote stage as configured (`PUT /campaigns/{id}/public-vote`). */
export interface PublicVoteSettings {
  opensAt: string;
  closesAt: string;
  picksPerDay: number;
  perAddressPerDay: number;
  showCounts: boolean;
  /** The public vote's share of the final score (0–0.5). */
  weight: number;
}

/** A ranking row's public vote figures (rounded once). */
export interface RowPublicVote {
  votes: number;
  /** Votes scaled to the top entry's, 0–100. */
  publicScore: number;
  /** The experts' aggregate on a 0–100 scale. */
  expertScore: number | null;
  /** (1 − weight) × expert + weight × public: what the row is ranked on. */
  final: number | null;
}

export interface NoticePeriod {
  workingDays: number;
  firstDay?: string;
  lastDay?: string;
  /** Years neither the package nor an office override knows (counted with weekends only). */
  unknownYears: number[];
}

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
  /**
   * When the 公示 ends; finalize is allowed from then on. Working days (`noticeDayKind`
   * "working", the default): 24:00 Beijing time of the noticeDays-th working day after the
   * confirmation day; calendar: confirmedAt + noticeDays × 24 h.
   */
  noticeEndsAt?: string;
  /** The working-day 公示 as counted at confirmation (first and last day, years counted with weekends only). */
  noticePeriod?: NoticePeriod;
  publishedAt?: string;
  /** The confirmed awards (set by confirm, shown on the public page). */
  awards?: AwardGroup[];
  /** The public vote stage (网络投票), when the campaign has one (see public-vote.ts). */
  publicVote?: PublicVoteSettings;
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

/** The judge view of an entry: no unit, submitter or contact; in blind mode names are masked as 【申报单位】 / 【申报人】. */
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
  /** With a public vote stage: its figures; the row is then ranked on `final`. */
  publicVote?: RowPublicVote;
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

/** 优秀组织奖: one org of the campaign's subtree (any level) with entries at or beneath it. */
export interface OrgAwardSuggestion {
  /** The org (a unit that entered, or an organiser above it such as a 街镇). */
  unitId: string;
  unitName: string;
  kind: OrgKind;
  /** The org's level as shown: 街镇, 新空间, 新联会 ... */
  level: string;
  /** 1 = a direct unit of the campaign org, 2 = beneath one, ... */
  depth: number;
  /** Entries submitted at or beneath it. */
  submitted: number;
  /** Of them, eligible (passed 形式审查). */
  eligible: number;
  /** Its direct units, and how many of them took part (an entry at or beneath them). */
  units: number;
  unitsEntered: number;
  /** unitsEntered / units, rounded once; null for an org without units. */
  participation: number | null;
  /** Mean of the exact aggregates of the scored entries beneath it, rounded once. */
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

export interface PublicOrgAward {
  orgId: string;
  name: string;
  kind: OrgKind;
  /** 街镇, 新空间 ... */
  level: string;
}

/** A 优秀组织奖 certificate (print view), published only. */
export interface OrgCertificate {
  orgId: string;
  orgName: string;
  level: string;
  award: string;
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
  /** The 公示 end in words: "公示期为5个工作日，自2026年10月8日（星期四）起至2026年10月13日（星期二）24时止". */
  noticeInWords: string;
  publishedAt?: string;
  awards: Array<{ tier: string; entries: PublicEntry[] }>;
  /** The org award's name (优秀组织奖) when the campaign has one. */
  orgAwardName?: string;
  /** The organisers given the org award, with their level (街镇, 新空间 ...). */
  orgAwards: PublicOrgAward[];
  /** Published only: one per winning entry. */
  certificates: Certificate[];
  /** Published only: one per org given the org award. */
  orgCertificates: OrgCertificate[];
}

export type { FormDefinition };
