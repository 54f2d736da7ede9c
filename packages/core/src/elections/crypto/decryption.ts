import { lagrangeAtZero } from "./ceremony";
import { type Ciphertext } from "./elgamal";
import { G, mul, pointFrom, pointHex, ZERO, type Point, type TranscriptPart } from "./group";
import { proveEquality, verifyEquality, type EqualityProof } from "./proofs";

/**
 * Threshold decryption. Each 监票人 of the quorum, on their own device, gives for a
 * ciphertext's first part A (an option's sum, or a write-in box's ephemeral point) the share
 * D_i = s_i·A with a Chaum–Pedersen proof that it used the same s_i as its public check value
 * V_i = s_i·G. Any t valid shares combine by Lagrange interpolation to s·A (s: the joint
 * secret nobody holds), which removes the mask: B − s·A = m·G. Pure.
 */
export interface PartialDecryption {
  trustee: number;
  share: string;
  proof: EqualityProof;
}

/** What a decryption is about: election, joint key, the item (`p1/p1c2/for`, `writeIn/…`). */
export const decryptionContext = (electionId: string, jointKey: Point, label: string, trustee: number): TranscriptPart[] => [electionId, jointKey, label, trustee];

export function partialDecrypt(electionId: string, jointKey: Point, label: string, trustee: number, share: bigint, A: Point): PartialDecryption {
  const D = mul(A, share);
  return {
    trustee,
    share: pointHex(D),
    proof: proveEquality("partial-decryption", decryptionContext(electionId, jointKey, label, trustee), share, A, mul(G, share), D),
  };
}

export function verifyPartial(electionId: string, jointKey: Point, label: string, verificationKey: Point, A: Point, partial: PartialDecryption, field = "share"): boolean {
  const D = pointFrom(partial.share, `${field}.share`);
  return verifyEquality("partial-decryption", decryptionContext(electionId, jointKey, label, partial.trustee), A, verificationKey, D, partial.proof, `${field}.proof`);
}

/** Σ λ_i·D_i over the given shares (their trustees must be distinct): s·A when at least t are given. */
export function combinePartials(partials: readonly PartialDecryption[]): Point {
  const indices = partials.map((p) => p.trustee);
  return partials.reduce((sum, p) => sum.add(mul(pointFrom(p.share), lagrangeAtZero(indices, p.trustee))), ZERO);
}

/** m·G of a ciphertext, from the combined shares. */
export function unmask(ciphertext: Ciphertext, combined: Point): Point {
  return ciphertext.b.subtract(combined);
}
