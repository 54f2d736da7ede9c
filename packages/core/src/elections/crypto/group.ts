import { ristretto255 } from "@noble/curves/ed25519.js";
import { bytesToNumberLE, numberToBytesLE } from "@noble/curves/utils.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { bytesToHex, concatBytes, hexToBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { AppError } from "../../errors";

/**
 * The group every encrypted-election value lives in: ristretto255 (prime order, no cofactor
 * pitfalls), from the audited @noble/curves. Pure, no Node-only API: the same file runs in the
 * voter's browser, the 监票人's browser, the server and the verifier.
 *
 * Encodings in records and requests: points as 64 hex chars (canonical ristretto255 bytes),
 * scalars as 64 hex chars (32 bytes little-endian, reduced mod the group order).
 */
export const Point = ristretto255.Point;
export type Point = InstanceType<typeof ristretto255.Point>;
export const G: Point = Point.BASE;
export const ZERO: Point = Point.ZERO;
/** The group order ℓ = 2^252 + 27742317777372353535851937790883648493. */
export const ORDER: bigint = Point.Fn.ORDER;

export const mod = (value: bigint): bigint => {
  const r = value % ORDER;
  return r < 0n ? r + ORDER : r;
};

/** Constant-time multiple (secret scalars); 0 gives the identity. */
export function mul(point: Point, scalar: bigint): Point {
  const k = mod(scalar);
  return k === 0n ? ZERO : point.multiply(k);
}

/** Variable-time multiple for public scalars only (verification). */
export function mulPublic(point: Point, scalar: bigint): Point {
  return point.multiplyUnsafe(mod(scalar));
}

const prepared = new WeakSet<Point>();

/**
 * Precomputes multiples of a point used in many multiplications (the joint key: every
 * encryption and every proof multiplies it) — noble's fixed-window tables, as BASE has. Once
 * per point object.
 */
export function prepare(point: Point): Point {
  if (!prepared.has(point) && !point.is0()) {
    point.precompute(8, false);
    prepared.add(point);
  }
  return point;
}

/** `m·G` for a small public integer (a vote count, a mark). */
export function small(m: number | bigint): Point {
  return mulPublic(G, BigInt(m));
}

/** A uniformly random non-zero scalar: 64 bytes from the platform CSPRNG, reduced (negligible bias). */
export function randomScalar(): bigint {
  for (;;) {
    const k = mod(bytesToNumberLE(randomBytes(64)));
    if (k !== 0n) return k;
  }
}

export function pointHex(point: Point): string {
  return point.toHex();
}

/** A malformed value in a ballot, a proof or a record (as opposed to a proof that fails): 422 naming the field. */
export function malformed(field: string, message: string): AppError {
  return new AppError("validation.failed", message, { fields: { [field]: [message] } });
}

/** Decodes a point; refuses anything but a canonical ristretto255 encoding. */
export function pointFrom(hex: unknown, field = "point"): Point {
  if (typeof hex !== "string" || !/^[0-9a-f]{64}$/.test(hex)) throw malformed(field, "密文或证明中的群元素编码无效");
  try {
    return Point.fromHex(hex);
  } catch {
    throw malformed(field, "密文或证明中的群元素编码无效");
  }
}

export function scalarHex(scalar: bigint): string {
  return bytesToHex(numberToBytesLE(mod(scalar), 32));
}

/** Decodes a scalar; refuses non-canonical (≥ ℓ) encodings so a proof has exactly one form. */
export function scalarFrom(hex: unknown, field = "scalar"): bigint {
  if (typeof hex !== "string" || !/^[0-9a-f]{64}$/.test(hex)) throw malformed(field, "证明中的标量编码无效");
  const value = bytesToNumberLE(hexToBytes(hex));
  if (value >= ORDER) throw malformed(field, "证明中的标量编码无效");
  return value;
}

export type TranscriptPart = string | Point | bigint | number;

const PROTOCOL = "tongxin/encrypted-election/v1";

function partBytes(part: TranscriptPart): Uint8Array {
  if (typeof part === "string") return concatBytes(new Uint8Array([1]), utf8ToBytes(part));
  if (typeof part === "bigint") return concatBytes(new Uint8Array([2]), numberToBytesLE(mod(part), 32));
  if (typeof part === "number") return concatBytes(new Uint8Array([3]), numberToBytesLE(BigInt(part), 8));
  return concatBytes(new Uint8Array([4]), part.toBytes());
}

/**
 * The Fiat–Shamir challenge: SHA-512 over the protocol tag, the proof kind (domain
 * separation) and every part, each typed and length-prefixed so no two transcripts collide;
 * reduced mod ℓ. Callers always put the election id, the joint public key and the statement
 * (ciphertext, commitment …) in the parts.
 */
export function challenge(kind: string, parts: readonly TranscriptPart[]): bigint {
  const chunks: Uint8Array[] = [];
  for (const part of [PROTOCOL, kind, ...parts]) {
    const bytes = partBytes(part);
    chunks.push(numberToBytesLE(BigInt(bytes.length), 4), bytes);
  }
  return mod(bytesToNumberLE(sha512(concatBytes(...chunks))));
}

/** SHA-512 of UTF-8 text, hex (used for tracking codes and record fingerprints, truncated by callers). */
export function digestHex(text: string): string {
  return bytesToHex(sha512(utf8ToBytes(text)));
}
