import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { createHash } from "node:crypto";
import { ballotsTableName, db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { ceremonyState, type CeremonyState } from "./ceremony-store";
import { canonical, type EncryptedBallot } from "./crypto/ballot";
import { verificationKey } from "./crypto/ceremony";
import { sumBallots, sumsJson, writeInItems, writeInLabel, type TrusteeDecryptions, type WriteInItem } from "./crypto/count";
import { verifyPartial, type PartialDecryption } from "./crypto/decryption";
import { ciphertextFrom, type CiphertextJson } from "./crypto/elgamal";
import { malformed, pointFrom, type Point } from "./crypto/group";
import { buildRecord, type ElectionRecord } from "./crypto/record";
import { paperMatching, takesPaper } from "./paper-store";
import { rollCounts } from "./roll";
import { SHARDS } from "./secrets";
import { expectStatus, getElection, queryShards, resultsHashOf, transition, type Election } from "./store";
import { tally, type Results, type TallyCounts } from "./tally";

/**
 * 加密投票's count, stored (the protocol is the pure crypto/count.ts and crypto/record.ts):
 *   1. at the close (or the first count request) the encrypted ballots are added per option and
 *      the sums written once (conditional put; every caller computes the same sums from the same
 *      closed box, the first write stands);
 *   2. each 监票人 of the ceremony posts, from their own device, a partial decryption of every
 *      sum and every write-in slot, each with its proof — every proof checked here against the
 *      poster's public check value (422 naming the field, nothing stored), once per 监票人 (409);
 *   3. when t valid posts are in, they are combined, the counts decoded, the paper ballots of
 *      the sitting added (apart), the existing rules decide, and the results are stored and the
 *      election marked counted, as an ordinary count — certify and publish continue as usual;
 *   4. the election record (record.json) is assembled on demand from what is stored.
 * Nothing here touches the ballot table other than reading it (it has no stream).
 */
export interface DecryptionState {
  threshold: number;
  trustees: Array<{ index: number; name: string }>;
  /** The ballots summed, and the SHA-256 of their tracking codes (sorted, newline-joined). */
  ballots: number;
  ballotsDigest: string;
  sums: Record<string, CiphertextJson>;
  /** Every write-in slot of every ballot, in the order decryptions must follow. */
  writeIns: WriteInItem[];
  /** Which 监票人 (by index) have posted their decryptions. */
  decryptedBy: number[];
  resultsHash?: string;
}

interface SumsItem {
  ballots: number;
  ballotsDigest: string;
  sums: Record<string, CiphertextJson>;
  computedAt: string;
}

/** The encrypted ballots in the box, ordered by tracking code. */
export async function encryptedBallots(electionId: string): Promise<Array<{ trackingCode: string; ballot: EncryptedBallot }>> {
  const items = await queryShards((shard) => Keys.ballotShard(electionId, shard), SHARDS, { expression: "trackingCode, encrypted" }, ballotsTableName());
  return items
    .map((item) => ({ trackingCode: item.trackingCode as string, ballot: JSON.parse(item.encrypted as string) as EncryptedBallot }))
    .sort((a, b) => (a.trackingCode < b.trackingCode ? -1 : a.trackingCode > b.trackingCode ? 1 : 0));
}

const digestOf = (codes: readonly string[]): string => createHash("sha256").update(codes.join("\n")).digest("hex");

async function sumsItem(electionId: string): Promise<SumsItem | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.electionCryptoSums(electionId), ConsistentRead: true }));
  return Item as SumsItem | undefined;
}

/**
 * The sums of a closed encrypted election, written once. Called after the close committed, so
 * the box is final: concurrent callers compute the same sums; the first conditional put stands.
 */
export async function ensureSums(election: Election, ballots?: Array<{ trackingCode: string; ballot: EncryptedBallot }>): Promise<SumsItem> {
  const existing = await sumsItem(election.electionId);
  if (existing) return existing;
  expectStatus(election, ["closed", "certified", "published"], "计算密文之和");
  const box = ballots ?? (await encryptedBallots(election.electionId));
  const item: SumsItem = {
    ballots: box.length,
    ballotsDigest: digestOf(box.map((b) => b.trackingCode)),
    sums: sumsJson(sumBallots(election.config, box.map((b) => b.ballot))),
    computedAt: nowIso(),
  };
  try {
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...Keys.electionCryptoSums(election.electionId), type: "election_crypto_sums", ...item }, ConditionExpression: "attribute_not_exists(pk)" }));
    return item;
  } catch (error) {
    if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
    return (await sumsItem(election.electionId))!;
  }
}

async function decryptionsOf(electionId: string): Promise<TrusteeDecryptions[]> {
  const { pk, skPrefix } = Keys.electionDecryptions(electionId);
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": pk, ":prefix": skPrefix }, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.map((item) => JSON.parse(item.decryption as string) as TrusteeDecryptions).sort((a, b) => a.trustee - b.trustee);
}

function requireEncrypted(election: Election): void {
  if (!election.config.encryption) throw new AppError("election.invalid_state", "本次选举未启用加密投票", { details: { electionStatus: election.status } });
}

/** What a 监票人's device needs to decrypt: the sums, the write-in slots, who has posted. */
export async function decryptionState(election: Election): Promise<DecryptionState> {
  requireEncrypted(election);
  expectStatus(election, ["closed", "certified", "published"], "解密计票");
  const [ceremony, ballots] = await Promise.all([ceremonyState(election.electionId), encryptedBallots(election.electionId)]);
  const sums = await ensureSums(election, ballots);
  const decryptions = await decryptionsOf(election.electionId);
  return {
    threshold: ceremony.threshold,
    trustees: ceremony.trustees.map(({ index, name }) => ({ index, name })),
    ballots: sums.ballots,
    ballotsDigest: sums.ballotsDigest,
    sums: sums.sums,
    writeIns: writeInItems(election.config, ballots),
    decryptedBy: decryptions.map((d) => d.trustee),
    ...(election.resultsHash ? { resultsHash: election.resultsHash } : {}),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);

/** Checks one posted share: its shape, its trustee, its proof. Returns the failing field, or undefined. */
function shareProblem(electionId: string, jointKey: Point, label: string, key: Point, trustee: number, A: Point, value: unknown, field: string): Record<string, string[]> | undefined {
  if (!isRecord(value) || typeof value.share !== "string" || !isRecord(value.proof)) return { [field]: ["缺少部分解密或格式不符"] };
  if (value.trustee !== trustee) return { [`${field}.trustee`]: [`部分解密应属于第${trustee}号监票人`] };
  try {
    if (!verifyPartial(electionId, jointKey, label, key, A, value as unknown as PartialDecryption, field)) return { [`${field}.proof`]: ["部分解密的证明不成立"] };
  } catch (error) {
    if (error instanceof AppError && error.fields) return error.fields;
    return { [field]: ["部分解密格式不符"] };
  }
  return undefined;
}

/**
 * A 监票人 posts their partial decryptions `{ trustee, sums: { label: share }, writeIns: [{ flag,
 * name }] }`. Every proof is checked before anything is written; the first failures are
 * refused 422 naming each field (`sums.p1/p1c1/for.proof`, `writeIns.0.name.share` …). Once per
 * 监票人. When this makes t, the count is completed.
 */
export async function postDecryption(election: Election, accountId: string, input: unknown): Promise<DecryptionState> {
  requireEncrypted(election);
  expectStatus(election, ["closed"], "提交部分解密");
  if (election.resultsHash) throw new AppError("election.invalid_state", "已解密计票完毕，无需再提交部分解密", { details: { electionStatus: election.status } });
  if (election.paperFallback) throw new AppError("election.invalid_state", "本次选举已改用纸质选票计票，加密选票不再解密", { details: { electionStatus: election.status } });
  const ceremony = await ceremonyState(election.electionId);
  const trustee = ceremony.trustees.find((t) => t.accountId === accountId);
  if (!trustee) throw new AppError("election.not_trustee", "只有参加密钥仪式的监票人可以提交部分解密");
  if (!ceremony.jointKey) throw new AppError("election.ceremony_incomplete", "监票人的密钥仪式尚未完成");
  if (takesPaper(election.config) && election.paperEntry !== "closed") throw new AppError("election.paper_entry_open", "纸质选票尚未录入完成，不能解密计票");
  const body = isRecord(input) ? input : {};
  if (body.trustee !== trustee.index) throw malformed("trustee", `应为第${trustee.index}号监票人`);
  const jointKey = pointFrom(ceremony.jointKey);
  const key = verificationKey(ceremony.commitments, trustee.index);
  const ballots = await encryptedBallots(election.electionId);
  const stored = await ensureSums(election, ballots);
  const items = writeInItems(election.config, ballots);

  const fields: Record<string, string[]> = {};
  const sums = isRecord(body.sums) ? body.sums : {};
  const labels = Object.keys(stored.sums);
  for (const extra of Object.keys(sums).filter((label) => !labels.includes(label))) fields[`sums.${extra}`] = ["没有这一项密文之和"];
  for (const label of labels) {
    const problem = shareProblem(election.electionId, jointKey, label, key, trustee.index, ciphertextFrom(stored.sums[label], `sums.${label}`).a, sums[label], `sums.${label}`);
    if (problem) Object.assign(fields, problem);
  }
  const writeIns = Array.isArray(body.writeIns) ? body.writeIns : undefined;
  if (!writeIns || writeIns.length !== items.length) fields.writeIns = [`应对${items.length}个另选他人栏各给出部分解密`];
  else {
    items.forEach((item, i) => {
      const posted = isRecord(writeIns[i]) ? writeIns[i] : {};
      const flag = shareProblem(election.electionId, jointKey, writeInLabel(item, "flag"), key, trustee.index, ciphertextFrom(item.flag, "flag").a, posted.flag, `writeIns.${i}.flag`);
      const name = shareProblem(election.electionId, jointKey, writeInLabel(item, "name"), key, trustee.index, pointFrom(item.name.e), posted.name, `writeIns.${i}.name`);
      Object.assign(fields, flag ?? {}, name ?? {});
    });
  }
  if (Object.keys(fields).length > 0) throw new AppError("election.decryption_invalid", "部分解密的证明不成立，未被接受", { fields });

  const pick = (p: PartialDecryption): PartialDecryption => ({ trustee: p.trustee, share: p.share, proof: p.proof });
  const decryption: TrusteeDecryptions = {
    trustee: trustee.index,
    sums: Object.fromEntries(labels.map((label) => [label, pick(sums[label] as PartialDecryption)])),
    writeIns: (writeIns ?? []).map((w) => ({ flag: pick((w as { flag: PartialDecryption }).flag), name: pick((w as { name: PartialDecryption }).name) })),
  };
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...Keys.electionDecryption(election.electionId, trustee.index), type: "election_decryption", trustee: trustee.index, decryption: canonical(decryption), ballotsDigest: stored.ballotsDigest, at: nowIso() },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === "ConditionalCheckFailedException") throw new AppError("election.decryption_posted", "您已经提交过部分解密");
    throw error;
  }
  const decryptions = await decryptionsOf(election.electionId);
  let counted = election;
  if (decryptions.length >= ceremony.threshold) counted = await completeCount(election, { accountId }, { ceremony, ballots, decryptions });
  return {
    threshold: ceremony.threshold,
    trustees: ceremony.trustees.map(({ index, name }) => ({ index, name })),
    ballots: stored.ballots,
    ballotsDigest: stored.ballotsDigest,
    sums: stored.sums,
    writeIns: items,
    decryptedBy: decryptions.map((d) => d.trustee),
    ...(counted.resultsHash ? { resultsHash: counted.resultsHash } : {}),
  };
}

interface Gathered {
  ceremony: CeremonyState;
  ballots: Array<{ trackingCode: string; ballot: EncryptedBallot }>;
  decryptions: TrusteeDecryptions[];
}

/** The record's parts and the results, from what is stored (shares already checked at their post). */
async function assemble(election: Election, gathered: Gathered, counts?: TallyCounts): Promise<{ record?: ElectionRecord; problems: string[] }> {
  const { ceremony, ballots, decryptions } = gathered;
  const paper = takesPaper(election.config);
  const [roll, matching] = await Promise.all([counts ? undefined : rollCounts(election.electionId), paper ? paperMatching(election.electionId, election.config) : undefined]);
  const paperBallots = matching?.ballots ?? [];
  const present = roll && (election.config.mode === "meeting" ? roll.present : roll.roll);
  const tallyCounts: TallyCounts = counts ?? {
    roll: roll!.roll,
    present: present!,
    issued: present!,
    receipts: roll!.voted,
    ...(paper ? { paper: { issued: roll!.paper, returned: paperBallots.length } } : {}),
  };
  return buildRecord({
    electionId: election.electionId,
    title: election.title,
    config: election.config,
    threshold: ceremony.threshold,
    trustees: ceremony.trustees.map(({ index, name }) => ({ index, name })),
    deviceKeys: [...ceremony.deviceKeys].sort((a, b) => a.trustee - b.trustee),
    commitments: [...ceremony.commitments].sort((a, b) => a.trustee - b.trustee),
    ballots,
    decryptions,
    paperBallots: paperBallots.map((b) => b.choices),
    counts: tallyCounts,
  });
}

/** With t (or more) checked decryptions: combine, add paper, decide, store the results once, mark counted. */
async function completeCount(election: Election, actor: { accountId: string }, gathered: Gathered): Promise<Election> {
  const { record, problems } = await assemble(election, gathered);
  if (!record) throw new AppError("election.decryption_pending", `部分解密不足以完成计票：${problems.slice(0, 5).join("、")}`, { details: { problems } });
  return storeCount(election, actor, { results: record.results, counts: record.counts, decryptedBy: gathered.decryptions.map((d) => d.trustee) });
}

/** Stores the results once (the first of racing completions stands) and marks the election counted, audited. */
async function storeCount(election: Election, actor: { accountId: string }, count: { results: Results; counts: TallyCounts; decryptedBy: number[]; paperOnly?: true }): Promise<Election> {
  const resultsHash = resultsHashOf(count.results);
  try {
    await db().send(
      new PutCommand({ TableName: tableName(), Item: { ...Keys.electionResults(election.electionId), type: "election_results", ...count, resultsHash }, ConditionExpression: "attribute_not_exists(pk)" }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== "ConditionalCheckFailedException") throw error;
  }
  const stored = await storedCount(election.electionId);
  for (let attempt = 1; ; attempt += 1) {
    const fresh = (await getElection(election.electionId, true)) ?? election;
    if (fresh.resultsHash) return fresh;
    try {
      return await transition(fresh, { resultsHash: stored!.resultsHash }, {
        action: "counted",
        actorId: actor.accountId,
        resultsHash: stored!.resultsHash,
        figures: stored!.results.figures,
        integrity: stored!.results.integrity,
        encrypted: true,
        ...(stored!.paperOnly ? { paperOnly: true } : { decryptedBy: stored!.decryptedBy }),
      });
    } catch (error) {
      if (!(error instanceof AppError && error.code === "election.invalid_state") || attempt >= 5) throw error;
    }
  }
}

type StoredCount = { results: Results; resultsHash: string; counts: TallyCounts; decryptedBy: number[]; paperOnly?: true };

async function storedCount(electionId: string): Promise<StoredCount | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.electionResults(electionId), ConsistentRead: true }));
  return Item as StoredCount | undefined;
}

/**
 * `count()` for 加密投票: the sums are made (once); the results exist only once t 监票人 have
 * posted their decryptions — before that 409 `election.decryption_pending` saying how many.
 */
export async function countEncrypted(election: Election, actor: { accountId: string }): Promise<Election> {
  if (election.resultsHash) return election;
  if (takesPaper(election.config) && election.paperEntry !== "closed") throw new AppError("election.paper_entry_open", "纸质选票尚未录入完成，不能计票");
  if (election.paperFallback) return countPaperOnly(election, actor);
  const [ceremony, ballots] = await Promise.all([ceremonyState(election.electionId), encryptedBallots(election.electionId)]);
  await ensureSums(election, ballots);
  const decryptions = await decryptionsOf(election.electionId);
  if (decryptions.length < ceremony.threshold) {
    throw new AppError("election.decryption_pending", `加密选票须由至少${ceremony.threshold}位监票人提交部分解密后计票，现有${decryptions.length}位`, {
      details: { threshold: ceremony.threshold, decryptedBy: decryptions.map((d) => d.trustee) },
    });
  }
  return completeCount(election, actor, { ceremony, ballots, decryptions });
}

/**
 * The election record (record.json) of a counted encrypted election, assembled from what is
 * stored, carrying the decryptions that made the stored results and those results exactly.
 */
export async function electionRecord(election: Election): Promise<ElectionRecord> {
  requireEncrypted(election);
  const stored = election.resultsHash ? await storedCount(election.electionId) : undefined;
  if (election.paperFallback) throw new AppError("election.invalid_state", "本次选举已改用纸质选票计票，加密选票未解密，没有选举记录", { details: { electionStatus: election.status } });
  if (!stored) throw new AppError("election.not_published", "尚未完成解密计票，还没有选举记录");
  const [ceremony, ballots, all] = await Promise.all([ceremonyState(election.electionId), encryptedBallots(election.electionId), decryptionsOf(election.electionId)]);
  const decryptions = all.filter((d) => stored.decryptedBy.includes(d.trustee));
  const { record, problems } = await assemble(election, { ceremony, ballots, decryptions }, stored.counts);
  if (!record) throw new AppError("election.decryption_pending", `选举记录无法组成：${problems.slice(0, 5).join("、")}`);
  // The record carries the stored results (what was certified), never a recomputation: the verifier compares.
  return { ...record, results: stored.results };
}

/**
 * The paper fallback: when fewer than t 监票人 can still decrypt, an admin decides — with a
 * reason, audited — that the sitting counts its paper ballots only. The encrypted ballots stay
 * sealed (never decrypted, never counted). Only for a sitting that takes paper, after the close
 * and before any count; not once t 监票人 have decrypted (the count is then complete anyway).
 */
export async function fallBackToPaper(election: Election, actor: { accountId: string }, reason: string): Promise<Election> {
  requireEncrypted(election);
  expectStatus(election, ["closed"], "改用纸质选票计票");
  if (election.resultsHash) throw new AppError("election.invalid_state", "已经计票，不能再改用纸质选票", { details: { electionStatus: election.status } });
  if (election.paperFallback) throw new AppError("election.invalid_state", "本次选举已改用纸质选票计票", { details: { electionStatus: election.status } });
  if (!takesPaper(election.config)) {
    throw new AppError("election.invalid_state", "本次选举不收纸质选票：加密选票无法解密时，请另行组织纸质选票投票", { details: { electionStatus: election.status } });
  }
  const [ceremony, decryptions] = await Promise.all([ceremonyState(election.electionId), decryptionsOf(election.electionId)]);
  if (decryptions.length >= ceremony.threshold) throw new AppError("election.invalid_state", `已有${decryptions.length}位监票人完成部分解密，达到门限，无需改用纸质选票`, { details: { electionStatus: election.status } });
  const paperFallback = { reason, by: actor.accountId, at: nowIso() };
  const next = await transition(election, { paperFallback }, { action: "encryption_fallback", actorId: actor.accountId, reason, threshold: ceremony.threshold, decryptedBy: decryptions.map((d) => d.trustee) });
  // Paper entry already settled: count now; otherwise finishing the entry counts.
  return next.paperEntry === "closed" ? countPaperOnly(next, actor) : next;
}

/** After the fallback: the paper ballots of the sitting, counted by the ordinary rules; the encrypted ballots are not counted. */
async function countPaperOnly(election: Election, actor: { accountId: string }): Promise<Election> {
  const [roll, matching] = await Promise.all([rollCounts(election.electionId), paperMatching(election.electionId, election.config)]);
  const present = election.config.mode === "meeting" ? roll.present : roll.roll;
  const counts: TallyCounts = { roll: roll.roll, present, issued: present, paper: { issued: roll.paper, returned: matching.ballots.length } };
  return storeCount(election, actor, { results: tally(election.config, matching.ballots.map((b) => b.choices), counts), counts, decryptedBy: [], paperOnly: true });
}
