import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Choices } from "../choices";
import type { ElectionConfig } from "../config";
import { addCiphertexts, ciphertextFrom, ciphertextJson, encrypt, seal, type Ciphertext, type CiphertextJson, type SealedBox } from "./elgamal";
import { G, malformed, mod, mul, pointFrom, prepare, randomScalar, scalarFrom, scalarHex, type Point, type TranscriptPart } from "./group";
import { proveRange, proveSchnorr, verifyRange, verifySchnorr, type RangeProof, type SchnorrProof } from "./proofs";

/**
 * An encrypted ballot: what the voter's browser makes from their choices, what the server
 * checks before it accepts a cast, what the record publishes and the verifier re-checks.
 *
 * Per listed candidate (等额 and 差额 alike, as the tally counts 赞成/反对/弃权 for both) and per
 * motion: two ciphertexts, `for` and `against`, each with a proof that it holds 0 or 1, and a
 * proof that their sum holds 0 or 1 — so exactly one of 赞成 / 反对 / 弃权 (弃权 = neither).
 * Per position allowing 另选他人: `writeInSlots` slots, each a 0/1 flag (with its proof) and
 * the name sealed to the joint key (fixed length, so the length says nothing), with a proof
 * that the sealer knows the box's nonce (no copying another voter's box). Per position, when
 * it could otherwise overflow: a proof that the `for` marks plus the used write-in slots
 * are between 0 and `seats`. Every proof's transcript binds the election id, the joint key
 * and the item's label (`p1/p1c2/for`, `m1/against`, `p1/w0/flag` …). Pure.
 */
export const WRITE_IN_SLOTS_MAX = 5;
/** 40 characters of at most 4 UTF-8 bytes each, after one length byte. */
export const WRITE_IN_BYTES = 161;

export interface MarkPair {
  for: CiphertextJson;
  against: CiphertextJson;
  forProof: RangeProof;
  againstProof: RangeProof;
  /** for + against ∈ {0, 1}. */
  oneProof: RangeProof;
}
export interface WriteInSlot {
  flag: CiphertextJson;
  flagProof: RangeProof;
  name: SealedBox;
  nameProof: SchnorrProof;
}
export interface EncryptedBallot {
  electionId: string;
  positions: Record<string, { candidates: Record<string, MarkPair>; writeIns: WriteInSlot[]; seatsProof?: RangeProof }>;
  motions: Record<string, MarkPair>;
}

export const writeInSlots = (position: ElectionConfig["positions"][number]): number => (position.allowWriteIns ? Math.min(position.seats, WRITE_IN_SLOTS_MAX) : 0);

/** A position needs the seats proof when its terms (candidates + write-in slots) could exceed the seats. */
const needsSeatsProof = (position: ElectionConfig["positions"][number]): boolean => position.candidates.length + writeInSlots(position) > position.seats;

export const proofContext = (electionId: string, jointKey: Point, label: string): TranscriptPart[] => [electionId, jointKey, label];
export const writeInInfo = (electionId: string, label: string): string => `write-in/${electionId}/${label}`;

/** The nonces a Benaloh challenge reveals: per label (`p1/p1c2/for`, `p1/w0/flag`, `p1/w0/name`). */
export type BallotSecrets = Record<string, string>;

export function encodeWriteIn(name: string): Uint8Array {
  const bytes = utf8ToBytes(name);
  if (bytes.length > WRITE_IN_BYTES - 1) throw malformed("choices", "另选他人姓名过长");
  const out = new Uint8Array(WRITE_IN_BYTES);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}

export function decodeWriteIn(bytes: Uint8Array): string | undefined {
  if (bytes.length !== WRITE_IN_BYTES || bytes[0]! > WRITE_IN_BYTES - 1) return undefined;
  if (bytes.subarray(1 + bytes[0]!).some((b) => b !== 0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(1, 1 + bytes[0]!));
  } catch {
    return undefined;
  }
}

function markPair(electionId: string, K: Point, label: string, mark: "for" | "against" | undefined, secrets: BallotSecrets, nonces?: BallotSecrets): { pair: MarkPair; forCipher: Ciphertext; forNonce: bigint } {
  const f = mark === "for" ? 1 : 0;
  const a = mark === "against" ? 1 : 0;
  const forEnc = encrypt(K, f, nonces ? scalarFrom(nonces[`${label}/for`]) : randomScalar());
  const againstEnc = encrypt(K, a, nonces ? scalarFrom(nonces[`${label}/against`]) : randomScalar());
  secrets[`${label}/for`] = scalarHex(forEnc.r);
  secrets[`${label}/against`] = scalarHex(againstEnc.r);
  const sum = addCiphertexts(forEnc.ciphertext, againstEnc.ciphertext);
  const pair: MarkPair = {
    for: ciphertextJson(forEnc.ciphertext),
    against: ciphertextJson(againstEnc.ciphertext),
    forProof: proveRange(proofContext(electionId, K, `${label}/for`), K, forEnc.ciphertext.a, forEnc.ciphertext.b, forEnc.r, f, 0, 1),
    againstProof: proveRange(proofContext(electionId, K, `${label}/against`), K, againstEnc.ciphertext.a, againstEnc.ciphertext.b, againstEnc.r, a, 0, 1),
    oneProof: proveRange(proofContext(electionId, K, `${label}/one`), K, sum.a, sum.b, mod(forEnc.r + againstEnc.r), f + a, 0, 1),
  };
  return { pair, forCipher: forEnc.ciphertext, forNonce: forEnc.r };
}

/**
 * Encrypts canonical choices (see choices.ts) for an election under its joint key. Refuses an
 * over-marked position (the proofs could not hold; the page must say so before casting) and
 * more write-ins than slots. `nonces` (from a Benaloh opening) re-makes the very same ballot.
 */
export function encryptBallot(config: ElectionConfig, electionId: string, jointKey: Point, choices: Choices, nonces?: BallotSecrets): { ballot: EncryptedBallot; secrets: BallotSecrets } {
  prepare(jointKey);
  const secrets: BallotSecrets = {};
  const ballot: EncryptedBallot = { electionId, positions: {}, motions: {} };
  for (const position of config.positions) {
    const section = choices.positions[position.id] ?? { marks: {}, writeIns: [] };
    const slots = writeInSlots(position);
    if (section.writeIns.length > slots) throw malformed(`choices.positions.${position.id}.writeIns`, `${position.title}最多另选${slots}人`);
    const inFavour = Object.values(section.marks).filter((m) => m === "for").length + section.writeIns.length;
    if (inFavour > position.seats) throw malformed(`choices.positions.${position.id}`, `${position.title}赞成和另选共${inFavour}人，超过应选名额${position.seats}名`);
    const candidates: Record<string, MarkPair> = {};
    const terms: Array<{ cipher: Ciphertext; nonce: bigint }> = [];
    for (const candidate of position.candidates) {
      const { pair, forCipher, forNonce } = markPair(electionId, jointKey, `${position.id}/${candidate.id}`, section.marks[candidate.id], secrets, nonces);
      candidates[candidate.id] = pair;
      terms.push({ cipher: forCipher, nonce: forNonce });
    }
    const writeIns: WriteInSlot[] = [];
    for (let w = 0; w < slots; w += 1) {
      const label = `${position.id}/w${w}`;
      const name = section.writeIns[w];
      const flag = encrypt(jointKey, name === undefined ? 0 : 1, nonces ? scalarFrom(nonces[`${label}/flag`]) : randomScalar());
      const sealed = seal(jointKey, encodeWriteIn(name ?? ""), writeInInfo(electionId, label), nonces ? scalarFrom(nonces[`${label}/name`]) : randomScalar());
      secrets[`${label}/flag`] = scalarHex(flag.r);
      secrets[`${label}/name`] = scalarHex(sealed.e);
      writeIns.push({
        flag: ciphertextJson(flag.ciphertext),
        flagProof: proveRange(proofContext(electionId, jointKey, `${label}/flag`), jointKey, flag.ciphertext.a, flag.ciphertext.b, flag.r, name === undefined ? 0 : 1, 0, 1),
        name: sealed.box,
        nameProof: proveSchnorr("write-in", [...proofContext(electionId, jointKey, `${label}/name`), sealed.box.ct, sealed.box.tag], sealed.e, mul(G, sealed.e)),
      });
      terms.push({ cipher: flag.ciphertext, nonce: flag.r });
    }
    let seatsProof: RangeProof | undefined;
    if (needsSeatsProof(position)) {
      const sum = terms.reduce((acc, t) => addCiphertexts(acc, t.cipher), { a: mul(G, 0n), b: mul(G, 0n) });
      const r = mod(terms.reduce((acc, t) => acc + t.nonce, 0n));
      seatsProof = proveRange(proofContext(electionId, jointKey, `${position.id}/seats`), jointKey, sum.a, sum.b, r, inFavour, 0, position.seats);
    }
    ballot.positions[position.id] = { candidates, writeIns, ...(seatsProof ? { seatsProof } : {}) };
  }
  for (const motion of config.motions) {
    ballot.motions[motion.id] = markPair(electionId, jointKey, motion.id, choices.motions[motion.id], secrets, nonces).pair;
  }
  return { ballot, secrets };
}

/** Every label whose ciphertexts are summed at the count, in config order (`p1/p1c2/for` …, `m1/against`). */
export function tallyLabels(config: ElectionConfig): string[] {
  const labels: string[] = [];
  for (const position of config.positions) {
    for (const candidate of position.candidates) labels.push(`${position.id}/${candidate.id}/for`, `${position.id}/${candidate.id}/against`);
  }
  for (const motion of config.motions) labels.push(`${motion.id}/for`, `${motion.id}/against`);
  return labels;
}

/** The ciphertext of each summed label in one ballot (after `checkBallot` has accepted its shape). */
export function ballotCiphertexts(config: ElectionConfig, ballot: EncryptedBallot): Map<string, Ciphertext> {
  const out = new Map<string, Ciphertext>();
  for (const position of config.positions) {
    for (const candidate of position.candidates) {
      const pair = ballot.positions[position.id]!.candidates[candidate.id]!;
      out.set(`${position.id}/${candidate.id}/for`, ciphertextFrom(pair.for, `${position.id}/${candidate.id}/for`));
      out.set(`${position.id}/${candidate.id}/against`, ciphertextFrom(pair.against, `${position.id}/${candidate.id}/against`));
    }
  }
  for (const motion of config.motions) {
    const pair = ballot.motions[motion.id]!;
    out.set(`${motion.id}/for`, ciphertextFrom(pair.for, `${motion.id}/for`));
    out.set(`${motion.id}/against`, ciphertextFrom(pair.against, `${motion.id}/against`));
  }
  return out;
}

const sameKeys = (value: unknown, keys: readonly string[]): boolean =>
  !!value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === keys.length && keys.every((k) => Object.hasOwn(value, k));

function checkPair(electionId: string, K: Point, label: string, pair: MarkPair, field: string, problems: string[]): Ciphertext | undefined {
  if (!sameKeys(pair, ["for", "against", "forProof", "againstProof", "oneProof"])) throw malformed(field, "加密标记的结构不符");
  const f = ciphertextFrom(pair?.for, `${field}.for`);
  const a = ciphertextFrom(pair?.against, `${field}.against`);
  if (!verifyRange(proofContext(electionId, K, `${label}/for`), K, f.a, f.b, 0, 1, pair.forProof, `${field}.forProof`)) problems.push(`${field}.forProof`);
  if (!verifyRange(proofContext(electionId, K, `${label}/against`), K, a.a, a.b, 0, 1, pair.againstProof, `${field}.againstProof`)) problems.push(`${field}.againstProof`);
  const sum = addCiphertexts(f, a);
  if (!verifyRange(proofContext(electionId, K, `${label}/one`), K, sum.a, sum.b, 0, 1, pair.oneProof, `${field}.oneProof`)) problems.push(`${field}.oneProof`);
  return f;
}

/**
 * Checks a ballot's shape and every proof against the election and its joint key. Returns the
 * fields whose proof fails (empty: the ballot is well-formed and every proof holds). A value
 * that is not even well-encoded throws a 422 naming the field.
 */
export function checkBallot(config: ElectionConfig, electionId: string, jointKey: Point, input: unknown): string[] {
  prepare(jointKey);
  const ballot = input as EncryptedBallot;
  if (!ballot || typeof ballot !== "object") throw malformed("ballot", "缺少加密选票");
  if (ballot.electionId !== electionId) return ["ballot.electionId"];
  if (!sameKeys(ballot, ["electionId", "positions", "motions"])) throw malformed("ballot", "加密选票的结构不符");
  if (!sameKeys(ballot.positions, config.positions.map((p) => p.id))) throw malformed("ballot.positions", "加密选票的职位与本次选举不符");
  if (!sameKeys(ballot.motions, config.motions.map((m) => m.id))) throw malformed("ballot.motions", "加密选票的议题与本次选举不符");
  const problems: string[] = [];
  for (const position of config.positions) {
    const section = ballot.positions[position.id]!;
    const field = `ballot.positions.${position.id}`;
    if (!sameKeys(section, needsSeatsProof(position) ? ["candidates", "writeIns", "seatsProof"] : ["candidates", "writeIns"])) throw malformed(field, `${position.title}的加密选票结构不符`);
    if (!sameKeys(section.candidates, position.candidates.map((c) => c.id))) throw malformed(`${field}.candidates`, `${position.title}的候选人与本次选举不符`);
    const slots = writeInSlots(position);
    if (!Array.isArray(section.writeIns) || section.writeIns.length !== slots) throw malformed(`${field}.writeIns`, `${position.title}应有${slots}个另选他人栏`);
    const terms: Ciphertext[] = [];
    for (const candidate of position.candidates) {
      const f = checkPair(electionId, jointKey, `${position.id}/${candidate.id}`, section.candidates[candidate.id]!, `${field}.candidates.${candidate.id}`, problems);
      if (f) terms.push(f);
    }
    section.writeIns.forEach((slot, w) => {
      const label = `${position.id}/w${w}`;
      const slotField = `${field}.writeIns.${w}`;
      if (!sameKeys(slot, ["flag", "flagProof", "name", "nameProof"]) || !sameKeys(slot.name, ["e", "ct", "tag"])) throw malformed(slotField, "另选他人栏的结构不符");
      const flag = ciphertextFrom(slot?.flag, `${slotField}.flag`);
      if (!verifyRange(proofContext(electionId, jointKey, `${label}/flag`), jointKey, flag.a, flag.b, 0, 1, slot.flagProof, `${slotField}.flagProof`)) problems.push(`${slotField}.flagProof`);
      const box = slot.name;
      if (!box || typeof box.ct !== "string" || box.ct.length !== WRITE_IN_BYTES * 2 || typeof box.tag !== "string") throw malformed(`${slotField}.name`, "另选他人密文长度不符");
      if (!verifySchnorr("write-in", [...proofContext(electionId, jointKey, `${label}/name`), box.ct, box.tag], pointFrom(box.e, `${slotField}.name.e`), slot.nameProof, `${slotField}.nameProof`)) problems.push(`${slotField}.nameProof`);
      terms.push(flag);
    });
    if (needsSeatsProof(position)) {
      const sum = terms.reduce(addCiphertexts);
      if (!section.seatsProof || !verifyRange(proofContext(electionId, jointKey, `${position.id}/seats`), jointKey, sum.a, sum.b, 0, position.seats, section.seatsProof, `${field}.seatsProof`)) problems.push(`${field}.seatsProof`);
    }
  }
  for (const motion of config.motions) checkPair(electionId, jointKey, motion.id, ballot.motions[motion.id]!, `ballot.motions.${motion.id}`, problems);
  return problems;
}

/** Canonical JSON (sorted keys): what the tracking code hashes. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The tracking code: SHA-256 of the encrypted ballot (hex). The voter keeps its first 16 characters. */
export function ballotTrackingCode(ballot: EncryptedBallot): string {
  return bytesToHex(sha256(utf8ToBytes(canonical(ballot))));
}

export const shortTrackingCode = (code: string): string => code.slice(0, 16).match(/.{4}/g)!.join("-");

/**
 * Benaloh challenge: with the nonces the page revealed, re-make the ballot from the choices the
 * voter says they made; it must be byte for byte the ballot shown (then it is discarded: a
 * ballot whose nonces are known is never cast).
 */
export function checkOpenedBallot(config: ElectionConfig, jointKey: Point, ballot: EncryptedBallot, choices: Choices, secrets: BallotSecrets): boolean {
  try {
    const remade = encryptBallot(config, ballot.electionId, jointKey, choices, secrets).ballot;
    // Proofs are randomised; the ciphertexts and sealed names must match exactly.
    const strip = (b: EncryptedBallot) =>
      canonical({
        positions: Object.fromEntries(Object.entries(b.positions).map(([id, s]) => [id, { c: Object.fromEntries(Object.entries(s.candidates).map(([cid, p]) => [cid, [p.for, p.against]])), w: s.writeIns.map((w) => [w.flag, w.name]) }])),
        motions: Object.fromEntries(Object.entries(b.motions).map(([id, p]) => [id, [p.for, p.against]])),
      });
    return strip(remade) === strip(ballot);
  } catch {
    return false;
  }
}
