import { marksInFavour, type Choices } from "./choices";
import { BASES, meets, minimumFor, type Base, type ElectionConfig, type Threshold } from "./config";

/**
 * The count: pure, deterministic, order-independent. The server runs it at close over every
 * ballot in the box; `scripts/recount.ts` runs it again over the published bulletin.
 *
 * Rules:
 * - a position section with more `for` marks plus write-ins than seats is void on that ballot
 *   only; its other positions and motions still count;
 * - per listed candidate: 赞成 / 反对 / 弃权 over the ballots whose section is valid (unmarked = 弃权);
 * - write-in names are counted as contenders too;
 * - elected: votes in favour meeting the threshold of the base (default more than half of the
 *   voters present); more qualified than seats → the most votes win; a tie for the last seat
 *   is flagged and the tied seats stay unfilled (never broken silently);
 * - unfilled seats are flagged for a run-off (另行选举);
 * - a motion passes when its votes in favour meet its own threshold of the base;
 * - ballots returned may never exceed ballots issued: a violation is recorded and blocks
 *   certification and publication (选举无效);
 * - paper ballots (entered by the tellers, paper-line.ts) are counted by the same rules; a paper
 *   ballot recorded void as a whole (`void`) is returned and void, counted nowhere — not even as
 *   弃权 on a motion; a section recorded void counts as void for that position.
 */
export interface TallyCounts {
  /** Voters on the frozen roll. */
  roll: number;
  /** Voters checked in (meeting) — the roll in an online vote. */
  present: number;
  /** Ballots issued: voters present (meeting) or the roll (online). */
  issued: number;
  /** Voters recorded as having voted (receipts), when known: must equal the electronic ballots in the box. */
  receipts?: number;
  /**
   * A sitting that takes paper ballots: paper ballots handed out (领票, part of `issued`) and
   * paper ballots entered (part of the ballots counted). Both appear in the figures.
   */
  paper?: { issued: number; returned: number };
}

export interface Figures {
  roll: number;
  present: number;
  issued: number;
  returned: number;
  valid: number;
  void: number;
  base: number;
  baseKind: Base;
  baseLabel: string;
  /** Only in a sitting that takes paper: of `issued` and `returned`, the paper ballots. */
  paperIssued?: number;
  paperReturned?: number;
}

export interface CandidateResult {
  candidateId: string;
  name: string;
  for: number;
  against: number;
  abstain: number;
  elected: boolean;
  /** Tied for the last seat(s): not elected, goes to the run-off. */
  tied: boolean;
}

export interface WriteInResult {
  name: string;
  for: number;
  elected: boolean;
  tied: boolean;
}

export interface PositionResult {
  positionId: string;
  title: string;
  seats: number;
  kind: ElectionConfig["positions"][number]["kind"];
  /** Ballots on which this position counted, and on which it was void (over-marked). */
  valid: number;
  void: number;
  /** Votes in favour needed to be elected. */
  required: number;
  candidates: CandidateResult[];
  writeIns: WriteInResult[];
  /** Names elected, most votes first. */
  elected: string[];
  unfilled: number;
  tie: boolean;
  /** Listed candidates (or tied write-ins) a run-off would put to the vote. */
  runoff: Array<{ candidateId?: string; name: string; for: number }>;
  flags: string[];
}

export interface MotionResult {
  motionId: string;
  title: string;
  for: number;
  against: number;
  abstain: number;
  required: number;
  passed: boolean;
}

export interface Integrity {
  ok: boolean;
  problems: string[];
}

export interface Results {
  figures: Figures;
  positions: PositionResult[];
  motions: MotionResult[];
  integrity: Integrity;
}

function baseOf(kind: Base, counts: TallyCounts, returned: number): number {
  if (kind === "present") return counts.present;
  if (kind === "returned") return returned;
  return counts.roll;
}

interface Contender {
  candidateId?: string;
  name: string;
  for: number;
  order: number;
}

/** Elects from the qualified contenders; a tie across the last seat leaves those seats unfilled. */
function elect(contenders: Contender[], seats: number, base: number, threshold: Threshold) {
  const qualified = contenders.filter((c) => meets(c.for, base, threshold)).sort((a, b) => b.for - a.for || a.order - b.order);
  if (qualified.length <= seats) return { elected: qualified, tied: [] as Contender[] };
  const last = qualified[seats - 1]!.for;
  const above = qualified.filter((c) => c.for > last);
  const atLast = qualified.filter((c) => c.for === last);
  if (above.length + atLast.length === seats) return { elected: qualified.slice(0, seats), tied: [] as Contender[] };
  return { elected: above, tied: atLast };
}

/**
 * What the count adds up before deciding: ballots returned, void ones (whole, per position),
 * and the marks per candidate, write-in name and motion. Built from plaintext ballots by
 * `countBallots`; an encrypted election builds it from the decrypted homomorphic sums
 * (`elections/crypto/count.ts`) and adds the paper ballots' with `addCounted`. `decide`
 * applies the rules to it.
 */
export interface Counted {
  returned: number;
  voidBallots: number;
  voidWhole: number;
  voidByPosition: Map<string, number>;
  /** Keyed `<positionId>\u0000<candidateId>`. */
  forCount: Map<string, number>;
  againstCount: Map<string, number>;
  writeInCount: Map<string, Map<string, number>>;
  motionFor: Map<string, number>;
  motionAgainst: Map<string, number>;
}

export function emptyCounted(): Counted {
  return { returned: 0, voidBallots: 0, voidWhole: 0, voidByPosition: new Map(), forCount: new Map(), againstCount: new Map(), writeInCount: new Map(), motionFor: new Map(), motionAgainst: new Map() };
}

export function candidateKey(positionId: string, candidateId: string): string {
  return `${positionId}\u0000${candidateId}`;
}

function addMaps(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [key, value] of b) out.set(key, (out.get(key) ?? 0) + value);
  return out;
}

export function addCounted(a: Counted, b: Counted): Counted {
  const writeInCount = new Map<string, Map<string, number>>();
  for (const id of new Set([...a.writeInCount.keys(), ...b.writeInCount.keys()])) writeInCount.set(id, addMaps(a.writeInCount.get(id) ?? new Map(), b.writeInCount.get(id) ?? new Map()));
  return {
    returned: a.returned + b.returned,
    voidBallots: a.voidBallots + b.voidBallots,
    voidWhole: a.voidWhole + b.voidWhole,
    voidByPosition: addMaps(a.voidByPosition, b.voidByPosition),
    forCount: addMaps(a.forCount, b.forCount),
    againstCount: addMaps(a.againstCount, b.againstCount),
    writeInCount,
    motionFor: addMaps(a.motionFor, b.motionFor),
    motionAgainst: addMaps(a.motionAgainst, b.motionAgainst),
  };
}

export function tally(config: ElectionConfig, ballots: readonly Choices[], counts: TallyCounts): Results {
  return decide(config, countBallots(config, ballots), counts);
}

export function countBallots(config: ElectionConfig, ballots: readonly Choices[]): Counted {
  const returned = ballots.length;
  let voidBallots = 0;
  const voidByPosition = new Map<string, number>();
  const forCount = new Map<string, number>();
  const againstCount = new Map<string, number>();
  const writeInCount = new Map<string, Map<string, number>>();
  const motionFor = new Map<string, number>();
  const motionAgainst = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  let voidWhole = 0;
  for (const ballot of ballots) {
    if (ballot.void) {
      // A paper ballot void as a whole (废票): returned, counted nowhere.
      voidBallots += 1;
      voidWhole += 1;
      for (const position of config.positions) bump(voidByPosition, position.id);
      continue;
    }
    let countedSections = 0;
    for (const position of config.positions) {
      // Defensive about shape: the recount CLI feeds in a downloaded file.
      const raw = ballot.positions?.[position.id];
      const section = { marks: raw?.marks ?? {}, writeIns: raw?.writeIns ?? [] };
      if (raw?.void || marksInFavour(section) > position.seats) {
        bump(voidByPosition, position.id);
        continue;
      }
      countedSections += 1;
      for (const candidate of position.candidates) {
        const mark = section.marks[candidate.id];
        if (mark === "for") bump(forCount, `${position.id}\u0000${candidate.id}`);
        else if (mark === "against") bump(againstCount, `${position.id}\u0000${candidate.id}`);
      }
      const names = writeInCount.get(position.id) ?? new Map<string, number>();
      for (const name of new Set(section.writeIns)) bump(names, name);
      writeInCount.set(position.id, names);
    }
    for (const motion of config.motions) {
      countedSections += 1;
      const mark = ballot.motions?.[motion.id];
      if (mark === "for") bump(motionFor, motion.id);
      else if (mark === "against") bump(motionAgainst, motion.id);
    }
    if (countedSections === 0 && config.positions.length + config.motions.length > 0) voidBallots += 1;
  }

  return { returned, voidBallots, voidWhole, voidByPosition, forCount, againstCount, writeInCount, motionFor, motionAgainst };
}

/** The rules applied to what was counted (see the list above). */
export function decide(config: ElectionConfig, counted: Counted, counts: TallyCounts): Results {
  const { returned, voidBallots, voidWhole, voidByPosition, forCount, againstCount, writeInCount, motionFor, motionAgainst } = counted;
  const base = baseOf(config.base, counts, returned);

  const positions: PositionResult[] = config.positions.map((position) => {
    const voided = voidByPosition.get(position.id) ?? 0;
    const valid = returned - voided;
    const contenders: Contender[] = position.candidates.map((candidate, index) => ({
      candidateId: candidate.id,
      name: candidate.name,
      for: forCount.get(`${position.id}\u0000${candidate.id}`) ?? 0,
      order: index,
    }));
    const writeIns = [...(writeInCount.get(position.id) ?? new Map<string, number>()).entries()]
      .map(([name, votes]) => ({ name, for: votes }))
      .sort((a, b) => b.for - a.for || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    writeIns.forEach((w, index) => contenders.push({ name: w.name, for: w.for, order: position.candidates.length + index }));

    const { elected, tied } = elect(contenders, position.seats, base, config.threshold);
    const isElected = (c: Contender) => elected.includes(c);
    const isTied = (c: Contender) => tied.includes(c);
    const unfilled = position.seats - elected.length;
    const flags: string[] = [];
    if (tied.length > 0) flags.push(`得票相同：${tied.map((c) => c.name).join("、")}各得${tied[0]!.for}票，争夺最后${unfilled}个名额，须另行选举`);
    if (unfilled > 0 && tied.length === 0) flags.push(`尚缺${unfilled}名未选出，须另行选举`);
    const runoffPool =
      tied.length > 0
        ? tied
        : unfilled > 0
          ? contenders.filter((c) => c.candidateId !== undefined && !isElected(c)).sort((a, b) => b.for - a.for || a.order - b.order)
          : [];

    return {
      positionId: position.id,
      title: position.title,
      seats: position.seats,
      kind: position.kind,
      valid,
      void: voided,
      required: minimumFor(base, config.threshold),
      candidates: contenders
        .filter((c) => c.candidateId !== undefined)
        .map((c) => {
          const against = againstCount.get(`${position.id}\u0000${c.candidateId}`) ?? 0;
          return { candidateId: c.candidateId!, name: c.name, for: c.for, against, abstain: valid - c.for - against, elected: isElected(c), tied: isTied(c) };
        }),
      writeIns: contenders.filter((c) => c.candidateId === undefined).map((c) => ({ name: c.name, for: c.for, elected: isElected(c), tied: isTied(c) })),
      elected: elected.map((c) => c.name),
      unfilled,
      tie: tied.length > 0,
      runoff: runoffPool.map((c) => ({ ...(c.candidateId ? { candidateId: c.candidateId } : {}), name: c.name, for: c.for })),
      flags,
    };
  });

  const motions: MotionResult[] = config.motions.map((motion) => {
    const votesFor = motionFor.get(motion.id) ?? 0;
    const against = motionAgainst.get(motion.id) ?? 0;
    return {
      motionId: motion.id,
      title: motion.title,
      for: votesFor,
      against,
      abstain: returned - voidWhole - votesFor - against,
      required: minimumFor(base, motion.threshold),
      passed: meets(votesFor, base, motion.threshold),
    };
  });

  const problems: string[] = [];
  const paper = counts.paper;
  if (returned > counts.issued) {
    problems.push(
      paper
        ? `收回选票${returned}张（纸质${paper.returned}张、电子${returned - paper.returned}张），多于发出选票${counts.issued}张（纸质${paper.issued}张、电子${counts.issued - paper.issued}张），选举无效，不得公布`
        : `收回选票${returned}张，多于发出选票${counts.issued}张，选举无效，不得公布`,
    );
  }
  const electronic = returned - (paper?.returned ?? 0);
  if (counts.receipts !== undefined && counts.receipts !== electronic) problems.push(`已投票登记${counts.receipts}人，与票箱中的${electronic}张电子选票不符，不得公布`);

  return {
    figures: {
      roll: counts.roll,
      present: counts.present,
      issued: counts.issued,
      returned,
      valid: returned - voidBallots,
      void: voidBallots,
      base,
      baseKind: config.base,
      baseLabel: BASES[config.base],
      ...(paper ? { paperIssued: paper.issued, paperReturned: paper.returned } : {}),
    },
    positions,
    motions,
    integrity: { ok: problems.length === 0, problems },
  };
}

/** Every leaf of a JSON value by its dotted path, for comparing two results field by field. */
function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (Array.isArray(value)) value.forEach((item, index) => leaves(item, `${path}[${index}]`, out));
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) leaves(item, path ? `${path}.${key}` : key, out);
  else out.set(path, value);
  return out;
}

/**
 * The differences between a recount and the published results (figures, positions, motions;
 * the receipt count is not part of the bulletin and is left out). Empty when they agree.
 */
export function compareResults(recount: Results, published: Results): string[] {
  const pick = (r: Results) => ({ figures: { ...r.figures }, positions: r.positions, motions: r.motions });
  const a = leaves(pick(recount), "", new Map());
  const b = leaves(pick(published), "", new Map());
  const differences: string[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(path) !== b.get(path)) differences.push(`${path}：重新计票为 ${JSON.stringify(a.get(path))}，公布结果为 ${JSON.stringify(b.get(path))}`);
  }
  return differences;
}
