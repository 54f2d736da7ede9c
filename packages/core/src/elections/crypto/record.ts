import type { Choices } from "../choices";
import type { ElectionConfig } from "../config";
import { addCounted, compareResults, countBallots, decide, type Results, type TallyCounts } from "../tally";
import { ballotTrackingCode, checkBallot, decodeWriteIn, writeInInfo, type EncryptedBallot } from "./ballot";
import { jointKey as jointKeyOf, verificationKey, verifyCommitments, verifyDeviceKey, type Commitments, type DeviceKey } from "./ceremony";
import { combineCount, countedFromTallies, sumBallots, sumsJson, writeInItems, writeInLabel, type TrusteeDecryptions } from "./count";
import { combinePartials, unmask, verifyPartial, type PartialDecryption } from "./decryption";
import { ciphertextFrom, openWithShared, type Ciphertext, type CiphertextJson } from "./elgamal";
import { pointFrom, pointHex, small, type Point } from "./group";

/**
 * The election record (record.json): everything an outsider needs to check an encrypted
 * election without trusting the server — parameters, the ceremony's public values, every
 * encrypted ballot with its proofs and tracking code, the sums, the quorum's decryption shares
 * with proofs, the write-ins read, the paper ballots of the same sitting (plaintext, apart) and
 * the results. `verifyRecord` re-checks all of it and says in Chinese what held. Pure: the CLI
 * (scripts/verify-election.ts) and the public page run the same code.
 */
export const RECORD_FORMAT = "tongxin-encrypted-election/v1";

export interface ElectionRecord {
  format: typeof RECORD_FORMAT;
  electionId: string;
  title: string;
  config: ElectionConfig;
  parameters: { group: "ristretto255"; hash: "SHA-512"; trustees: number; threshold: number };
  ceremony: { trustees: Array<{ index: number; name: string }>; deviceKeys: DeviceKey[]; commitments: Commitments[]; jointKey: string };
  ballots: Array<{ trackingCode: string; ballot: EncryptedBallot }>;
  sums: Record<string, CiphertextJson>;
  /** The quorum's shares (at least `threshold` trustees). */
  decryptions: TrusteeDecryptions[];
  /** Per summed label, the electronic count. */
  tallies: Record<string, number>;
  /** Per write-in slot of every ballot (ballot order, then position, then slot): used or not, and the name read. */
  writeIns: Array<{ flag: number; name: string }>;
  /** Paper ballots of the same sitting, counted in plaintext and shown apart. */
  paperBallots: Choices[];
  counts: TallyCounts;
  results: Results;
}

export interface Check {
  ok: boolean;
  /** What was checked, in Chinese. */
  title: string;
  /** What failed, when something did. */
  problems: string[];
}

function check(title: string, problems: string[]): Check {
  return { ok: problems.length === 0, title, problems };
}

const MAX_LISTED = 20;
const listed = (problems: string[]): string[] => (problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `……共${problems.length}处`] : problems);

/** Runs every check; the record holds when every `ok` is true. Never throws on a bad record. */
export function verifyRecord(record: ElectionRecord): Check[] {
  const checks: Check[] = [];
  const safely = (title: string, run: () => string[]): boolean => {
    try {
      const c = check(title, listed(run()));
      checks.push(c);
      return c.ok;
    } catch (error) {
      checks.push(check(title, [`记录格式错误：${error instanceof Error ? error.message : String(error)}`]));
      return false;
    }
  };
  const { electionId, config } = record;

  const paramsOk = safely("参数：ristretto255 群、SHA-512，监票人至少3人，门限不超过人数", () => {
    const p = record.parameters;
    const problems: string[] = [];
    if (record.format !== RECORD_FORMAT) problems.push(`记录格式为“${String(record.format)}”，应为“${RECORD_FORMAT}”`);
    if (p?.group !== "ristretto255" || p?.hash !== "SHA-512") problems.push("群或散列算法不符");
    if (!(p.trustees >= 3) || !(p.threshold >= 1) || p.threshold > p.trustees) problems.push(`监票人${p.trustees}人、门限${p.threshold}不合要求`);
    if (record.ceremony.deviceKeys.length !== p.trustees || record.ceremony.commitments.length !== p.trustees) problems.push("公布的监票人公钥或承诺数与人数不符");
    return problems;
  });
  if (!paramsOk) return checks;

  let K: Point | undefined;
  safely("密钥仪式：每位监票人的设备公钥和多项式承诺都附有有效证明，联合公钥等于各人承诺之和", () => {
    const problems: string[] = [];
    const indices = record.ceremony.commitments.map((c) => c.trustee).sort((a, b) => a - b);
    if (indices.some((index, i) => index !== i + 1)) problems.push("监票人编号应为1至n且不重复");
    for (const d of record.ceremony.deviceKeys) if (!verifyDeviceKey(electionId, d)) problems.push(`第${d.trustee}位监票人的设备公钥证明无效`);
    for (const c of record.ceremony.commitments) if (!verifyCommitments(electionId, c, record.parameters.threshold)) problems.push(`第${c.trustee}位监票人的承诺或其证明无效`);
    const joint = jointKeyOf(record.ceremony.commitments);
    if (pointHex(joint) !== record.ceremony.jointKey) problems.push("公布的联合公钥不等于各人承诺之和");
    else K = joint;
    return problems;
  });
  if (!K) return checks;
  const jointKey = K;

  safely(`加密选票：${record.ballots.length}张，每张的全部证明成立（每个标记为0或1，每位候选人和议题只选赞成、反对、弃权之一，不超过应选名额），查验码等于选票的散列，且无重复`, () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const { trackingCode, ballot } of record.ballots) {
      if (ballotTrackingCode(ballot) !== trackingCode) problems.push(`查验码${trackingCode.slice(0, 16)}与选票内容不符`);
      if (seen.has(trackingCode)) problems.push(`查验码${trackingCode.slice(0, 16)}重复出现`);
      seen.add(trackingCode);
      try {
        const failed = checkBallot(config, electionId, jointKey, ballot);
        if (failed.length > 0) problems.push(`查验码${trackingCode.slice(0, 16)}的证明不成立：${failed.join("、")}`);
      } catch (error) {
        problems.push(`查验码${trackingCode.slice(0, 16)}的选票格式错误：${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  });

  let sums = new Map<string, Ciphertext>();
  const sumsOk = safely("密文之和：每个选项公布的密文和等于全部加密选票逐一相加", () => {
    sums = sumBallots(config, record.ballots.map((b) => b.ballot));
    const problems: string[] = [];
    if (Object.keys(record.sums).length !== sums.size) problems.push("公布的密文和的选项数不符");
    for (const [label, c] of sums) {
      const published = record.sums[label];
      if (!published || published.a !== pointHex(c.a) || published.b !== pointHex(c.b)) problems.push(`选项${label}的密文和不符`);
    }
    return problems;
  });

  if (!sumsOk && sums.size === 0) return checks;
  const threshold = record.parameters.threshold;
  const items = writeInItems(config, record.ballots);
  safely(`解密：至少${threshold}位监票人为每个选项给出了带证明的部分解密，合成后恰为公布的电子票数`, () => {
    const problems: string[] = [];
    const trustees = record.decryptions.map((d) => d.trustee);
    if (new Set(trustees).size !== trustees.length || trustees.length < threshold) return [`参与解密的监票人${new Set(trustees).size}人，少于门限${threshold}人`];
    const keys = new Map(trustees.map((t) => [t, verificationKey(record.ceremony.commitments, t)]));
    const shareProblems = (label: string, A: Point, shares: Array<PartialDecryption | undefined>): PartialDecryption[] | undefined => {
      const bad = record.decryptions.filter((_, i) => !shares[i] || shares[i]!.trustee !== trustees[i] || !verifyPartial(electionId, jointKey, label, keys.get(trustees[i]!)!, A, shares[i]!));
      for (const d of bad) problems.push(`第${d.trustee}位监票人对${label}的部分解密证明无效`);
      return bad.length === 0 ? (shares as PartialDecryption[]) : undefined;
    };
    for (const [label, c] of sums) {
      const shares = shareProblems(label, c.a, record.decryptions.map((d) => d.sums?.[label]));
      const claimed = record.tallies[label];
      if (!Number.isInteger(claimed) || claimed! < 0 || claimed! > record.ballots.length) {
        problems.push(`选项${label}公布的票数无效`);
        continue;
      }
      if (shares && !unmask(c, combinePartials(shares)).equals(small(claimed!))) problems.push(`选项${label}：解密结果不是公布的${claimed}票`);
    }
    if (record.writeIns.length !== items.length) return [...problems, `另选他人栏应有${items.length}个，记录中有${record.writeIns.length}个`];
    items.forEach((item, i) => {
      const flagCipher = ciphertextFrom(item.flag, "flag");
      const claimed = record.writeIns[i]!;
      const flagShares = shareProblems(writeInLabel(item, "flag"), flagCipher.a, record.decryptions.map((d) => d.writeIns?.[i]?.flag));
      if (flagShares && !unmask(flagCipher, combinePartials(flagShares)).equals(small(claimed.flag === 1 ? 1 : 0))) problems.push(`另选他人栏${writeInLabel(item, "flag")}的解密不符`);
      const nameShares = shareProblems(writeInLabel(item, "name"), pointFrom(item.name.e), record.decryptions.map((d) => d.writeIns?.[i]?.name));
      if (nameShares) {
        const bytes = openWithShared(combinePartials(nameShares), jointKey, item.name, writeInInfo(electionId, `${item.positionId}/w${item.slot}`));
        if (!bytes || decodeWriteIn(bytes) !== claimed.name) problems.push(`另选他人栏${writeInLabel(item, "name")}解密出的姓名不是公布的“${claimed.name}”`);
      }
    });
    return problems;
  });

  safely(`结果：电子票数加上${record.paperBallots.length}张纸质选票（明文，单列）按既定规则重新计算，与公布的结果一致`, () => {
    const electronic = countedFromTallies(config, record.ballots.length, record.tallies, items, record.writeIns);
    const recount = decide(config, addCounted(electronic, countBallots(config, record.paperBallots)), record.counts);
    return compareResults(recount, record.results);
  });
  return checks;
}

/** Finds a voter's tracking code (the full hash, or the 16-character short form with or without dashes). */
export function findTrackingCode(record: ElectionRecord, code: string): string | undefined {
  const wanted = code.replace(/-/g, "").toLowerCase();
  if (wanted.length < 16) return undefined;
  return record.ballots.find((b) => b.trackingCode.startsWith(wanted))?.trackingCode;
}

export interface RecordParts {
  electionId: string;
  title: string;
  config: ElectionConfig;
  threshold: number;
  trustees: Array<{ index: number; name: string }>;
  deviceKeys: DeviceKey[];
  commitments: Commitments[];
  ballots: Array<{ trackingCode: string; ballot: EncryptedBallot }>;
  decryptions: TrusteeDecryptions[];
  paperBallots: Choices[];
  counts: TallyCounts;
}

/**
 * Assembles the record at the count from accepted ballots and the quorum's decryptions: sums,
 * combined counts, write-ins, the results by the existing rules. Refuses (`problems`) when a
 * share fails or fewer than `threshold` 监票人 decrypted — then there is no result to publish.
 */
export function buildRecord(parts: RecordParts): { record?: ElectionRecord; problems: string[] } {
  const joint = jointKeyOf(parts.commitments);
  const sums = sumBallots(parts.config, parts.ballots.map((b) => b.ballot));
  const items = writeInItems(parts.config, parts.ballots);
  const combined = combineCount(parts.electionId, joint, parts.commitments, parts.threshold, sums, items, parts.decryptions, parts.ballots.length);
  if (combined.problems.length > 0) return { problems: combined.problems };
  const electronic = countedFromTallies(parts.config, parts.ballots.length, combined.tallies, items, combined.writeIns);
  const results = decide(parts.config, addCounted(electronic, countBallots(parts.config, parts.paperBallots)), parts.counts);
  return {
    problems: [],
    record: {
      format: RECORD_FORMAT,
      electionId: parts.electionId,
      title: parts.title,
      config: parts.config,
      parameters: { group: "ristretto255", hash: "SHA-512", trustees: parts.trustees.length, threshold: parts.threshold },
      ceremony: { trustees: parts.trustees, deviceKeys: parts.deviceKeys, commitments: parts.commitments, jointKey: pointHex(joint) },
      ballots: parts.ballots,
      sums: sumsJson(sums),
      decryptions: parts.decryptions,
      tallies: combined.tallies,
      writeIns: combined.writeIns,
      paperBallots: parts.paperBallots,
      counts: parts.counts,
      results,
    },
  };
}
