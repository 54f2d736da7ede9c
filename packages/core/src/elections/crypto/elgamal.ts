import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { G, malformed, mul, pointFrom, pointHex, randomScalar, small, ZERO, type Point } from "./group";

/**
 * Exponential ElGamal under the joint key K: Enc(m; r) = (r·G, r·K + m·G). Adding ciphertexts
 * adds the plaintexts, so the ballots of an election are summed per option without opening
 * any; the sum is decrypted to m·G and m (a vote count, at most the voters) is found by
 * baby-step giant-step. Also a sealed box (hashed ElGamal + HKDF + HMAC-SHA-256, all from
 * @noble/hashes) for bytes: key shares sent between 监票人, write-in names. Pure.
 */
export interface Ciphertext {
  a: Point;
  b: Point;
}
export interface CiphertextJson {
  a: string;
  b: string;
}

export function encrypt(K: Point, m: number, r: bigint = randomScalar()): { ciphertext: Ciphertext; r: bigint } {
  return { ciphertext: { a: mul(G, r), b: mul(K, r).add(small(m)) }, r };
}

export function addCiphertexts(x: Ciphertext, y: Ciphertext): Ciphertext {
  return { a: x.a.add(y.a), b: x.b.add(y.b) };
}

export const EMPTY_CIPHERTEXT: Ciphertext = { a: ZERO, b: ZERO };

export function sumCiphertexts(all: readonly Ciphertext[]): Ciphertext {
  return all.reduce(addCiphertexts, EMPTY_CIPHERTEXT);
}

export function ciphertextJson(c: Ciphertext): CiphertextJson {
  return { a: pointHex(c.a), b: pointHex(c.b) };
}

export function ciphertextFrom(json: unknown, field: string): Ciphertext {
  const value = json as Partial<CiphertextJson> | null;
  if (!value || typeof value !== "object") throw malformed(field, "缺少密文");
  return { a: pointFrom(value.a, `${field}.a`), b: pointFrom(value.b, `${field}.b`) };
}

/** The plaintext m of m·G for 0 ≤ m ≤ max (baby-step giant-step); undefined when out of range. */
export function smallLog(target: Point, max: number): number | undefined {
  const step = Math.max(1, Math.ceil(Math.sqrt(max + 1)));
  const baby = new Map<string, number>();
  let point = ZERO;
  for (let j = 0; j < step; j += 1) {
    baby.set(pointHex(point), j);
    point = point.add(G);
  }
  const giant = small(step);
  let current = target;
  for (let i = 0; i * step <= max; i += 1) {
    const j = baby.get(pointHex(current));
    if (j !== undefined && i * step + j <= max) return i * step + j;
    current = current.subtract(giant);
  }
  return undefined;
}

/** Bytes sealed to a public key: ephemeral E = e·G, shared point e·X. */
export interface SealedBox {
  e: string;
  ct: string;
  tag: string;
}

function keystream(shared: Point, E: Point, recipient: Point, info: string, length: number): { stream: Uint8Array; macKey: Uint8Array } {
  const okm = hkdf(sha256, shared.toBytes(), concatBytes(E.toBytes(), recipient.toBytes()), utf8ToBytes(`tongxin/sealed-box/v1/${info}`), length + 32);
  return { stream: okm.subarray(0, length), macKey: okm.subarray(length) };
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, i) => byte ^ b[i]!);
}

/** Seals `plaintext` to `recipient`; `info` names the use and context (bound in the keys and the MAC). */
export function seal(recipient: Point, plaintext: Uint8Array, info: string, e: bigint = randomScalar()): { box: SealedBox; e: bigint } {
  const E = mul(G, e);
  const { stream, macKey } = keystream(mul(recipient, e), E, recipient, info, plaintext.length);
  const ct = xor(plaintext, stream);
  const tag = hmac(sha256, macKey, concatBytes(E.toBytes(), ct));
  return { box: { e: pointHex(E), ct: bytesToHex(ct), tag: bytesToHex(tag) }, e };
}

/**
 * Opens a box given the shared point (x·E for the recipient's secret x — or, for a box sealed
 * to the joint key, the threshold combination of the 监票人's shares). Undefined when the MAC
 * fails (a wrong key, or an altered box).
 */
export function openWithShared(shared: Point, recipient: Point, box: SealedBox, info: string): Uint8Array | undefined {
  const E = pointFrom(box.e, "box.e");
  if (typeof box.ct !== "string" || !/^([0-9a-f]{2})*$/.test(box.ct) || typeof box.tag !== "string" || !/^[0-9a-f]{64}$/.test(box.tag)) return undefined;
  const ct = hexToBytes(box.ct);
  const { stream, macKey } = keystream(shared, E, recipient, info, ct.length);
  const expected = bytesToHex(hmac(sha256, macKey, concatBytes(E.toBytes(), ct)));
  if (expected !== box.tag) return undefined;
  return xor(ct, stream);
}

export function openSealed(secret: bigint, box: SealedBox, info: string): Uint8Array | undefined {
  const E = pointFrom(box.e, "box.e");
  return openWithShared(mul(E, secret), mul(G, secret), box, info);
}
