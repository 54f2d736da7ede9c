import { BatchWriteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { codeKey, freshElection, issueRecord, type CodeItem } from "./codes";
import { voterKey, type Voter } from "./roll";
import { codeHash, isWellFormedCode, newVotingCode } from "./secrets";
import { expectStatus, readTogether, transition, transitionItems, type Election, type TransactItem } from "./store";

/**
 * Voting cards at a meeting (投票卡). Cards are printed blank (or with a voter's name, `issueCodes`)
 * and are **dead until the check-in desk binds one to the voter it hands it to**: whoever holds the
 * printout cannot vote for a member who stays away, since that member's card is never bound. The
 * binding, the check-in and the audit entry naming the desk's operator are one transaction.
 */
/**
 * Meeting mode: `count` blank voting cards (空白投票卡) to print — codes that belong to nobody and
 * cannot vote until the check-in desk binds one to the voter it hands it to. Shown once.
 */
export async function printCards(election: Election, actor: { accountId: string }, count: number): Promise<string[]> {
  if (election.config.mode !== "meeting") throw new AppError("validation.failed", "网上投票的投票码直接发给每位选民，不打印空白投票卡", { fields: { cards: ["网上投票不使用空白投票卡"] } });
  expectStatus(election, ["roll_frozen", "open"], "打印投票卡");
  const codes = Array.from({ length: count }, () => newVotingCode());
  const at = nowIso();
  const puts = codes.map((code) => ({ PutRequest: { Item: { ...codeKey(election.electionId, codeHash(code)), type: "voting_code", codeHash: codeHash(code), issuedAt: at, issuedBy: actor.accountId } } }));
  for (let i = 0; i < puts.length; i += 25) {
    let pending: typeof puts | undefined = puts.slice(i, i + 25);
    while (pending && pending.length > 0) {
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = result.UnprocessedItems?.[tableName()] as typeof puts | undefined;
    }
  }
  const current = await freshElection(election);
  await transition(current, { codeIssue: await issueRecord(current, actor, count) }, { action: "cards_printed", actorId: actor.accountId, count });
  return codes;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface CardHandover {
  accountId: string;
  code: string;
}

/**
 * Meeting mode, at the check-in desk: each card handed over (scanned or typed) becomes its voter's
 * and valid, and the voter is checked in. Up to 25 cards go in one transaction with the audit entry
 * naming who bound whose card; a card already bound to someone else, used, revoked, or printed for
 * someone else is refused, and so is a second card for a voter who has one (scanning the same card
 * for the same voter again changes nothing). On a refusal the cards before it stay bound.
 */
export async function bindCards(election: Election, actor: { accountId: string }, cards: CardHandover[]): Promise<{ checkedIn: number; already: number }> {
  if (election.config.mode !== "meeting") throw new AppError("election.invalid_state", "网上投票不需要在签到处领取投票卡");
  expectStatus(election, ["roll_frozen", "open"], "签到发卡");
  cards.forEach((card, index) => {
    if (!isWellFormedCode(card.code)) throw new AppError("validation.failed", "投票卡号码有误", { fields: { [`cards.${index}.code`]: ["投票卡号码有误，请重新扫描"] } });
  });
  // Who was present before, only to report how many this checked in (the binding itself sets check-in).
  const before = (await batchGetAll([...new Set(cards.map((card) => card.accountId))].map((id) => voterKey(election.electionId, id)))) as unknown as Voter[];
  const already = before.filter((voter) => voter.checkedInAt).length;
  for (let start = 0; start < cards.length; start += 25) {
    const chunk = cards.slice(start, start + 25);
    if (!(await bindTogether(election, actor, chunk))) {
      // Someone in the chunk was refused: one by one, so the refusal names its card.
      for (const [offset, card] of chunk.entries()) {
        if (!(await bindTogether(election, actor, [card]))) await explainBindRefusal(election.electionId, card, start + offset);
      }
    }
  }
  return { checkedIn: before.length - already, already };
}

/** One transaction binding `cards` with its audit entry; false when a card or voter condition failed. */
async function bindTogether(election: Election, actor: { accountId: string }, cards: CardHandover[]): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await freshElection(election);
    expectStatus(current, ["roll_frozen", "open"], "签到发卡");
    const at = nowIso();
    const { items } = transitionItems(current, {}, { action: "cards_bound", actorId: actor.accountId, accountIds: cards.map((card) => card.accountId) });
    const writes: TransactItem[] = cards.flatMap((card) => {
      const hash = codeHash(card.code);
      return [
        {
          Update: {
            TableName: tableName(),
            Key: codeKey(election.electionId, hash),
            UpdateExpression: "SET accountId = :voter, boundAt = :at, boundBy = :actor",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revoked) AND attribute_not_exists(used) AND attribute_not_exists(boundAt) AND (attribute_not_exists(accountId) OR accountId = :voter)",
            ExpressionAttributeValues: { ":voter": card.accountId, ":at": at, ":actor": actor.accountId },
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: voterKey(election.electionId, card.accountId),
            UpdateExpression: "SET checkedInAt = if_not_exists(checkedInAt, :at), codeHash = :hash, cardAt = if_not_exists(cardAt, :at)",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(voted) AND attribute_not_exists(paperAt) AND (attribute_not_exists(codeHash) OR codeHash = :hash)",
            ExpressionAttributeValues: { ":at": at, ":hash": hash },
          },
        },
      ];
    });
    try {
      await db().send(new TransactWriteCommand({ TransactItems: [...items, ...writes] }));
      return true;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons.slice(items.length).includes("ConditionalCheckFailed")) return false;
      // The election moved (another desk bound a card) or the transaction met another: again, from a fresh read.
      if (attempt >= 12) throw new AppError("service.unavailable", "签到人数较多，请稍后重试", { retryAfter: 1, cause: error });
      await sleep(Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5)));
    }
  }
}

/** Why the desk could not hand `card` over, from fresh reads; a repeat scan of a card already its voter's is no refusal. */
async function explainBindRefusal(electionId: string, card: CardHandover, index: number): Promise<void> {
  const hash = codeHash(card.code);
  const [stored, voter] = (await readTogether([codeKey(electionId, hash), voterKey(electionId, card.accountId)])) as [CodeItem | undefined, Voter | undefined];
  if (!voter) throw new AppError("validation.failed", "此人不在选民名册上", { fields: { [`cards.${index}.accountId`]: ["不在选民名册上"] } });
  if (!stored || stored.revoked) throw new AppError("validation.failed", "投票卡无效或已作废", { fields: { [`cards.${index}.code`]: ["投票卡无效或已作废，请换一张"] } });
  if (stored.boundAt && stored.accountId === card.accountId && voter.codeHash === hash) return;
  if (voter.voted) throw new AppError("election.already_voted", `${voter.name}已经投过票`);
  if (voter.paperAt) throw new AppError("election.took_paper", `${voter.name}已领取纸质选票，不能再领投票卡`);
  if (stored.used || stored.boundAt || (stored.accountId && stored.accountId !== card.accountId)) throw new AppError("election.card_taken", "此投票卡已发给其他选民，请换一张");
  throw new AppError("election.card_taken", `${voter.name}已领取过投票卡；如卡遗失，请补发（原卡作废）后再发卡`);
}
