import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { createHmac } from "node:crypto";
import { sessionSecret } from "../auth/secret";
import { ballotsTableName, db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { canonicalChoices, ChoicesSchema, type Choices } from "./choices";
import { codeKey, type CodeItem } from "./codes";
import type { EncryptedBallot } from "./crypto/ballot";
import { getVoter, voterKey } from "./roll";
import { replayTag, SHARDS, shardOf, trackingCode } from "./secrets";
import { getElection, queryShards, toElection, type Election, type TransactItem } from "./store";

/**
 * Casting a ballot, in ONE transaction:
 *   1. ConditionCheck: the election is `open` — checked on one of the 16 gate items that carry the
 *      election item's status (written in the same transactions as the election item: see
 *      lifecycle.ts), so casts do not all contend for one item;
 *   2. the voter's roll entry (their receipt): `voted` set, conditional on not yet voted (and,
 *      at a meeting, on being checked in) — it records no ballot, no tracking code, no time;
 *   3. with a voting code: the code marked used, conditional on unused and not revoked (and, at a
 *      meeting, on the card having been bound to its voter at the check-in desk);
 *   4. the ballot put in the ballot box — a separate table with no stream — under its random
 *      tracking code, holding only that code and the choices: no voter, no account, no code, no
 *      timestamp. The main table's stream (which a message consumer reads) thus carries the
 *      receipt but never the ballot, so no stream record pairs the two.
 * Nothing anywhere links 2–3 to 4. A retry with the same Idempotency-Key is recognised by the
 * receipt's replay tag and answered with the same tracking code, recomputed from the key (see
 * secrets.ts) — possible only while voting is open, since closing destroys the cast key.
 */
export interface CastInput {
  election: Election;
  voterId: string;
  /** Set when voting by code. */
  code?: CodeItem;
  choices: unknown;
  /** 加密投票: the encrypted ballot made in the voter's browser (then `choices` is not used). */
  ballot?: unknown;
  idempotencyKey?: string;
  /** The derived cast key when the caller has it (`electionForCast`); `null`: none is stored. Left out, it is read here. */
  castKey?: string | null;
}

export interface CastResult {
  trackingCode: string;
  replayed: boolean;
  warnings: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The key tracking codes and replay tags are derived with: the election's cast key (in the
 * table, deleted at close) mixed with the server's secret (never in the table), so neither a
 * copy of the table nor of a backup is enough to recompute anything.
 */
async function castKeyOf(electionId: string): Promise<string | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.electionCastKey(electionId), ConsistentRead: true }));
  return deriveCastKey(Item?.castKey as string | undefined);
}

async function deriveCastKey(stored: string | undefined): Promise<string | undefined> {
  if (!stored) return undefined;
  return createHmac("sha256", await sessionSecret()).update(`election-cast\u0000${stored}`).digest("base64");
}

function closedOrNotOpen(election: Election): AppError {
  if (election.status === "draft" || election.status === "roll_frozen") return new AppError("election.not_open", "投票尚未开始");
  return new AppError("election.closed", "投票已结束，选票未被接受");
}

/** Why a cast was refused, decided on fresh reads; a replay of the same request resolves to its first result. */
async function refusal(input: CastInput, tag: string | undefined, tracking: string): Promise<CastResult> {
  const { election, voterId } = input;
  const voter = await getVoter(election.electionId, voterId);
  if (!voter) throw new AppError("election.not_on_roll", "您不在本次选举的选民名册上");
  const fresh = await getElection(election.electionId, true);
  if (voter.voted) {
    // A replay is answered only while voting is open (as when the cast key is read, not cached).
    if (tag && voter.replayTag === tag && fresh?.status === "open") return { trackingCode: tracking, replayed: true, warnings: [] };
    throw new AppError("election.already_voted", "您已经投过票，每人只能投一票");
  }
  if (voter.paperAt) throw new AppError("election.took_paper", "您已领取纸质选票，请在会场投纸质票");
  if (voter.proxyHolderId && !input.code) throw new AppError("election.proxy_given", "您已书面委托他人代为投票，不能再本人投票");
  if (!fresh || fresh.status !== "open") throw closedOrNotOpen(fresh ?? election);
  if (election.config.mode === "meeting" && !voter.checkedInAt) throw new AppError("election.not_checked_in", "请先签到领取选票");
  if (input.code) {
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: codeKey(election.electionId, input.code.codeHash), ConsistentRead: true }));
    if (Item?.revoked) throw new AppError("election.code_invalid", "投票码已作废，请使用新发放的投票码");
    if (Item?.used) throw new AppError("election.already_voted", "此投票码已经使用过");
    if (election.config.mode === "meeting" && !Item?.boundAt) throw new AppError("election.card_not_bound", "此投票卡未在签到处登记发放，不能投票；请到签到处领取");
  }
  throw new AppError("election.invalid_state", "选票未被接受，请重试");
}

/** What goes into the ballot box: canonical choices, or (加密投票) the encrypted ballot whose every proof held. */
type BoxContent = { choices: Choices; warnings: string[] } | { encrypted: string; tracking: string };

function plainContent(election: Election, input: unknown): BoxContent {
  const parsed = ChoicesSchema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fields[["choices", ...issue.path.map(String)].join(".")] ??= []).push(issue.message);
    throw new AppError("validation.failed", "选票内容不符合要求", { fields });
  }
  const { choices, problems, warnings } = canonicalChoices(election.config, parsed.data);
  if (Object.keys(problems).length > 0) throw new AppError("validation.failed", Object.values(problems)[0]![0]!, { fields: problems });
  return { choices, warnings };
}

/**
 * 加密投票: the ballot's shape and every proof checked against the election's joint key before
 * anything is written (a failing proof: 422 naming each field, nothing stored). Its tracking
 * code is the hash of the ballot itself, so the same ballot cast twice (a copy) is refused by
 * the one-item-per-tracking-code ballot box.
 */
async function encryptedContent(election: Election, input: unknown): Promise<BoxContent> {
  // Loaded only for 加密投票 (the elliptic-curve code stays out of an ordinary cast's chunk).
  const [{ electionJointKey }, { ballotTrackingCode, canonical, checkBallot }] = await Promise.all([import("./ceremony-store"), import("./crypto/ballot")]);
  if (input === undefined) throw new AppError("validation.failed", "本次选举为加密投票，请提交加密选票", { fields: { ballot: ["本次选举为加密投票，请提交加密选票"] } });
  const key = await electionJointKey(election.electionId);
  if (!key) throw new AppError("election.ceremony_incomplete", "监票人的密钥仪式尚未完成");
  const failed = checkBallot(election.config, election.electionId, key, input);
  if (failed.length > 0) {
    throw new AppError("election.ballot_proof_invalid", "加密选票的证明不成立，选票未被接受", { fields: Object.fromEntries(failed.map((field) => [field, ["证明不成立"]])) });
  }
  const ballot = input as EncryptedBallot;
  return { encrypted: canonical(ballot), tracking: ballotTrackingCode(ballot) };
}

export async function castBallot(input: CastInput): Promise<CastResult> {
  const { election, voterId, idempotencyKey } = input;
  if (!election.config.encryption && input.ballot !== undefined) throw new AppError("validation.failed", "本次选举不是加密投票", { fields: { ballot: ["本次选举不是加密投票"] } });
  const content = election.config.encryption ? await encryptedContent(election, input.ballot) : plainContent(election, input.choices);
  const warnings = "warnings" in content ? content.warnings : [];

  const castKey = election.status === "open" ? (input.castKey === undefined ? await castKeyOf(election.electionId) : (input.castKey ?? undefined)) : undefined;
  if (!castKey) {
    forgetOpenElection(election.electionId);
    const voter = await getVoter(election.electionId, voterId);
    if (!voter) throw new AppError("election.not_on_roll", "您不在本次选举的选民名册上");
    if (voter.voted) throw new AppError("election.already_voted", "您已经投过票，每人只能投一票");
    throw closedOrNotOpen(election.status === "open" ? { ...election, status: "closed" } : election);
  }
  const tracking = "tracking" in content ? content.tracking : trackingCode(castKey, election.electionId, voterId, idempotencyKey);
  const tag = idempotencyKey ? replayTag(castKey, election.electionId, voterId, idempotencyKey) : undefined;
  const shard = Math.floor(Math.random() * SHARDS);

  const items: TransactItem[] = [
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: Keys.electionGate(election.electionId, shard),
        ConditionExpression: "#status = :open",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":open": "open" },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: voterKey(election.electionId, voterId),
        UpdateExpression: tag ? "SET voted = :yes, replayTag = :tag" : "SET voted = :yes",
        // A voter who gave a written proxy (委托投票) votes only through the card the desk bound to them for the holder.
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(voted) AND attribute_not_exists(paperAt)${election.config.mode === "meeting" ? " AND attribute_exists(checkedInAt)" : ""}${input.code ? "" : " AND attribute_not_exists(proxyHolderId)"}`,
        ExpressionAttributeValues: { ":yes": true, ...(tag ? { ":tag": tag } : {}) },
      },
    },
    ...(input.code
      ? [
          {
            Update: {
              TableName: tableName(),
              Key: codeKey(election.electionId, input.code.codeHash),
              UpdateExpression: "SET used = :yes",
              // At a meeting a card votes only once the desk has bound it to its voter (cards.ts).
              ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(used) AND attribute_not_exists(revoked)${election.config.mode === "meeting" ? " AND attribute_exists(boundAt)" : ""}`,
              ExpressionAttributeValues: { ":yes": true },
            },
          } satisfies TransactItem,
        ]
      : []),
    {
      Put: {
        TableName: ballotsTableName(),
        Item: {
          ...Keys.ballot(election.electionId, shardOf(tracking), tracking),
          type: "ballot",
          trackingCode: tracking,
          ...("encrypted" in content ? { encrypted: content.encrypted } : { choices: content.choices }),
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  ];

  // Contention (another cast on the same gate, the close) is retried with
  // jittered backoff; a failed condition is a decision, explained from fresh reads.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return { trackingCode: tracking, replayed: false, warnings };
    } catch (error) {
      const reasons = cancellationReasons(error);
      const conflict = (error as { name?: string })?.name === "TransactionConflictException" || (reasons !== undefined && !reasons.includes("ConditionalCheckFailed"));
      // Only the ballot box refused: this very ballot (same tracking code) is already in it — a copy.
      if (reasons && reasons[items.length - 1] === "ConditionalCheckFailed" && reasons.filter((r) => r === "ConditionalCheckFailed").length === 1) {
        throw new AppError("election.ballot_duplicate", "这张选票已经投入票箱（查验码相同），不能重复投入；请重新生成选票");
      }
      if (reasons?.includes("ConditionalCheckFailed")) {
        // The gate may have refused a closed election seen as open from the cache: see afresh next time.
        forgetOpenElection(election.electionId);
        return refusal(input, tag, tracking);
      }
      if (!conflict) throw error;
      if (attempt >= 40) throw new AppError("service.unavailable", "投票人数较多，请稍后重试", { retryAfter: 1, cause: error });
      await sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));
    }
  }
}

/**
 * Open elections this process has read lately, with their derived cast key, for CAST_CACHE_MS.
 * A cast then reads neither the election nor the cast key. Safe because:
 * - an election's config cannot change once it is open (only a `draft` takes candidates), and
 *   only `open` elections are kept;
 * - a stale "open" never lets a ballot in: the cast transaction's ConditionCheck on a gate item
 *   refuses a closed election atomically (close rewrites all 16 gates in its own transaction),
 *   and any refused cast drops the entry, the refusal being explained from fresh reads;
 * - the cast key is never written anywhere from here, and is forgotten within CAST_CACHE_MS of
 *   the close (a replay is answered only while the election reads open, see `refusal`).
 */
const CAST_CACHE_MS = 2_000;
const openElections = new Map<string, { election: Election; castKey: string; until: number }>();

function forgetOpenElection(electionId: string): void {
  openElections.delete(electionId);
}

/** The keys a cast reads before its transaction when `cachedForCast` has nothing: the election and its cast key. */
export const castReadKeys = (electionId: string) => [Keys.election(electionId), Keys.electionCastKey(electionId)];

/** The election and derived cast key from this process's cache, if it read them as open within CAST_CACHE_MS. */
export function cachedForCast(electionId: string, now = Date.now()): { election: Election; castKey: string } | undefined {
  const entry = openElections.get(electionId);
  if (!entry) return undefined;
  if (entry.until <= now) {
    openElections.delete(electionId);
    return undefined;
  }
  return entry;
}

/**
 * The election and derived cast key from the items read at `castReadKeys` (in that order),
 * remembered for the next casts when the election is open.
 */
export async function electionForCast(items: Array<Record<string, unknown> | undefined>, now = Date.now()): Promise<{ election?: Election; castKey: string | null }> {
  const [electionItem, castKeyItem] = items;
  const election = electionItem ? toElection(electionItem) : undefined;
  const castKey = (await deriveCastKey(castKeyItem?.castKey as string | undefined)) ?? null;
  if (election?.status === "open" && castKey) {
    if (openElections.size >= 1_000) openElections.clear();
    openElections.set(election.electionId, { election, castKey, until: now + CAST_CACHE_MS });
  }
  return { election, castKey };
}

export interface BulletinEntry {
  trackingCode: string;
  choices: Choices;
}

/** Every ballot in the box (the ballots table, all 16 shards, strongly consistent), ordered by tracking code. */
export async function allBallots(electionId: string): Promise<BulletinEntry[]> {
  const items = await queryShards((shard) => Keys.ballotShard(electionId, shard), SHARDS, { expression: "trackingCode, choices" }, ballotsTableName());
  return items
    .map((item) => ({ trackingCode: item.trackingCode as string, choices: item.choices as Choices }))
    .sort((a, b) => (a.trackingCode < b.trackingCode ? -1 : a.trackingCode > b.trackingCode ? 1 : 0));
}
