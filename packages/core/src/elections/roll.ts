import { BatchWriteCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { isConditionFailure } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { listMembers, type Member } from "../members/members";
import { candidateGaps } from "./config";
import { SHARDS, shardOf } from "./secrets";
import { expectStatus, queryShards, transition, type Election } from "./store";

/**
 * The voter roll (选民名册): a snapshot of the org's members taken when the roll is frozen,
 * one item per voter, sharded by voter so check-in and voting spread over 16 partitions.
 * The voter's item is also their receipt: `voted` is set, conditionally, in the cast transaction.
 */
export interface Voter {
  accountId: string;
  name: string;
  checkedInAt?: string;
  voted?: boolean;
  /** Hash of the voter's current one-time code, if one was issued. */
  codeHash?: string;
  /** MAC of the Idempotency-Key of the cast (see secrets.ts); never the ballot or its tracking code. */
  replayTag?: string;
  /** 领票: when the voter took a paper ballot at check-in; they can then vote neither by code nor signed in. */
  paperAt?: string;
  /** When the desk handed the voter a voting card; they can then not take a paper ballot. */
  cardAt?: string;
  /** 委托投票: the present member this (absent) voter gave a written proxy to; set with the check-in it counts as. */
  proxyHolderId?: string;
  /** 委托投票: written proxies this (present) voter holds. */
  proxyCount?: number;
}

export const voterKey = (electionId: string, accountId: string) => Keys.electionVoter(electionId, shardOf(accountId), accountId);

export async function getVoter(electionId: string, accountId: string): Promise<Voter | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: voterKey(electionId, accountId), ConsistentRead: true }));
  return Item as Voter | undefined;
}

export async function listVoters(electionId: string): Promise<Voter[]> {
  const items = await queryShards((shard) => Keys.electionRollShard(electionId, shard), SHARDS);
  return (items as unknown as Voter[]).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.accountId < b.accountId ? -1 : 1));
}

export interface RollCounts {
  roll: number;
  present: number;
  voted: number;
  /** Paper ballots handed out at check-in (领票). */
  paper: number;
  /** Voters present by a written proxy (委托投票), part of `present`. */
  proxies: number;
}

export async function rollCounts(electionId: string): Promise<RollCounts> {
  const items = await queryShards((shard) => Keys.electionRollShard(electionId, shard), SHARDS, {
    expression: "checkedInAt, voted, paperAt, proxyHolderId",
  });
  return {
    roll: items.length,
    present: items.filter((item) => item.checkedInAt).length,
    voted: items.filter((item) => item.voted).length,
    paper: items.filter((item) => item.paperAt).length,
    proxies: items.filter((item) => item.proxyHolderId).length,
  };
}

/** Members eligible to vote: those holding the 会员 role in the org. */
export function eligible(members: Member[]): Member[] {
  return members.filter((member) => member.roles.includes("member"));
}

async function allMembers(orgId: string): Promise<Member[]> {
  const members: Member[] = [];
  let cursor: string | undefined;
  do {
    const page = await listMembers(orgId, { cursor, limit: 500 });
    members.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return members;
}

export async function writeVoters(electionId: string, voters: Array<Pick<Voter, "accountId" | "name" | "checkedInAt" | "proxyHolderId" | "proxyCount">>): Promise<void> {
  const puts = voters.map((voter) => ({
    PutRequest: {
      Item: {
        ...voterKey(electionId, voter.accountId),
        type: "voter",
        electionId,
        accountId: voter.accountId,
        name: voter.name,
        ...(voter.checkedInAt ? { checkedInAt: voter.checkedInAt } : {}),
        // A run-off is the same meeting: written proxies carry over with the check-ins.
        ...(voter.proxyHolderId ? { proxyHolderId: voter.proxyHolderId } : {}),
        ...(voter.proxyCount ? { proxyCount: voter.proxyCount } : {}),
      },
    },
  }));
  for (let i = 0; i < puts.length; i += 25) {
    let pending: typeof puts | undefined = puts.slice(i, i + 25);
    while (pending && pending.length > 0) {
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = result.UnprocessedItems?.[tableName()] as typeof puts | undefined;
    }
  }
}

/**
 * Freezes the roll: snapshots the org's members with the 会员 role, then records the size in the
 * audit log. From here on the candidates are fixed (nominations are refused past `draft`), so
 * every position must be ready for the vote first: 422 naming each position that is not.
 */
export async function freezeRoll(election: Election, actor: { accountId: string }): Promise<Election> {
  expectStatus(election, ["draft"], "冻结名册");
  const gaps = candidateGaps(election.config);
  if (gaps.length > 0) {
    throw new AppError("election.candidates_incomplete", `候选人名单尚未齐备，不能冻结名册：${gaps.map((gap) => gap.message).join("；")}`, {
      fields: Object.fromEntries(gaps.map((gap) => [gap.field, [gap.message]])),
      details: { gaps },
    });
  }
  const voters = eligible(await allMembers(election.orgId));
  if (voters.length === 0) throw new AppError("election.invalid_state", "本组织没有会员，无法生成选民名册");
  await writeVoters(election.electionId, voters);
  return transition(election, { status: "roll_frozen", rollSize: voters.length }, { action: "roll_frozen", actorId: actor.accountId, rollSize: voters.length });
}

export interface CheckInResult {
  checkedIn: number;
  already: number;
  notOnRoll: string[];
}

/** Marks voters present (meeting mode), from the roll being frozen until the vote closes. */
export async function checkIn(election: Election, accountIds: string[]): Promise<CheckInResult> {
  if (election.config.mode !== "meeting") throw new AppError("election.invalid_state", "网上投票不需要签到");
  expectStatus(election, ["roll_frozen", "open"], "签到");
  const result: CheckInResult = { checkedIn: 0, already: 0, notOnRoll: [] };
  const at = nowIso();
  const unique = [...new Set(accountIds)];
  for (let i = 0; i < unique.length; i += 25) {
    await Promise.all(
      unique.slice(i, i + 25).map(async (accountId) => {
        try {
          await db().send(
            new UpdateCommand({
              TableName: tableName(),
              Key: voterKey(election.electionId, accountId),
              UpdateExpression: "SET checkedInAt = :at",
              ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(checkedInAt)",
              ExpressionAttributeValues: { ":at": at },
            }),
          );
          result.checkedIn += 1;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          const voter = await getVoter(election.electionId, accountId);
          if (voter) result.already += 1;
          else result.notOnRoll.push(accountId);
        }
      }),
    );
  }
  return result;
}

/**
 * 领票: hands paper ballots to voters at check-in (meeting mode, paper or mixed sitting), checking
 * them in. One conditional write per voter on their roll entry, the same item the cast and the card
 * hand-over write: a voter who voted electronically or holds a card gets no paper ballot, and a voter
 * who took one can vote neither by code nor signed in — atomically, whichever comes first.
 */
export async function issuePaper(election: Election, accountIds: string[]): Promise<{ issued: number; refused: Array<{ accountId: string; reason: string }> }> {
  if (election.config.mode !== "meeting" || (election.config.ballots ?? "electronic") === "electronic") throw new AppError("election.invalid_state", "本次选举不使用纸质选票");
  expectStatus(election, ["roll_frozen", "open"], "发放纸质选票");
  const at = nowIso();
  const refused: Array<{ accountId: string; reason: string }> = [];
  let issued = 0;
  for (const accountId of [...new Set(accountIds)]) {
    try {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: voterKey(election.electionId, accountId),
          UpdateExpression: "SET paperAt = :at, checkedInAt = if_not_exists(checkedInAt, :at)",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(voted) AND attribute_not_exists(paperAt) AND attribute_not_exists(cardAt)",
          ExpressionAttributeValues: { ":at": at },
        }),
      );
      issued += 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const voter = await getVoter(election.electionId, accountId);
      refused.push({ accountId, reason: !voter ? "不在选民名册上" : voter.voted ? "已经投过票" : voter.paperAt ? "已领取纸质选票" : "已领取投票卡" });
    }
  }
  return { issued, refused };
}
