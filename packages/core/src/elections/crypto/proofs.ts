import { challenge, G, mod, mul, mulPublic, randomScalar, scalarFrom, scalarHex, small, type Point, type TranscriptPart } from "./group";

/**
 * The zero-knowledge proofs, all non-interactive by Fiat–Shamir (`challenge` in group.ts,
 * domain-separated per kind, the caller's context — election id, joint key, what is proved
 * about — always in the transcript). Stored as challenge/response pairs; the verifier
 * recomputes the commitments and checks they hash back to the challenge. Pure.
 */

/** Knowledge of x with X = x·G (Schnorr). */
export interface SchnorrProof {
  c: string;
  z: string;
}

export function proveSchnorr(kind: string, context: readonly TranscriptPart[], x: bigint, X: Point): SchnorrProof {
  const w = randomScalar();
  const R = mul(G, w);
  const c = challenge(kind, [...context, X, R]);
  return { c: scalarHex(c), z: scalarHex(mod(w + c * x)) };
}

export function verifySchnorr(kind: string, context: readonly TranscriptPart[], X: Point, proof: SchnorrProof, field = "proof"): boolean {
  const c = scalarFrom(proof?.c, `${field}.c`);
  const z = scalarFrom(proof?.z, `${field}.z`);
  const R = mulPublic(G, z).subtract(mulPublic(X, c));
  return challenge(kind, [...context, X, R]) === c;
}

/** Chaum–Pedersen: the same x with X = x·G and Y = x·H (a decryption share, a DH tuple). */
export type EqualityProof = SchnorrProof;

export function proveEquality(kind: string, context: readonly TranscriptPart[], x: bigint, H: Point, X: Point, Y: Point): EqualityProof {
  const w = randomScalar();
  const c = challenge(kind, [...context, H, X, Y, mul(G, w), mul(H, w)]);
  return { c: scalarHex(c), z: scalarHex(mod(w + c * x)) };
}

export function verifyEquality(kind: string, context: readonly TranscriptPart[], H: Point, X: Point, Y: Point, proof: EqualityProof, field = "proof"): boolean {
  const c = scalarFrom(proof?.c, `${field}.c`);
  const z = scalarFrom(proof?.z, `${field}.z`);
  const R1 = mulPublic(G, z).subtract(mulPublic(X, c));
  const R2 = mulPublic(H, z).subtract(mulPublic(Y, c));
  return challenge(kind, [...context, H, X, Y, R1, R2]) === c;
}

/**
 * Disjunctive Chaum–Pedersen (Cramer–Damgård–Schoenmakers): the ElGamal ciphertext (A, B)
 * under key K encrypts one of `low..high`, without saying which. Branch j states that
 * (A, B − j·G) is a DH tuple over (G, K) with the encryption nonce r. The false branches are
 * simulated; the challenges of all branches must sum to the hash of every commitment.
 * `{0,1}` is the 0/1 mark proof; `{0..seats}` bounds a 差额 section; `{1..1}` proves a sum.
 */
export interface RangeProof {
  c: string[];
  z: string[];
}

export function proveRange(
  context: readonly TranscriptPart[],
  K: Point,
  A: Point,
  B: Point,
  r: bigint,
  value: number,
  low: number,
  high: number,
): RangeProof {
  if (value < low || value > high) throw new RangeError("value outside the proved range");
  const n = high - low + 1;
  const c: bigint[] = new Array(n).fill(0n);
  const z: bigint[] = new Array(n).fill(0n);
  const commitments: Point[] = [];
  const w = randomScalar();
  for (let i = 0; i < n; i += 1) {
    const j = low + i;
    if (j === value) {
      commitments.push(mul(G, w), mul(K, w));
      continue;
    }
    c[i] = randomScalar();
    z[i] = randomScalar();
    const shifted = B.subtract(small(j));
    commitments.push(mul(G, z[i]!).subtract(mul(A, c[i]!)), mul(K, z[i]!).subtract(mul(shifted, c[i]!)));
  }
  const total = challenge("range", [...context, low, high, K, A, B, ...commitments]);
  const t = value - low;
  c[t] = mod(total - c.reduce((sum, ci, i) => (i === t ? sum : sum + ci), 0n));
  z[t] = mod(w + c[t]! * r);
  return { c: c.map(scalarHex), z: z.map(scalarHex) };
}

export function verifyRange(
  context: readonly TranscriptPart[],
  K: Point,
  A: Point,
  B: Point,
  low: number,
  high: number,
  proof: RangeProof,
  field = "proof",
): boolean {
  const n = high - low + 1;
  if (!Array.isArray(proof?.c) || !Array.isArray(proof?.z) || proof.c.length !== n || proof.z.length !== n) return false;
  const commitments: Point[] = [];
  let sum = 0n;
  for (let i = 0; i < n; i += 1) {
    const c = scalarFrom(proof.c[i], `${field}.c.${i}`);
    const z = scalarFrom(proof.z[i], `${field}.z.${i}`);
    sum += c;
    const shifted = B.subtract(small(low + i));
    commitments.push(mulPublic(G, z).subtract(mulPublic(A, c)), mulPublic(K, z).subtract(mulPublic(shifted, c)));
  }
  return challenge("range", [...context, low, high, K, A, B, ...commitments]) === mod(sum);
}
