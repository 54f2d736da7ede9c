import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { getAccount } from "../auth/accounts";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys, type PrimaryKey } from "../db/keys";
import { cancellationReasons, isConditionFailure } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { listVoters, voterKey, type Voter } from "./roll";
import { retryAfterSeconds, windowOver, WRONG_CODE_WINDOW_MS, WRONG_CODES_PER_WINDOW, type WrongCodeCounter } from "./code-throttle";
import { codeHash, isWellFormedCode, newVotingCode, shardOf } from "./secrets";
import { expectStatus, readTogether, transition, type CodeIssue, type Election, type TransactItem } from "./store";

/**
 * One-time voting codes (投票码), on paper cards or as QR codes, stored only as their hash and
 * used at most once.
 * - Online: each voter gets their own code (bound when issued); the answer that issues it is the
 *   only one that ever shows it. Re-issuing (reprint) revokes the old code.
 * - Meeting: codes are printed on cards — blank (`printCards`) or with a voter's name (`issueCodes`)
 *   — and a card is **dead until the check-in desk binds it** (`bindCard`) to the voter in front of
 *   it. Cards of absent members are never bound, so they never vote, whoever holds the printout.
 * Blank cards and the desk's binding are in `cards.ts`. Who issued, bound and reprinted is in the
 * election's audit log.
 */
export interface IssuedCode {
  accountId: string;
  name: string;
  code: string;
}

export interface CodeItem {
  codeHash: string;
  /** The voter: set when issued to them, or when a blank card is bound at check-in. */
  accountId?: string;
  /** Meeting mode: when the desk bound the card to its voter; a card without it cannot vote. */
  boundAt?: string;
  used?: boolean;
  revoked?: boolean;
}

export const codeKey = (electionId: string, hash: string) => Keys.votingCode(electionId, shardOf(hash), hash);

/** Replacing live codes: the request must say so, with the number of codes it voids (as the console showed them). */
export interface ReplaceCodes {
  expectedCount: number;
}

/** What a refused second generation tells the console: how many codes it would void, how many are in voters' hands, when and by whom. */
export interface ExistingCodes {
  existing: number;
  handedOut: number;
  voted: number;
  issuedAt?: string;
  issuedBy?: string;
}

/**
 * **Pure.** The live codes a generation for `voters` would void (voters who have not voted and hold
 * a code), and of those the ones already in voters' hands: online every code is its voter's; at a
 * meeting, the cards the desk has handed over.
 */
export function codesToReplace(election: Pick<Election, "config" | "codeIssue">, voters: Voter[]): ExistingCodes {
  const live = voters.filter((voter) => !voter.voted && voter.codeHash);
  return {
    existing: live.length,
    handedOut: election.config.mode === "meeting" ? live.filter((voter) => voter.cardAt).length : live.length,
    voted: voters.filter((voter) => voter.voted).length,
    issuedAt: election.codeIssue?.at,
    issuedBy: election.codeIssue?.byName,
  };
}

function codesExist(found: ExistingCodes, why: "unconfirmed" | "count_changed" | "in_flight"): AppError {
  const message =
    why === "in_flight"
      ? "投票码刚刚由他人生成（或正在生成），请刷新后查看，如需重新生成请确认作废数量"
      : why === "count_changed"
        ? `已有投票码数量已变为${found.existing}个，请核对后重新确认`
        : `已生成投票码${found.existing}个（其中${found.handedOut}个已发到选民手中）；重新生成会使这些投票码全部作废，请确认后再生成`;
  return new AppError("election.codes_exist", message, { details: { ...found } });
}

/**
 * Issues codes for the given voters, or for every voter who has not voted. A voter who already
 * holds a live code gets a new one only when the request replaces (`replace.expectedCount` = how
 * many codes it voids, as the caller was shown): otherwise `409 election.codes_exist` says how many
 * exist, how many were handed out, when and by whom — printed cards are never voided by a second
 * click, a reload or another device. Every such generation first moves the election's `codeRound`
 * on, conditionally, so two generations in flight at once cannot both run: one wins, the other is
 * told the codes now exist.
 */
export async function issueCodes(election: Election, actor: { accountId: string }, accountIds: string[] | "all", replace?: ReplaceCodes): Promise<IssuedCode[]> {
  expectStatus(election, ["roll_frozen", "open"], "发放投票码");
  let voters: Voter[];
  let notOnRoll: string[] = [];
  const unique = accountIds === "all" ? [] : [...new Set(accountIds)];
  const readVoters = async () => {
    if (accountIds === "all") return listVoters(election.electionId);
    const found = new Map(((await batchGetAll(unique.map((id) => voterKey(election.electionId, id)))) as unknown as Voter[]).map((voter) => [voter.accountId, voter]));
    notOnRoll = unique.filter((id) => !found.has(id));
    return unique.flatMap((id) => found.get(id) ?? []);
  };
  // The round first, then the roll: whatever this request is shown and voids, no other generation runs meanwhile.
  const round = await claimRound(election);
  try {
    voters = await readVoters();
    if (notOnRoll.length > 0) throw new AppError("validation.failed", "有人不在选民名册上", { fields: { accountIds: notOnRoll.map((id) => `不在名册上：${id}`) } });
    const existing = codesToReplace(election, voters);
    if (existing.existing > 0 && !replace) throw codesExist(existing, "unconfirmed");
    if (replace && replace.expectedCount !== existing.existing) throw codesExist(existing, "count_changed");
    const pending = voters.filter((voter) => !voter.voted);
    const issued: IssuedCode[] = [];
    for (let i = 0; i < pending.length; i += 25) {
      const batch = await Promise.all(pending.slice(i, i + 25).map((voter) => issueOne(election.electionId, voter, actor.accountId)));
      issued.push(...batch.filter((code): code is IssuedCode => code !== undefined));
    }
    if (issued.length > 0) {
      // Who got a code, and whose was reprinted, is on the record.
      const reprinted = new Set(pending.filter((voter) => voter.codeHash).map((voter) => voter.accountId));
      const current = await freshElection(election);
      const replaced = issued.filter((code) => reprinted.has(code.accountId)).length;
      await transition(current, { codeIssue: await issueRecord(current, actor, issued.length - replaced) }, {
        action: "codes_issued",
        actorId: actor.accountId,
        count: issued.length,
        accountIds: issued.map((code) => code.accountId),
        reprinted: issued.filter((code) => reprinted.has(code.accountId)).map((code) => code.accountId),
      });
    }
    return issued;
  } finally {
    await releaseRound(election.electionId, round);
  }
}

/** The election's code record after `added` more live codes by `actor`. */
export async function issueRecord(current: Election, actor: { accountId: string }, added: number): Promise<CodeIssue> {
  const byName = (await getAccount(actor.accountId))?.name;
  return { live: (current.codeIssue?.live ?? 0) + added, at: nowIso(), byId: actor.accountId, ...(byName ? { byName } : {}) };
}

/** How long a generation holds the election's codes; one cut short (a crashed function) frees them after this. */
const GENERATION_LEASE_MS = 2 * 60 * 1000;

/**
 * Takes the election's codes for one generation: moves `codeRound` on from the value `election` was
 * read with and holds `codeBusyUntil`, both conditionally. A generation in flight, or one that ran
 * since the caller read the election, makes this a 409 with what is known of the codes.
 */
async function claimRound(election: Election): Promise<number> {
  const seen = election.codeRound ?? 0;
  const now = Date.now();
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.election(election.electionId),
        UpdateExpression: "SET codeRound = :next, codeBusyUntil = :until",
        ConditionExpression: `${seen === 0 ? "attribute_exists(pk) AND attribute_not_exists(codeRound)" : "codeRound = :seen"} AND (attribute_not_exists(codeBusyUntil) OR codeBusyUntil < :now)`,
        ExpressionAttributeValues: { ":next": seen + 1, ":until": now + GENERATION_LEASE_MS, ":now": now, ...(seen === 0 ? {} : { ":seen": seen }) },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await freshElection(election);
    throw codesExist({ existing: current.codeIssue?.live ?? 0, handedOut: 0, voted: 0, issuedAt: current.codeIssue?.at, issuedBy: current.codeIssue?.byName }, "in_flight");
  }
  return seen + 1;
}

async function releaseRound(electionId: string, round: number): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.election(electionId),
        UpdateExpression: "REMOVE codeBusyUntil",
        ConditionExpression: "codeRound = :round",
        ExpressionAttributeValues: { ":round": round },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The election item's current version, audit head and status (for an audited change after other writes). */
export async function freshElection(election: Election): Promise<Election> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.election(election.electionId), ConsistentRead: true }));
  return {
    ...election,
    version: Item!.version as number,
    auditHead: Item!.auditHead as string,
    status: Item!.status as Election["status"],
    codeIssue: Item!.codeIssue as CodeIssue | undefined,
    codeRound: Item!.codeRound as number | undefined,
  };
}

async function issueOne(electionId: string, voter: Voter, actorId: string): Promise<IssuedCode | undefined> {
  const code = newVotingCode();
  const hash = codeHash(code);
  const items: TransactItem[] = [
    { Put: { TableName: tableName(), Item: { ...codeKey(electionId, hash), type: "voting_code", codeHash: hash, accountId: voter.accountId, issuedAt: nowIso(), issuedBy: actorId }, ConditionExpression: "attribute_not_exists(pk)" } },
    {
      Update: {
        TableName: tableName(),
        Key: voterKey(electionId, voter.accountId),
        UpdateExpression: "SET codeHash = :hash",
        ConditionExpression: voter.codeHash ? "attribute_not_exists(voted) AND codeHash = :old" : "attribute_not_exists(voted) AND attribute_not_exists(codeHash)",
        ExpressionAttributeValues: { ":hash": hash, ...(voter.codeHash ? { ":old": voter.codeHash } : {}) },
      },
    },
  ];
  if (voter.codeHash) {
    items.push({ Update: { TableName: tableName(), Key: codeKey(electionId, voter.codeHash), UpdateExpression: "SET revoked = :yes", ExpressionAttributeValues: { ":yes": true } } });
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    // The voter voted (or someone else re-issued) meanwhile: no new code for them.
    if (cancellationReasons(error)?.includes("ConditionalCheckFailed")) return undefined;
    throw error;
  }
  return { accountId: voter.accountId, name: voter.name, code };
}

const THROTTLE_TTL_SECONDS = 60 * 60;

/**
 * Takes one wrong-code allowance of `client`, atomically: the counter only moves while under the
 * limit within its window, so 25 parallel wrong codes with a limit of 5 get five answers and twenty
 * `429`s. A window that is over is restarted by a write conditional on the start it replaces, so
 * two restarts cannot both succeed. Throws `election.code_throttled` once the allowance is spent.
 */
async function reserveWrongCode(electionId: string, client: string, now: number): Promise<void> {
  const key = Keys.votingCodeThrottle(electionId, client);
  const ttl = Math.floor(now / 1000) + THROTTLE_TTL_SECONDS;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    try {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: "ADD failures :one SET windowStart = if_not_exists(windowStart, :now), expiresAt = :ttl, #type = :type",
          ConditionExpression: "attribute_not_exists(failures) OR (failures < :limit AND windowStart > :over)",
          ExpressionAttributeNames: { "#type": "type" },
          ExpressionAttributeValues: { ":one": 1, ":now": now, ":limit": WRONG_CODES_PER_WINDOW, ":over": now - WRONG_CODE_WINDOW_MS, ":ttl": ttl, ":type": "throttle" },
        }),
      );
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
    const counter = Item as WrongCodeCounter | undefined;
    if (counter && !windowOver(counter, now)) throw new AppError("election.code_throttled", "投票码输错次数过多，请稍后再试", { retryAfter: retryAfterSeconds(counter, now) });
    try {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: "SET failures = :one, windowStart = :now, expiresAt = :ttl",
          ConditionExpression: "windowStart = :seen",
          ExpressionAttributeValues: { ":one": 1, ":now": now, ":ttl": ttl, ":seen": counter?.windowStart ?? -1 },
        }),
      );
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new AppError("election.code_throttled", "投票码输错次数过多，请稍后再试", { retryAfter: 1 });
}

/**
 * The voter a code belongs to. Unknown, malformed and revoked codes (and codes for an election
 * that does not exist) all get the same answer, and each takes one of the client's wrong-code
 * allowances; a valid code is accepted whatever its address did before.
 */
export async function resolveCode(electionId: string, code: string, client: string, now = Date.now()): Promise<CodeItem> {
  return (await resolveCodeWith(electionId, code, client, [], now)).code;
}

/**
 * `resolveCode`, reading `also` (e.g. the election and its cast key) in the same strongly
 * consistent BatchGetItem as the code: a cast by code makes one read call before its transaction.
 */
export async function resolveCodeWith(
  electionId: string,
  code: string,
  client: string,
  also: PrimaryKey[],
  now = Date.now(),
): Promise<{ code: CodeItem; also: Array<Record<string, unknown> | undefined> }> {
  const codeAt = isWellFormedCode(code) ? codeKey(electionId, codeHash(code)) : undefined;
  const found = also.length > 0 || codeAt ? await readTogether([...also, ...(codeAt ? [codeAt] : [])]) : [];
  const item = codeAt ? (found[found.length - 1] as CodeItem | undefined) : undefined;
  if (!item || item.revoked) {
    await reserveWrongCode(electionId, client, now);
    throw new AppError("election.code_invalid", "投票码无效，请核对后重新输入");
  }
  return { code: item, also: found.slice(0, also.length) };
}

/**
 * The voter a resolved code may vote for. Meeting mode: a card not yet bound at the check-in desk
 * is dead — a card printed for someone who has not checked in says so; any other says the card
 * was never handed over.
 */
export async function codeVoter(election: Election, code: CodeItem): Promise<string> {
  if (election.config.mode === "meeting" && !code.boundAt) {
    if (code.accountId) {
      const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: voterKey(election.electionId, code.accountId), ConsistentRead: true }));
      if (Item && !Item.checkedInAt) throw new AppError("election.not_checked_in", "请先签到领取选票");
    }
    throw new AppError("election.card_not_bound", "此投票卡未在签到处登记发放，不能投票；请到签到处领取");
  }
  if (!code.accountId) throw new AppError("election.code_invalid", "投票码无效，请核对后重新输入");
  return code.accountId;
}
