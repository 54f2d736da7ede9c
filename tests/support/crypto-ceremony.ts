import { commitmentsFor, deviceKeyFor, jointKey, keyShare, makePolynomial, receiveShare, sealShares, type Commitments, type DeviceKey, type SealedShare } from "@tongxin/core/elections/crypto/ceremony";
import type { Choices } from "@tongxin/core/elections/choices";
import type { ElectionConfig } from "@tongxin/core/elections/config";
import { ballotTrackingCode, encryptBallot } from "@tongxin/core/elections/crypto/ballot";
import { sumBallots, trusteeDecryptions, writeInItems } from "@tongxin/core/elections/crypto/count";
import { randomScalar, type Point } from "@tongxin/core/elections/crypto/group";
import { buildRecord, type ElectionRecord } from "@tongxin/core/elections/crypto/record";
import type { TallyCounts } from "@tongxin/core/elections/tally";

/**
 * A whole key ceremony run in one process, as the 监票人's devices would run it each on their
 * own (tests and bench only): device keys, commitments, sealed shares, every share received
 * and checked, each key share.
 */
export interface Ceremony {
  electionId: string;
  threshold: number;
  deviceKeys: DeviceKey[];
  commitments: Commitments[];
  sealed: SealedShare[];
  /** trustee index (1-based) → key share s_j. */
  shares: Map<number, bigint>;
  jointKey: Point;
}

export function runCeremony(electionId: string, trustees: number, threshold: number): Ceremony {
  const indices = Array.from({ length: trustees }, (_, i) => i + 1);
  const deviceSecrets = new Map(indices.map((i) => [i, randomScalar()]));
  const deviceKeys = indices.map((i) => deviceKeyFor(electionId, i, deviceSecrets.get(i)!));
  const polynomials = indices.map((i) => makePolynomial(i, threshold));
  const commitments = polynomials.map((p) => commitmentsFor(electionId, p));
  const sealed = polynomials.flatMap((p) => sealShares(electionId, p, deviceKeys));
  const shares = new Map<number, bigint>();
  for (const j of indices) {
    const received = sealed
      .filter((s) => s.to === j)
      .map((s) => {
        const share = receiveShare(electionId, deviceSecrets.get(j)!, s, commitments[s.from - 1]!);
        if (share === undefined) throw new Error(`share ${s.from}->${j} failed`);
        return share;
      });
    shares.set(j, keyShare(polynomials[j - 1]!, received));
  }
  return { electionId, threshold, deviceKeys, commitments, sealed, shares, jointKey: jointKey(commitments) };
}

/**
 * A whole encrypted election in one process (tests and bench): ballots made as the voters'
 * browsers would, every one checked, the quorum's decryptions, the record assembled.
 */
export function electionRecord(options: {
  ceremony: Ceremony;
  config: ElectionConfig;
  choices: readonly Choices[];
  paperBallots?: Choices[];
  counts: TallyCounts;
  quorum: number[];
}): ElectionRecord {
  const { ceremony, config } = options;
  const ballots = options.choices.map((c) => {
    const { ballot } = encryptBallot(config, ceremony.electionId, ceremony.jointKey, c);
    return { trackingCode: ballotTrackingCode(ballot), ballot };
  });
  const sums = sumBallots(config, ballots.map((b) => b.ballot));
  const items = writeInItems(config, ballots);
  const decryptions = options.quorum.map((t) => trusteeDecryptions(ceremony.electionId, ceremony.jointKey, t, ceremony.shares.get(t)!, sums, items));
  const { record, problems } = buildRecord({
    electionId: ceremony.electionId,
    title: "测试选举",
    config,
    threshold: ceremony.threshold,
    trustees: ceremony.deviceKeys.map((d) => ({ index: d.trustee, name: `监票人${d.trustee}` })),
    deviceKeys: ceremony.deviceKeys,
    commitments: ceremony.commitments,
    ballots,
    decryptions,
    paperBallots: options.paperBallots ?? [],
    counts: options.counts,
  });
  if (!record) throw new Error(`record not built: ${problems.join(", ")}`);
  return record;
}
