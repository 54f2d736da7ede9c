import { bytesToNumberLE, numberToBytesLE } from "@noble/curves/utils.js";
import { openSealed, seal, type SealedBox } from "./elgamal";
import { G, mod, mul, mulPublic, ORDER, Point, pointFrom, pointHex, randomScalar, ZERO } from "./group";
import { proveSchnorr, verifySchnorr, type SchnorrProof } from "./proofs";

/**
 * The key ceremony: a Pedersen distributed key generation (joint Feldman VSS) among the n
 * 监票人, threshold t. Nobody ever holds the election's secret key.
 *
 * 1. Each 监票人 i makes a device key (kept on their device) and publishes it with a proof
 *    that they hold its secret.
 * 2. Each picks a random polynomial f_i of degree t−1 and publishes its coefficients'
 *    commitments C_{i,k} = a_{i,k}·G, each with a Schnorr proof.
 * 3. Each sends f_i(j) to every other 监票人 j, sealed to j's device key: only j can read it.
 * 4. j checks every share it got against the sender's commitments (Feldman:
 *    f_i(j)·G = Σ_k j^k·C_{i,k}); a share that fails is a public complaint against i.
 *    j's key share is s_j = Σ_i f_i(j).
 * The joint key is K = Σ_i C_{i,0}; the public check value of j's share is
 * V_j = Σ_i Σ_k j^k·C_{i,k} = s_j·G, computable by anyone from the commitments. Any t shares
 * give K's secret by Lagrange interpolation (never computed: each 监票人 decrypts partially);
 * t−1 shares say nothing about it. Pure.
 */

export interface DeviceKey {
  trustee: number;
  key: string;
  proof: SchnorrProof;
}

export interface Commitments {
  trustee: number;
  commitments: string[];
  proofs: SchnorrProof[];
}

export interface SealedShare {
  from: number;
  to: number;
  box: SealedBox;
}

export function deviceKeyFor(electionId: string, trustee: number, secret: bigint): DeviceKey {
  const X = mul(G, secret);
  return { trustee, key: pointHex(X), proof: proveSchnorr("device-key", [electionId, trustee], secret, X) };
}

export function verifyDeviceKey(electionId: string, announced: DeviceKey): boolean {
  return verifySchnorr("device-key", [electionId, announced.trustee], pointFrom(announced.key, "key"), announced.proof);
}

export interface Polynomial {
  trustee: number;
  coefficients: bigint[];
}

export function makePolynomial(trustee: number, threshold: number): Polynomial {
  return { trustee, coefficients: Array.from({ length: threshold }, () => randomScalar()) };
}

export function commitmentsFor(electionId: string, polynomial: Polynomial): Commitments {
  const points = polynomial.coefficients.map((a) => mul(G, a));
  return {
    trustee: polynomial.trustee,
    commitments: points.map(pointHex),
    proofs: polynomial.coefficients.map((a, k) => proveSchnorr("commitment", [electionId, polynomial.trustee, k], a, points[k]!)),
  };
}

export function verifyCommitments(electionId: string, published: Commitments, threshold: number): boolean {
  if (!Array.isArray(published.commitments) || published.commitments.length !== threshold) return false;
  if (!Array.isArray(published.proofs) || published.proofs.length !== threshold) return false;
  return published.commitments.every((hex, k) => {
    const C = pointFrom(hex, `commitments.${k}`);
    return !C.is0() && verifySchnorr("commitment", [electionId, published.trustee, k], C, published.proofs[k]!, `proofs.${k}`);
  });
}

export function evaluate(polynomial: Polynomial, x: number): bigint {
  let result = 0n;
  for (let k = polynomial.coefficients.length - 1; k >= 0; k -= 1) result = mod(result * BigInt(x) + polynomial.coefficients[k]!);
  return result;
}

/** Σ_k x^k·C_k: the public image of f(x)·G. */
export function commitmentAt(commitments: readonly string[], x: number): Point {
  let power = 1n;
  let result = ZERO;
  for (const hex of commitments) {
    result = result.add(mulPublic(pointFrom(hex), power));
    power = mod(power * BigInt(x));
  }
  return result;
}

const shareInfo = (electionId: string, from: number, to: number) => `share/${electionId}/${from}->${to}`;

export function sealShares(electionId: string, polynomial: Polynomial, recipients: readonly DeviceKey[]): SealedShare[] {
  return recipients
    .filter((recipient) => recipient.trustee !== polynomial.trustee)
    .map((recipient) => ({
      from: polynomial.trustee,
      to: recipient.trustee,
      box: seal(pointFrom(recipient.key), numberToBytesLE(evaluate(polynomial, recipient.trustee), 32), shareInfo(electionId, polynomial.trustee, recipient.trustee)).box,
    }));
}

/** Opens a share sent to me and checks it against the sender's commitments; undefined = complain. */
export function receiveShare(electionId: string, deviceSecret: bigint, sealed: SealedShare, sender: Commitments): bigint | undefined {
  const bytes = openSealed(deviceSecret, sealed.box, shareInfo(electionId, sealed.from, sealed.to));
  if (!bytes || bytes.length !== 32) return undefined;
  const share = bytesToNumberLE(bytes);
  if (share >= ORDER) return undefined;
  return mul(G, share).equals(commitmentAt(sender.commitments, sealed.to)) ? share : undefined;
}

/** s_j = Σ_i f_i(j): my own evaluation plus every verified share received. */
export function keyShare(own: Polynomial, received: readonly bigint[]): bigint {
  return mod(received.reduce((sum, s) => sum + s, evaluate(own, own.trustee)));
}

export function jointKey(all: readonly Commitments[]): Point {
  return all.reduce((sum, c) => sum.add(pointFrom(c.commitments[0])), ZERO);
}

/** V_j = s_j·G, from the public commitments alone. */
export function verificationKey(all: readonly Commitments[], trustee: number): Point {
  return all.reduce((sum, c) => sum.add(commitmentAt(c.commitments, trustee)), ZERO);
}

/** λ_i for interpolation at 0 over the set `indices` (distinct, 1-based). */
export function lagrangeAtZero(indices: readonly number[], i: number): bigint {
  let numerator = 1n;
  let denominator = 1n;
  for (const j of indices) {
    if (j === i) continue;
    numerator = mod(numerator * BigInt(j));
    denominator = mod(denominator * BigInt(j - i));
  }
  return mod(numerator * invert(denominator));
}

function invert(value: bigint): bigint {
  return Point.Fn.inv(mod(value));
}
