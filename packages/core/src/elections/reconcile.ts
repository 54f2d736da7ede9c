import type { Choices } from "./choices";
import type { ElectionConfig } from "./config";
import { formatPaperLine } from "./paper-line";

/**
 * **Pure**: 双人录入 matched, and 发出 against 收回.
 *
 * Every paper ballot is entered twice, by two tellers, as side `A` (一录) and side `B` (二录) of
 * its batch; the two entries of a ballot are matched by (batch, seq) and compared by their
 * canonical line. A ballot is settled when both sides agree, or when a scrutineer has resolved
 * it against the paper (the resolution wins over both entries). Until every ballot entered is
 * settled, the paper ballots cannot be counted.
 */
export type Side = "A" | "B";
export const SIDES: Record<Side, string> = { A: "一录", B: "二录" };

export interface PaperEntry {
  batch: number;
  seq: number;
  side: Side;
  tellerId: string;
  tellerName: string;
  line: string;
  choices: Choices;
  at: string;
}

export interface PaperResolution {
  batch: number;
  seq: number;
  line: string;
  choices: Choices;
  byId: string;
  byName: string;
  at: string;
}

export interface PaperBallot {
  batch: number;
  seq: number;
  choices: Choices;
  /** Settled by a scrutineer against the paper rather than by two agreeing entries. */
  resolved: boolean;
}

export interface Discrepancy {
  batch: number;
  seq: number;
  a: { line: string; tellerName: string };
  b: { line: string; tellerName: string };
}

export interface BatchProgress {
  batch: number;
  /** Who entered each side (the first teller to enter in it holds it). */
  tellers: Partial<Record<Side, string>>;
  entered: Record<Side, number>;
  agreed: number;
  differing: number;
  resolved: number;
  /** Ballots entered on one side only so far. */
  single: number;
}

export interface Matching {
  /** Every settled ballot, by batch then sequence. */
  ballots: PaperBallot[];
  /** Entered on both sides, differing, not yet resolved. */
  discrepancies: Discrepancy[];
  /** Entered on one side only (and not resolved). */
  unmatched: Array<{ batch: number; seq: number; side: Side }>;
  batches: BatchProgress[];
  /** Distinct (batch, seq) entered or resolved: the paper ballots returned. */
  returned: number;
  complete: boolean;
}

const keyOf = (batch: number, seq: number) => `${batch}\u0000${seq}`;
const byPlace = (a: { batch: number; seq: number }, b: { batch: number; seq: number }) => a.batch - b.batch || a.seq - b.seq;

export function matchEntries(config: Pick<ElectionConfig, "positions" | "motions">, entries: readonly PaperEntry[], resolutions: readonly PaperResolution[]): Matching {
  const places = new Map<string, { batch: number; seq: number; A?: PaperEntry; B?: PaperEntry; resolution?: PaperResolution }>();
  const place = (batch: number, seq: number) => {
    const key = keyOf(batch, seq);
    let found = places.get(key);
    if (!found) places.set(key, (found = { batch, seq }));
    return found;
  };
  for (const entry of entries) place(entry.batch, entry.seq)[entry.side] = entry;
  for (const resolution of resolutions) place(resolution.batch, resolution.seq).resolution = resolution;

  const ballots: PaperBallot[] = [];
  const discrepancies: Discrepancy[] = [];
  const unmatched: Matching["unmatched"] = [];
  const batches = new Map<number, BatchProgress>();
  for (const entry of entries) {
    const progress = batches.get(entry.batch) ?? { batch: entry.batch, tellers: {}, entered: { A: 0, B: 0 }, agreed: 0, differing: 0, resolved: 0, single: 0 };
    progress.tellers[entry.side] ??= entry.tellerName;
    progress.entered[entry.side] += 1;
    batches.set(entry.batch, progress);
  }
  for (const p of [...places.values()].sort(byPlace)) {
    const progress = batches.get(p.batch) ?? { batch: p.batch, tellers: {}, entered: { A: 0, B: 0 }, agreed: 0, differing: 0, resolved: 0, single: 0 };
    batches.set(p.batch, progress);
    if (p.resolution) {
      ballots.push({ batch: p.batch, seq: p.seq, choices: p.resolution.choices, resolved: true });
      progress.resolved += 1;
      continue;
    }
    if (!p.A || !p.B) {
      unmatched.push({ batch: p.batch, seq: p.seq, side: p.A ? "A" : "B" });
      progress.single += 1;
      continue;
    }
    if (formatPaperLine(config, p.A.choices) === formatPaperLine(config, p.B.choices)) {
      ballots.push({ batch: p.batch, seq: p.seq, choices: p.A.choices, resolved: false });
      progress.agreed += 1;
    } else {
      discrepancies.push({ batch: p.batch, seq: p.seq, a: { line: p.A.line, tellerName: p.A.tellerName }, b: { line: p.B.line, tellerName: p.B.tellerName } });
      progress.differing += 1;
    }
  }
  return {
    ballots,
    discrepancies,
    unmatched,
    batches: [...batches.values()].sort((a, b) => a.batch - b.batch),
    returned: places.size,
    complete: discrepancies.length === 0 && unmatched.length === 0,
  };
}

/** Why the paper ballots cannot be counted yet, or an empty list. */
export function incompleteReasons(matching: Matching): string[] {
  const reasons: string[] = [];
  if (matching.discrepancies.length > 0) {
    reasons.push(`${matching.discrepancies.length}张选票两次录入不一致，须由监票人对照原票裁定：${matching.discrepancies.slice(0, 10).map((d) => `第${d.batch}批第${d.seq}号`).join("、")}${matching.discrepancies.length > 10 ? "等" : ""}`);
  }
  if (matching.unmatched.length > 0) {
    reasons.push(`${matching.unmatched.length}张选票只录入了一次：${matching.unmatched.slice(0, 10).map((u) => `第${u.batch}批第${u.seq}号（缺${SIDES[u.side === "A" ? "B" : "A"]}）`).join("、")}${matching.unmatched.length > 10 ? "等" : ""}`);
  }
  return reasons;
}

/**
 * 发出 and 收回 of a sitting. At a meeting every voter present holds one ballot, paper (领票) or
 * electronic (card or signed in), so 发出 = paper issued + electronic issued = voters present;
 * 收回 = paper ballots entered + electronic ballots cast. 收回 > 发出 makes the election void.
 */
export interface Reconciliation {
  issued: number;
  paperIssued: number;
  electronicIssued: number;
  returned: number;
  paperReturned: number;
  electronicReturned: number;
  /** 收回 ≤ 发出. */
  valid: boolean;
}

export function reconcile(counts: { issued: number; paperIssued: number; paperReturned: number; electronicReturned: number }): Reconciliation {
  const returned = counts.paperReturned + counts.electronicReturned;
  return {
    issued: counts.issued,
    paperIssued: counts.paperIssued,
    electronicIssued: counts.issued - counts.paperIssued,
    returned,
    paperReturned: counts.paperReturned,
    electronicReturned: counts.electronicReturned,
    valid: returned <= counts.issued,
  };
}
