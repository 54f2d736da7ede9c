import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterFailure, throttleDecision, type ThrottlePolicy, type ThrottleState } from "../auth/throttle";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys, type PrimaryKey } from "../db/keys";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { listVoters, voterKey, type Voter } from "./roll";
import { codeHash, isWellFormedCode, newVotingCode, shardOf } from "./secrets";
import { expectStatus, readTogether, transition, type Election, type TransactItem } from "./store";

/**
 * One-time voting codes (投票码), handed out at the meeting on paper or as a QR code. Each is
 * bound to one voter on the roll (so a voter who has a code cannot also vote signed in), is
 * stored only as its hash, is used at most once, and is replaced (the old one revoked) when
 * re-issued. Wrong codes are rate-limited per election and per client address.
 */
export interface IssuedCode {
  accountId: string;
  name: string;
  code: string;
}

export interface CodeItem {
  codeHash: string;
  accountId: string;
  used?: boolean;
  revoked?: boolean;
}

export const codeKey = (electionId: string, hash: string) => Keys.votingCode(electionId, shardOf(hash), hash);

/** Issues (or re-issues) codes for the given voters, or for every voter who has not voted. */
export async function issueCodes(election: Election, actor: { accountId: string }, accountIds: string[] | "all"): Promise<IssuedCode[]> {
  expectStatus(election, ["roll_frozen", "open"], "发放投票码");
  let voters: Voter[];
  let notOnRoll: string[] = [];
  if (accountIds === "all") voters = await listVoters(election.electionId);
  else {
    const unique = [...new Set(accountIds)];
    const found = new Map(((await batchGetAll(unique.map((id) => voterKey(election.electionId, id)))) as unknown as Voter[]).map((voter) => [voter.accountId, voter]));
    voters = unique.flatMap((id) => found.get(id) ?? []);
    notOnRoll = unique.filter((id) => !found.has(id));
  }
  if (notOnRoll.length > 0) throw new AppError("validation.failed", "有人不在选民名册上", { fields: { accountIds: notOnRoll.map((id) => `不在名册上：${id}`) } });
  const pending = voters.filter((voter) => !voter.voted);
  const issued: IssuedCode[] = [];
  for (let i = 0; i < pending.length; i += 25) {
    const batch = await Promise.all(pending.slice(i, i + 25).map((voter) => issueOne(election.electionId, voter)));
    issued.push(...batch.filter((code): code is IssuedCode => code !== undefined));
  }
  if (issued.length > 0) {
    // Who got a code is on the record: an admin issuing a code for someone absent would show here.
    await transition(await freshElection(election), {}, { action: "codes_issued", actorId: actor.accountId, count: issued.length, accountIds: issued.map((code) => code.accountId) });
  }
  return issued;
}

async function freshElection(election: Election): Promise<Election> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.election(election.electionId), ConsistentRead: true }));
  return { ...election, version: Item!.version as number, auditHead: Item!.auditHead as string, status: Item!.status as Election["status"] };
}

async function issueOne(electionId: string, voter: Voter): Promise<IssuedCode | undefined> {
  const code = newVotingCode();
  const hash = codeHash(code);
  const items: TransactItem[] = [
    { Put: { TableName: tableName(), Item: { ...codeKey(electionId, hash), type: "voting_code", codeHash: hash, accountId: voter.accountId, issuedAt: nowIso() }, ConditionExpression: "attribute_not_exists(pk)" } },
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

const PER_CLIENT: ThrottlePolicy = { freeFailures: 5, lockAfter: 30, lockSeconds: 15 * 60, maxDelaySeconds: 60 };
// Election-wide: a backstop against a distributed guesser that slows code attempts down but never
// locks the election, so a flood of wrong codes cannot stop people from voting.
const PER_ELECTION: ThrottlePolicy = { freeFailures: 200, lockAfter: Number.MAX_SAFE_INTEGER, lockSeconds: 0, maxDelaySeconds: 2 };
const THROTTLE_TTL_SECONDS = 24 * 60 * 60;

function throttles(electionId: string, client: string): Array<{ key: PrimaryKey; policy: ThrottlePolicy }> {
  return [
    { key: Keys.votingCodeThrottle(electionId, client), policy: PER_CLIENT },
    { key: Keys.votingCodeThrottle(electionId), policy: PER_ELECTION },
  ];
}

function refuseIfThrottled(limits: Array<{ key: PrimaryKey; policy: ThrottlePolicy }>, found: Array<Record<string, unknown> | undefined>, now: number): void {
  limits.forEach((limit, index) => {
    const decision = throttleDecision(limit.policy, found[index] as ThrottleState | undefined, now);
    if (!decision.allowed) throw new AppError("election.code_throttled", "投票码尝试次数过多，请稍后再试", { retryAfter: decision.retryAfterSeconds });
  });
}

async function recordFailure(electionId: string, client: string, now: number): Promise<void> {
  await Promise.all(
    throttles(electionId, client).map(async ({ key, policy }) => {
      const { Attributes } = await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: "ADD failures :one SET lastFailureAt = :now, expiresAt = :ttl, #type = :type",
          ExpressionAttributeNames: { "#type": "type" },
          ExpressionAttributeValues: { ":one": 1, ":now": now, ":ttl": Math.floor(now / 1000) + THROTTLE_TTL_SECONDS, ":type": "throttle" },
          ReturnValues: "ALL_NEW",
        }),
      );
      const state = afterFailure(policy, { failures: (Attributes?.failures as number) - 1, lastFailureAt: now }, now);
      if (state.lockedUntil !== undefined && Attributes?.lockedUntil === undefined) {
        await db().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: "SET lockedUntil = if_not_exists(lockedUntil, :until)", ExpressionAttributeValues: { ":until": state.lockedUntil } }));
      }
    }),
  );
}

/**
 * The voter a code belongs to. Unknown, malformed and revoked codes (and codes for an election
 * that does not exist) all get the same answer, and count against the client and the election.
 */
export async function resolveCode(electionId: string, code: string, client: string, now = Date.now()): Promise<CodeItem> {
  return (await resolveCodeWith(electionId, code, client, [], now)).code;
}

/**
 * `resolveCode`, reading `also` (e.g. the election and its cast key) in the same strongly
 * consistent BatchGetItem as the code and both throttle counters: a cast by code makes one read
 * call before its transaction. The throttles are judged first, so a locked-out client learns
 * nothing about a code, right or wrong.
 */
export async function resolveCodeWith(
  electionId: string,
  code: string,
  client: string,
  also: PrimaryKey[],
  now = Date.now(),
): Promise<{ code: CodeItem; also: Array<Record<string, unknown> | undefined> }> {
  const limits = throttles(electionId, client);
  const codeAt = isWellFormedCode(code) ? codeKey(electionId, codeHash(code)) : undefined;
  const found = await readTogether([...limits.map((limit) => limit.key), ...also, ...(codeAt ? [codeAt] : [])]);
  refuseIfThrottled(limits, found, now);
  const item = codeAt ? (found[found.length - 1] as CodeItem | undefined) : undefined;
  if (!item || item.revoked) {
    await recordFailure(electionId, client, now);
    throw new AppError("election.code_invalid", "投票码无效，请核对后重新输入");
  }
  return { code: item, also: found.slice(limits.length, limits.length + also.length) };
}
