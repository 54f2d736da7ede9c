import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import type { z } from "../zod-locale";
import { encryptionProblems, thresholdFor, type EncryptionSchema } from "./config";
import { jointKey, verifyCommitments, verifyDeviceKey, type Commitments, type DeviceKey, type SealedShare } from "./crypto/ceremony";
import { malformed, pointFrom, pointHex, type Point } from "./crypto/group";
import { expectStatus, transition, type Election, type TransactItem } from "./store";

/**
 * 加密投票's key ceremony, stored (the protocol itself is the pure crypto/ceremony.ts). Once
 * the roll is frozen, each appointed 监票人 (at least 3; the list and the threshold are fixed
 * by the first post) publishes, from their own device:
 *   1. their device key and their commitments, each with its proof — every proof checked here,
 *      a bad one refused 422 naming the field, nothing stored;
 *   2. then, once every device key is published, their share for each other 监票人, sealed to
 *      that person's device key (the server never sees a share in the clear).
 * When the last 监票人 has posted their shares, the joint key (sum of the constant commitments)
 * is written on the ceremony item, once; voting opens only then. Each part is written once
 * (a second post is 409). Everything here is public: it goes into the election record.
 */
export interface Trustee {
  index: number;
  accountId: string;
  name: string;
}

export interface CeremonyState {
  threshold: number;
  trustees: Trustee[];
  deviceKeys: DeviceKey[];
  commitments: Commitments[];
  sealed: SealedShare[];
  /** Which 监票人 (by index) have posted their keys, and their shares. */
  keysFrom: number[];
  sharesFrom: number[];
  jointKey?: string;
  completedAt?: string;
}

export const MIN_TRUSTEES = 3;

interface CeremonyItem {
  threshold: number;
  trustees: Trustee[];
  jointKey?: string;
  completedAt?: string;
}

async function ceremonyItem(electionId: string): Promise<CeremonyItem | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.electionCeremony(electionId), ConsistentRead: true }));
  return Item as CeremonyItem | undefined;
}

/** Whether the ceremony has started (its 监票人 are then fixed). */
export async function ceremonyStarted(electionId: string): Promise<boolean> {
  return (await ceremonyItem(electionId)) !== undefined;
}

/** The ceremony's trustees and threshold, fixed from the appointed 监票人 on the first post. */
async function startCeremony(election: Election): Promise<CeremonyItem> {
  const existing = await ceremonyItem(election.electionId);
  if (existing) return existing;
  if (!election.config.encryption) throw new AppError("election.invalid_state", "本次选举未启用加密投票");
  expectStatus(election, ["roll_frozen"], "进行密钥仪式");
  const n = election.scrutineers.length;
  if (n < MIN_TRUSTEES) throw new AppError("election.scrutineers_required", `加密投票须指定至少${MIN_TRUSTEES}名监票人`);
  const threshold = thresholdFor(election.config.encryption, n);
  if (threshold > n) throw new AppError("validation.failed", `门限${threshold}大于监票人数${n}`, { fields: { threshold: [`门限${threshold}大于监票人数${n}`] } });
  const item: CeremonyItem = { threshold, trustees: election.scrutineers.map((person, i) => ({ index: i + 1, accountId: person.accountId, name: person.name })) };
  try {
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...Keys.electionCeremony(election.electionId), type: "election_ceremony", ...item }, ConditionExpression: "attribute_not_exists(pk)" }));
    return item;
  } catch (error) {
    if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
    return (await ceremonyItem(election.electionId))!;
  }
}

function trusteeOf(ceremony: CeremonyItem, accountId: string): Trustee {
  const trustee = ceremony.trustees.find((t) => t.accountId === accountId);
  if (!trustee) throw new AppError("election.not_trustee", "只有本次选举的监票人可以参加密钥仪式");
  return trustee;
}

async function putPartOnce(electionId: string, part: "KEYS" | "SHARES", trustee: number, content: Record<string, unknown>): Promise<void> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...Keys.electionCeremonyPart(electionId, part, trustee), type: "election_ceremony_part", part, trustee, ...content, at: nowIso() },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException") {
      throw new AppError("election.ceremony_posted", part === "KEYS" ? "您已经公布过设备公钥和承诺" : "您已经发送过密钥份额");
    }
    throw error;
  }
}

/** Runs a check whose malformed-value errors name fields relative to `prefix` (`key`, `proofs.0`), naming them in full. */
function within<T>(prefix: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof AppError && error.fields) {
      const fields = Object.fromEntries(Object.entries(error.fields).map(([field, reasons]) => [`${prefix}.${field}`, reasons]));
      throw new AppError(error.code, error.message, { fields });
    }
    throw error;
  }
}

const record = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/** Step 1: a 监票人 publishes their device key and commitments; every proof is checked first. */
export async function postTrusteeKeys(election: Election, accountId: string, input: { deviceKey: unknown; commitments: unknown }): Promise<CeremonyState> {
  const ceremony = await startCeremony(election);
  const trustee = trusteeOf(ceremony, accountId);
  const deviceKey = input.deviceKey as DeviceKey;
  const commitments = input.commitments as Commitments;
  if (!record(deviceKey) || deviceKey.trustee !== trustee.index) throw malformed("deviceKey.trustee", `设备公钥应属于第${trustee.index}号监票人`);
  if (!record(commitments) || commitments.trustee !== trustee.index) throw malformed("commitments.trustee", `承诺应属于第${trustee.index}号监票人`);
  if (!within("deviceKey", () => verifyDeviceKey(election.electionId, deviceKey))) throw malformed("deviceKey.proof", "设备公钥的证明不成立");
  if (!Array.isArray(commitments.commitments) || commitments.commitments.length !== ceremony.threshold) {
    throw malformed("commitments.commitments", `应公布${ceremony.threshold}个承诺（门限${ceremony.threshold}）`);
  }
  if (!within("commitments", () => verifyCommitments(election.electionId, commitments, ceremony.threshold))) throw malformed("commitments.proofs", "承诺的证明不成立");
  await putPartOnce(election.electionId, "KEYS", trustee.index, {
    deviceKey: { trustee: deviceKey.trustee, key: deviceKey.key, proof: deviceKey.proof },
    commitments: { trustee: commitments.trustee, commitments: commitments.commitments, proofs: commitments.proofs },
  });
  return ceremonyState(election.electionId);
}

/**
 * Step 2: a 监票人 posts one share for every other 监票人, each sealed to the recipient's
 * published device key (only its shape is checked here; the recipient checks the share
 * against the sender's commitments on their own device). The last one publishes the joint key.
 */
export async function postTrusteeShares(election: Election, accountId: string, input: { shares: unknown }): Promise<CeremonyState> {
  const ceremony = await ceremonyItem(election.electionId);
  if (!ceremony) throw new AppError("election.ceremony_incomplete", "请先由全体监票人公布设备公钥和承诺");
  const trustee = trusteeOf(ceremony, accountId);
  const state = await ceremonyState(election.electionId, ceremony);
  if (state.keysFrom.length < ceremony.trustees.length) throw new AppError("election.ceremony_incomplete", "还有监票人未公布设备公钥和承诺，暂不能发送密钥份额");
  const shares = input.shares as SealedShare[];
  const others = ceremony.trustees.filter((t) => t.index !== trustee.index).map((t) => t.index);
  if (!Array.isArray(shares) || shares.length !== others.length) throw malformed("shares", `应向其他${others.length}位监票人各发送一份密钥份额`);
  const seen = new Set<number>();
  shares.forEach((share, i) => {
    const field = `shares.${i}`;
    if (!record(share) || share.from !== trustee.index) throw malformed(`${field}.from`, "密钥份额的发送人不符");
    if (!others.includes(share.to) || seen.has(share.to)) throw malformed(`${field}.to`, "密钥份额的接收人不符或重复");
    seen.add(share.to);
    const box = share.box;
    if (!record(box) || Object.keys(box).length !== 3 || typeof box.ct !== "string" || typeof box.tag !== "string" || !/^[0-9a-f]{64}$/.test(box.ct) || !/^[0-9a-f]{64}$/.test(box.tag)) {
      throw malformed(`${field}.box`, "密封的密钥份额格式不符");
    }
    pointFrom(box.e, `${field}.box.e`);
  });
  await putPartOnce(election.electionId, "SHARES", trustee.index, { shares: shares.map((s) => ({ from: s.from, to: s.to, box: { e: s.box.e, ct: s.box.ct, tag: s.box.tag } })) });
  return publishJointKeyWhenComplete(election.electionId);
}

/**
 * After a share post: when every 监票人 has posted, write the joint key once. Each poster
 * reads after its own write, so the last of any concurrent posters sees them all.
 */
async function publishJointKeyWhenComplete(electionId: string): Promise<CeremonyState> {
  const state = await ceremonyState(electionId);
  if (state.jointKey || state.sharesFrom.length < state.trustees.length) return state;
  const key = pointHex(jointKey(state.commitments));
  const completedAt = nowIso();
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.electionCeremony(electionId),
        UpdateExpression: "SET jointKey = :key, completedAt = :at",
        ConditionExpression: "attribute_not_exists(jointKey)",
        ExpressionAttributeValues: { ":key": key, ":at": completedAt },
      }),
    );
    return { ...state, jointKey: key, completedAt };
  } catch (error) {
    if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
    return ceremonyState(electionId);
  }
}

/** Everything published so far (public: it goes into the record). */
export async function ceremonyState(electionId: string, known?: CeremonyItem): Promise<CeremonyState> {
  const parts: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  const { pk, skPrefix } = Keys.electionCeremonyParts(electionId);
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": pk, ":prefix": skPrefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    parts.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const ceremony = known ?? (await ceremonyItem(electionId));
  const keys = parts.filter((p) => p.part === "KEYS");
  const shares = parts.filter((p) => p.part === "SHARES");
  return {
    threshold: ceremony?.threshold ?? 0,
    trustees: ceremony?.trustees ?? [],
    deviceKeys: keys.map((p) => p.deviceKey as DeviceKey),
    commitments: keys.map((p) => p.commitments as Commitments),
    sealed: shares.flatMap((p) => p.shares as SealedShare[]),
    keysFrom: keys.map((p) => p.trustee as number),
    sharesFrom: shares.map((p) => p.trustee as number),
    ...(ceremony?.jointKey ? { jointKey: ceremony.jointKey, completedAt: ceremony.completedAt } : {}),
  };
}

const jointKeys = new Map<string, Point>();

/** The election's joint key (immutable once published; kept in memory after the first read). */
export async function electionJointKey(electionId: string): Promise<Point | undefined> {
  const cached = jointKeys.get(electionId);
  if (cached) return cached;
  const hex = (await ceremonyItem(electionId))?.jointKey;
  if (!hex) return undefined;
  if (jointKeys.size >= 1_000) jointKeys.clear();
  const key = pointFrom(hex);
  jointKeys.set(electionId, key);
  return key;
}

export async function requireJointKey(electionId: string): Promise<Point> {
  const key = await electionJointKey(electionId);
  if (!key) throw new AppError("election.ceremony_incomplete", "监票人的密钥仪式尚未完成，不能开始投票");
  return key;
}

/** In the open transaction: the joint key is published. */
export const jointKeyCheck = (electionId: string): TransactItem => ({
  ConditionCheck: { TableName: tableName(), Key: Keys.electionCeremony(electionId), ConditionExpression: "attribute_exists(jointKey)" },
});

/**
 * Turns 加密投票 on or off (with the threshold), only while the election is a draft — before
 * the roll is frozen nothing depends on it; after, the ceremony and the ballots do. Audited.
 */
export async function setEncryption(election: Election, accountId: string, input: z.output<typeof EncryptionSchema>): Promise<Election> {
  expectStatus(election, ["draft"], "更改加密投票设置");
  const problems = encryptionProblems(election.config, input);
  if (Object.keys(problems).length > 0) throw new AppError("validation.failed", Object.values(problems)[0]![0]!, { fields: problems });
  const { encryption: _previous, ...rest } = election.config;
  const config = input.enabled ? { ...rest, encryption: input.threshold === undefined ? {} : { threshold: input.threshold } } : rest;
  return transition(election, { config }, { action: "encryption_set", actorId: accountId, enabled: input.enabled, threshold: input.threshold ?? null });
}
