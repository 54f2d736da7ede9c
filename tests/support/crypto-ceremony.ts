import { commitmentsFor, deviceKeyFor, jointKey, keyShare, makePolynomial, receiveShare, sealShares, type Commitments, type DeviceKey, type SealedShare } from "@tongxin/core/elections/crypto/ceremony";
import { randomScalar, type Point } from "@tongxin/core/elections/crypto/group";

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
