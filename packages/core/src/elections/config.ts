import { z } from "../zod-locale";

/**
 * What an election is: its positions (会长, 副会长, 秘书长, 理事 …), each 等额 (`slate`: 赞成/反对/弃权
 * per candidate) or 差额 (`competitive`: choose at most `seats` among more candidates), its
 * motions (审议工作报告 …), and the rules of the count. Pure: shared by the API, the tally and
 * the recount CLI.
 */

/** A fraction with a comparison: `more_than` 1/2 is 过半数; `at_least` 2/3 is 三分之二以上 (inclusive). */
export const ThresholdSchema = z
  .object({
    numerator: z.number().int().min(1).max(99),
    denominator: z.number().int().min(1).max(100),
    rule: z.enum(["more_than", "at_least"]).default("more_than"),
  })
  .refine((t) => t.numerator <= t.denominator, { message: "比例不能大于1", path: ["numerator"] });
export type Threshold = z.output<typeof ThresholdSchema>;

export const MORE_THAN_HALF: Threshold = { numerator: 1, denominator: 2, rule: "more_than" };
export const TWO_THIRDS_PRESENT: Threshold = { numerator: 2, denominator: 3, rule: "at_least" };

/** The base the thresholds are measured against: voters present (default), ballots returned, or the roll. */
export const BASES = { present: "到会选民人数", returned: "收回选票数", roll: "选民名册人数" } as const;
export type Base = keyof typeof BASES;

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "编号只能由字母、数字、下划线和短横线组成（最多32位）");
const Name = z.string().trim().min(1, "请填写姓名").max(40, "姓名最多40个字");

export const CandidateSchema = z.object({
  id: Id.optional(),
  name: Name,
  accountId: z.string().min(1).max(64).optional(),
  note: z.string().trim().max(200).optional(),
});

export const POSITION_KINDS = { slate: "等额选举", competitive: "差额选举" } as const;
export type PositionKind = keyof typeof POSITION_KINDS;

export const PositionSchema = z.object({
  id: Id.optional(),
  title: z.string().trim().min(1, "请填写职务名称").max(40),
  seats: z.number().int().min(1, "应选名额至少为1").max(200),
  kind: z.enum(["slate", "competitive"]),
  /** May be empty (or short of a 差额 count) while the election is a draft: nominations fill it; see `candidateGaps`. */
  candidates: z.array(CandidateSchema).max(300),
  /** 另选他人: the voter may write in other names (still at most `seats` in favour in all). */
  allowWriteIns: z.boolean().default(false),
});

export const MotionSchema = z.object({
  id: Id.optional(),
  title: z.string().trim().min(1, "请填写议题名称").max(100),
  threshold: ThresholdSchema.default(MORE_THAN_HALF),
});

export const ElectionConfigSchema = z.object({
  positions: z.array(PositionSchema).max(20).default([]),
  motions: z.array(MotionSchema).max(20).default([]),
  base: z.enum(["present", "returned", "roll"]).default("present"),
  /** Votes a candidate needs, as a share of the base (default more than half). */
  threshold: ThresholdSchema.default(MORE_THAN_HALF),
  /** Voters present needed to open a meeting-mode vote (default at least 2/3 of the roll). */
  quorum: ThresholdSchema.default(TWO_THIRDS_PRESENT),
});

export const NewElectionSchema = ElectionConfigSchema.extend({
  title: z.string().trim().min(1, "请填写选举名称").max(100),
  /** `meeting`: check-in and quorum, ballots issued = voters present; `online`: ballots issued = the roll. */
  mode: z.enum(["meeting", "online"]).default("meeting"),
  /** Meeting mode: electronic ballots only, paper ballots only, or both in one sitting (at check-in each voter takes one kind, never both). */
  ballots: z.enum(["electronic", "paper", "mixed"]).default("electronic"),
  /** 委托投票 (meeting mode): how many written proxies one present member may hold; 0 (default) turns proxies off. */
  proxyLimit: z.number().int("委托数应为整数").min(0, "委托数不能为负").max(5, "每人最多接受5份委托").default(0),
});
export type NewElection = z.output<typeof NewElectionSchema>;

export interface Candidate {
  id: string;
  name: string;
  accountId?: string;
  note?: string;
  /** Set when the candidate came from an approved nomination: that submission's id. */
  nominationId?: string;
}
export interface Position {
  id: string;
  title: string;
  seats: number;
  kind: PositionKind;
  candidates: Candidate[];
  allowWriteIns: boolean;
}
export interface Motion {
  id: string;
  title: string;
  threshold: Threshold;
}
export interface ElectionConfig {
  mode: "meeting" | "online";
  /** Absent in elections created before paper ballots: electronic. */
  ballots?: "electronic" | "paper" | "mixed";
  /** 委托投票: proxies one present member may hold (absent or 0: no proxies). */
  proxyLimit?: number;
  /**
   * 加密投票（监票人持钥） (issue #27): ballots encrypted in the voter's browser under the key the
   * 监票人 make in the ceremony; `threshold` of them decrypt (absent: a majority of the 监票人).
   * Absent: off. Set only while a draft (`setEncryption`).
   */
  encryption?: { threshold?: number };
  positions: Position[];
  motions: Motion[];
  base: Base;
  threshold: Threshold;
  quorum: Threshold;
}

export type FieldProblems = Record<string, string[]>;

/**
 * Gives every position, candidate and motion a stable id (`p1`, `p1c2`, `m1` when none was
 * given) and checks what a schema cannot: unique ids and names, 等额 lists no longer than the
 * seats, at least one position or motion. A position may still lack candidates (none yet, or a
 * 差额 list not longer than the seats): nominations may fill it while the election is a draft,
 * and `candidateGaps` refuses to freeze the roll until it is filled.
 */
export function normalizeConfig(input: Omit<NewElection, "title">): { config: ElectionConfig; problems: FieldProblems } {
  const problems: FieldProblems = {};
  const add = (path: string, message: string) => (problems[path] ??= []).push(message);
  if (input.positions.length === 0 && input.motions.length === 0) add("positions", "至少设置一个职位或一项议题");

  const positionIds = new Set<string>();
  const positions: Position[] = input.positions.map((position, p) => {
    const id = position.id ?? `p${p + 1}`;
    if (positionIds.has(id)) add(`positions.${p}.id`, "职位编号重复");
    positionIds.add(id);
    const candidateIds = new Set<string>();
    const names = new Set<string>();
    const candidates = position.candidates.map((candidate, c) => {
      const cid = candidate.id ?? `${id}c${c + 1}`;
      if (candidateIds.has(cid)) add(`positions.${p}.candidates.${c}.id`, "候选人编号重复");
      if (names.has(candidate.name)) add(`positions.${p}.candidates.${c}.name`, "同一职位的候选人姓名重复");
      candidateIds.add(cid);
      names.add(candidate.name);
      return { ...candidate, id: cid };
    });
    if (position.kind === "slate" && candidates.length > position.seats) {
      add(`positions.${p}.candidates`, "等额选举的候选人数不能多于应选名额");
    }
    return { id, title: position.title, seats: position.seats, kind: position.kind, candidates, allowWriteIns: position.allowWriteIns };
  });

  const motionIds = new Set<string>();
  const motions: Motion[] = input.motions.map((motion, m) => {
    const id = motion.id ?? `m${m + 1}`;
    if (motionIds.has(id)) add(`motions.${m}.id`, "议题编号重复");
    motionIds.add(id);
    return { id, title: motion.title, threshold: motion.threshold };
  });

  if (input.mode === "online" && input.ballots !== "electronic") add("ballots", "网上投票不能使用纸质选票");
  const proxyLimit = input.proxyLimit ?? 0;
  if (input.mode === "online" && proxyLimit > 0) add("proxyLimit", "网上投票不设委托投票");
  return { config: { mode: input.mode, ballots: input.ballots, ...(proxyLimit > 0 ? { proxyLimit } : {}), positions, motions, base: input.base, threshold: input.threshold, quorum: input.quorum }, problems };
}

export interface CandidateGap {
  positionId: string;
  /** The field named in the refusal: `positions.<index>.candidates`. */
  field: string;
  message: string;
}

/**
 * Positions not ready for a vote: no candidate yet, or a 差额 position with no more candidates
 * than seats. Allowed while the election is a draft (candidates may still come from
 * nominations); freezing the roll — after which the candidates can no longer change — is
 * refused while any remain. An 等额 position with fewer candidates than seats is ready: the
 * seats left over are simply unfilled (or taken by write-ins).
 */
export function candidateGaps(config: Pick<ElectionConfig, "positions">): CandidateGap[] {
  return config.positions.flatMap((position, index) => {
    const count = position.candidates.length;
    const field = `positions.${index}.candidates`;
    if (count === 0) return [{ positionId: position.id, field, message: `${position.title}：尚无候选人` }];
    if (position.kind === "competitive" && count <= position.seats) {
      return [{ positionId: position.id, field, message: `${position.title}：差额选举候选人应多于应选名额（现有${count}人，应选${position.seats}名）` }];
    }
    return [];
  });
}

export const EncryptionSchema = z.object({
  enabled: z.boolean(),
  /** t of the n 监票人 needed to decrypt; absent: a majority. */
  threshold: z.number().int("门限应为整数").min(2, "门限至少为2").max(20, "门限最多为20").optional(),
});

/** Whether a sitting may use 加密投票: it needs electronic ballots (a mixed sitting counts its paper ballots apart). */
export function encryptionProblems(config: Pick<ElectionConfig, "ballots">, input: z.output<typeof EncryptionSchema>): FieldProblems {
  if (input.enabled && config.ballots === "paper") return { enabled: ["纸质选票的选举不能使用加密投票"] };
  if (!input.enabled && input.threshold !== undefined) return { threshold: ["未启用加密投票时不能设置门限"] };
  return {};
}

/** The threshold t for n 监票人: the one set, or a majority. */
export const thresholdFor = (encryption: { threshold?: number }, trustees: number): number => encryption.threshold ?? Math.floor(trustees / 2) + 1;

/** `value` reaches `threshold` of `base` (integer arithmetic, no rounding). */
export function meets(value: number, base: number, threshold: Threshold): boolean {
  const left = value * threshold.denominator;
  const right = base * threshold.numerator;
  return threshold.rule === "more_than" ? left > right : left >= right;
}

/** The smallest count that meets the threshold, for display ("至少需 N 票"). */
export function minimumFor(base: number, threshold: Threshold): number {
  const exact = (base * threshold.numerator) / threshold.denominator;
  if (threshold.rule === "at_least") return Math.ceil(exact);
  return Math.floor(exact) + 1;
}

export function describeThreshold(threshold: Threshold): string {
  const fraction = threshold.numerator === 1 && threshold.denominator === 2 ? "半数" : `${threshold.denominator}分之${threshold.numerator}`;
  return threshold.rule === "more_than" ? `超过${fraction}` : `${fraction}以上（含本数）`;
}
