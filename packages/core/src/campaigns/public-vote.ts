import { z } from "zod";
import { round2 } from "./ranking";

/**
 * The public vote stage (网络投票), pure parts: its configuration, the combination with the
 * experts' score, and the fraud signals the office reads. Storage is public-vote-store.ts.
 *
 * **Combination (documented normalisation).** For each scored entry:
 *   expert  = exact aggregate (trimmed mean of the judges' totals, as ranked) ÷ rubric maximum × 100
 *   public  = entry's valid votes ÷ the top entry's valid votes × 100 (0 when nobody has votes)
 *   final   = (1 − weight) × expert + weight × public
 * computed exactly and rounded once, for display (round2). With weight 0 the ranking is the
 * experts' alone.
 */

export const PublicVoteInputSchema = z
  .object({
    opensAt: z.iso.datetime({ offset: true, error: "请填写投票开始时间" }),
    closesAt: z.iso.datetime({ offset: true, error: "请填写投票截止时间" }),
    /** Entries one phone may pick per Beijing day (one vote per entry per day). */
    picksPerDay: z.number({ error: "请填写每人每天可投票数" }).int("须为整数").min(1, "每人每天至少可投1票").max(20, "每人每天最多20票"),
    /** Votes one client address may cast per Beijing day (all phones together). */
    perAddressPerDay: z.number({ error: "请填写每个网络地址每天的票数上限" }).int("须为整数").min(1, "至少为1").max(10_000, "不能超过10000"),
    /** Whether the public page shows the running counts. */
    showCounts: z.boolean().default(false),
    /** The public vote's share of the final score, 0–0.5 (e.g. 0.3 = 专家70% / 网络30%). */
    weight: z.number({ error: "请填写网络投票权重" }).min(0, "权重须在0–0.5之间").max(0.5, "权重须在0–0.5之间"),
  })
  .superRefine((input, ctx) => {
    if (Date.parse(input.closesAt) <= Date.parse(input.opensAt)) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "投票截止时间须晚于开始时间" });
  });
export type PublicVoteInput = z.input<typeof PublicVoteInputSchema>;
export type PublicVoteConfig = z.output<typeof PublicVoteInputSchema>;

export type VoteWindowState = "before" | "open" | "after";

export function voteWindow(config: Pick<PublicVoteConfig, "opensAt" | "closesAt">, now = new Date()): VoteWindowState {
  if (now.getTime() < Date.parse(config.opensAt)) return "before";
  return now.getTime() < Date.parse(config.closesAt) ? "open" : "after";
}

/** The Beijing calendar day of an instant, the unit of the daily limits. */
export function voteDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** 13800000001 → 138****0001 (what the office sees of a voter's phone). */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : "****";
}

/** The first seven digits (号段 and H码: the operator's batch and region), the fraud view's "phone prefix". */
export function phonePrefix(phone: string): string {
  return phone.slice(0, 7);
}

export interface CombinedScore {
  entryId: string;
  votes: number;
  /** The entry's votes scaled to the top entry's, 0–100, exact. */
  publicScore: number;
  /** The experts' aggregate on a 0–100 scale, exact; null when not scored. */
  expertScore: number | null;
  /** (1 − weight) × expert + weight × public, exact; null when not scored. */
  final: number | null;
}

/**
 * Combines each entry's exact expert aggregate with its valid votes (see the module comment).
 * Exact values: round2 them only to show.
 */
export function combineScores(input: {
  entries: ReadonlyArray<{ entryId: string; aggregate: number | null }>;
  votes: ReadonlyMap<string, number>;
  rubricMax: number;
  weight: number;
  /** The top entry's votes, when the entries given are not all of them. */
  top?: number;
}): CombinedScore[] {
  const top = input.top ?? Math.max(0, ...input.entries.map((e) => input.votes.get(e.entryId) ?? 0));
  return input.entries.map(({ entryId, aggregate }) => {
    const votes = input.votes.get(entryId) ?? 0;
    const publicScore = top === 0 ? 0 : (votes / top) * 100;
    const expertScore = aggregate === null ? null : (aggregate / input.rubricMax) * 100;
    return { entryId, votes, publicScore, expertScore, final: expertScore === null ? null : (1 - input.weight) * expertScore + input.weight * publicScore };
  });
}

/** One stored vote as the fraud view reads it (phones only as prefix and hash, never whole). */
export interface VoteRecord {
  entryId: string;
  at: string;
  phoneHash: string;
  phonePrefix: string;
  client: string;
  voided: boolean;
}

export interface SourceShare {
  source: string;
  votes: number;
  /** Of all valid votes, rounded once. */
  share: number;
}

export interface Burst {
  entryId: string;
  /** Start of the 10-minute bucket (ISO). */
  from: string;
  votes: number;
  /** The entry's median over its non-empty buckets. */
  usual: number;
}

export interface FraudSignals {
  total: number;
  voided: number;
  /** entryId → Beijing hour (`2026-12-07 14`) → valid votes. */
  perHour: Record<string, Record<string, number>>;
  topAddresses: SourceShare[];
  topPrefixes: SourceShare[];
  bursts: Burst[];
}

const BUCKET_MS = 10 * 60_000;
/** A bucket is a burst from this many votes and this many times the entry's usual bucket. */
export const BURST_MIN_VOTES = 10;
export const BURST_FACTOR = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The office's fraud view over the valid (not voided) votes: votes per hour per entry, the
 * share of the top client addresses and phone prefixes, and bursts — a 10-minute bucket of one
 * entry with at least 10 votes and at least 5 × that entry's median non-empty bucket (an entry
 * with a single bucket is compared with 1).
 */
export function fraudSignals(votes: readonly VoteRecord[], top = 5): FraudSignals {
  const valid = votes.filter((v) => !v.voided);
  const perHour: Record<string, Record<string, number>> = {};
  const buckets = new Map<string, Map<number, number>>();
  const addresses = new Map<string, number>();
  const prefixes = new Map<string, number>();
  for (const vote of valid) {
    const at = Date.parse(vote.at);
    const hour = new Date(at + 8 * 3_600_000).toISOString().slice(0, 13).replace("T", " ");
    const entryHours = (perHour[vote.entryId] ??= {});
    entryHours[hour] = (entryHours[hour] ?? 0) + 1;
    const entryBuckets = buckets.get(vote.entryId) ?? buckets.set(vote.entryId, new Map()).get(vote.entryId)!;
    const bucket = Math.floor(at / BUCKET_MS) * BUCKET_MS;
    entryBuckets.set(bucket, (entryBuckets.get(bucket) ?? 0) + 1);
    addresses.set(vote.client, (addresses.get(vote.client) ?? 0) + 1);
    prefixes.set(vote.phonePrefix, (prefixes.get(vote.phonePrefix) ?? 0) + 1);
  }
  const shares = (counts: Map<string, number>): SourceShare[] =>
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .map(([source, n]) => ({ source, votes: n, share: round2(n / valid.length) }));
  const bursts: Burst[] = [];
  for (const [entryId, entryBuckets] of buckets) {
    const counts = [...entryBuckets.values()];
    const usual = counts.length > 1 ? median(counts) : 1;
    for (const [bucket, n] of entryBuckets) if (n >= BURST_MIN_VOTES && n >= BURST_FACTOR * usual) bursts.push({ entryId, from: new Date(bucket).toISOString(), votes: n, usual });
  }
  bursts.sort((a, b) => b.votes - a.votes || (a.from < b.from ? -1 : 1));
  return { total: valid.length, voided: votes.length - valid.length, perHour, topAddresses: shares(addresses), topPrefixes: shares(prefixes), bursts };
}

/** A source of votes the office may void: a client address, a phone prefix, or one phone (its hash). */
export const VoidInputSchema = z.object({
  source: z.object({ kind: z.enum(["address", "prefix", "phone"], { error: "来源类型须为 address、prefix 或 phone" }), value: z.string().trim().min(1, "请填写来源").max(100) }),
  reason: z.string({ error: "请填写作废理由" }).trim().min(5, "作废理由至少5个字").max(1000, "作废理由最多1000个字"),
});
export type VoidInput = z.output<typeof VoidInputSchema>;

export function matchesSource(vote: Pick<VoteRecord, "client" | "phonePrefix" | "phoneHash">, source: VoidInput["source"]): boolean {
  return source.kind === "address" ? vote.client === source.value : source.kind === "prefix" ? vote.phonePrefix === source.value : vote.phoneHash === source.value;
}
