import type { ElectionConfig } from "../config";
import { candidateKey, emptyCounted, type Counted } from "../tally";
import { ballotCiphertexts, decodeWriteIn, tallyLabels, writeInInfo, type EncryptedBallot } from "./ballot";
import { verificationKey, type Commitments } from "./ceremony";
import { combinePartials, partialDecrypt, unmask, verifyPartial, type PartialDecryption } from "./decryption";
import { addCiphertexts, ciphertextFrom, ciphertextJson, EMPTY_CIPHERTEXT, openWithShared, smallLog, type Ciphertext, type CiphertextJson, type SealedBox } from "./elgamal";
import { pointFrom, type Point } from "./group";

/**
 * The count of an encrypted election, pure: sum the accepted ballots per option, let each
 * 监票人 of the quorum decrypt partially on their device (`trusteeDecryptions`), combine the
 * checked shares into counts (`combineCount`) and hand them to the existing rules as a
 * `Counted` (`countedFromTallies`), to which the paper ballots' count is added.
 */

/** Per summed label, the product of every ballot's ciphertext. */
export function sumBallots(config: ElectionConfig, ballots: readonly EncryptedBallot[]): Map<string, Ciphertext> {
  const sums = new Map<string, Ciphertext>(tallyLabels(config).map((label) => [label, EMPTY_CIPHERTEXT]));
  for (const ballot of ballots) {
    for (const [label, c] of ballotCiphertexts(config, ballot)) sums.set(label, addCiphertexts(sums.get(label)!, c));
  }
  return sums;
}

/** One write-in slot of one ballot, decrypted on its own (flag and name). */
export interface WriteInItem {
  trackingCode: string;
  positionId: string;
  slot: number;
  flag: CiphertextJson;
  name: SealedBox;
}

export const writeInLabel = (item: Pick<WriteInItem, "trackingCode" | "positionId" | "slot">, part: "flag" | "name"): string => `${item.trackingCode}/${item.positionId}/w${item.slot}/${part}`;

export function writeInItems(config: ElectionConfig, ballots: ReadonlyArray<{ trackingCode: string; ballot: EncryptedBallot }>): WriteInItem[] {
  return ballots.flatMap(({ trackingCode, ballot }) =>
    config.positions.flatMap((position) => ballot.positions[position.id]!.writeIns.map((slot, index) => ({ trackingCode, positionId: position.id, slot: index, flag: slot.flag, name: slot.name }))),
  );
}

/** What one 监票人's device publishes at the count: a proved share for every sum and every write-in slot. */
export interface TrusteeDecryptions {
  trustee: number;
  sums: Record<string, PartialDecryption>;
  writeIns: Array<{ flag: PartialDecryption; name: PartialDecryption }>;
}

export function trusteeDecryptions(electionId: string, jointKey: Point, trustee: number, share: bigint, sums: Map<string, Ciphertext>, writeIns: readonly WriteInItem[]): TrusteeDecryptions {
  return {
    trustee,
    sums: Object.fromEntries([...sums].map(([label, c]) => [label, partialDecrypt(electionId, jointKey, label, trustee, share, c.a)])),
    writeIns: writeIns.map((item) => ({
      flag: partialDecrypt(electionId, jointKey, writeInLabel(item, "flag"), trustee, share, ciphertextFrom(item.flag, "flag").a),
      name: partialDecrypt(electionId, jointKey, writeInLabel(item, "name"), trustee, share, pointFrom(item.name.e)),
    })),
  };
}

export interface CombinedCount {
  /** Per summed label: the electronic count. */
  tallies: Record<string, number>;
  /** Per write-in slot, in `writeIns` order: whether it was used and the name read. */
  writeIns: Array<{ flag: number; name: string }>;
  /** Labels whose decryption could not be completed (a bad share, too few). */
  problems: string[];
}

/**
 * Combines the quorum's decryptions, checking each share's proof against the sender's public
 * check value. Refuses (in `problems`) anything with fewer than `threshold` valid shares.
 */
export function combineCount(
  electionId: string,
  jointKey: Point,
  commitments: readonly Commitments[],
  threshold: number,
  sums: Map<string, Ciphertext>,
  writeIns: readonly WriteInItem[],
  decryptions: readonly TrusteeDecryptions[],
  maxVotes: number,
): CombinedCount {
  const problems: string[] = [];
  const keys = new Map(decryptions.map((d) => [d.trustee, verificationKey(commitments, d.trustee)]));
  const valid = (label: string, A: Point, shares: Array<PartialDecryption | undefined>): PartialDecryption[] | undefined => {
    const good = shares.filter((p): p is PartialDecryption => !!p && keys.has(p.trustee) && verifyPartial(electionId, jointKey, label, keys.get(p.trustee)!, A, p));
    if (new Set(good.map((p) => p.trustee)).size < threshold) {
      problems.push(label);
      return undefined;
    }
    return good.slice(0, threshold);
  };
  const tallies: Record<string, number> = {};
  for (const [label, c] of sums) {
    const shares = valid(label, c.a, decryptions.map((d) => d.sums[label]));
    const value = shares && smallLog(unmask(c, combinePartials(shares)), maxVotes);
    if (value === undefined) {
      if (shares) problems.push(label);
      continue;
    }
    tallies[label] = value;
  }
  const names = writeIns.map((item, i) => {
    const flagCipher = ciphertextFrom(item.flag, "flag");
    const flagShares = valid(writeInLabel(item, "flag"), flagCipher.a, decryptions.map((d) => d.writeIns[i]?.flag));
    const flag = flagShares ? smallLog(unmask(flagCipher, combinePartials(flagShares)), 1) : undefined;
    const nameShares = valid(writeInLabel(item, "name"), pointFrom(item.name.e), decryptions.map((d) => d.writeIns[i]?.name));
    const bytes = nameShares && openWithShared(combinePartials(nameShares), jointKey, item.name, writeInInfo(electionId, `${item.positionId}/w${item.slot}`));
    const name = bytes && decodeWriteIn(bytes);
    if (flag === undefined || name === undefined) problems.push(writeInLabel(item, "name"));
    return { flag: flag ?? 0, name: name ?? "" };
  });
  return { tallies, writeIns: names, problems };
}

/**
 * The electronic part of the count for the rules: no encrypted ballot is void (its proofs
 * forbid over-marking); a write-in counts when its slot's flag is 1 and the name is not
 * blank, once per ballot.
 */
export function countedFromTallies(config: ElectionConfig, ballots: number, tallies: Record<string, number>, writeIns: readonly WriteInItem[], names: ReadonlyArray<{ flag: number; name: string }>): Counted {
  const counted = emptyCounted();
  counted.returned = ballots;
  for (const position of config.positions) {
    for (const candidate of position.candidates) {
      counted.forCount.set(candidateKey(position.id, candidate.id), tallies[`${position.id}/${candidate.id}/for`] ?? 0);
      counted.againstCount.set(candidateKey(position.id, candidate.id), tallies[`${position.id}/${candidate.id}/against`] ?? 0);
    }
  }
  for (const motion of config.motions) {
    counted.motionFor.set(motion.id, tallies[`${motion.id}/for`] ?? 0);
    counted.motionAgainst.set(motion.id, tallies[`${motion.id}/against`] ?? 0);
  }
  const seen = new Set<string>();
  writeIns.forEach((item, i) => {
    const { flag, name } = names[i] ?? { flag: 0, name: "" };
    const trimmed = name.trim();
    if (flag !== 1 || trimmed === "") return;
    const once = `${item.trackingCode}\u0000${item.positionId}\u0000${trimmed}`;
    if (seen.has(once)) return;
    seen.add(once);
    const perPosition = counted.writeInCount.get(item.positionId) ?? new Map<string, number>();
    perPosition.set(trimmed, (perPosition.get(trimmed) ?? 0) + 1);
    counted.writeInCount.set(item.positionId, perPosition);
  });
  return counted;
}

export const sumsJson = (sums: Map<string, Ciphertext>): Record<string, CiphertextJson> => Object.fromEntries([...sums].map(([label, c]) => [label, ciphertextJson(c)]));
