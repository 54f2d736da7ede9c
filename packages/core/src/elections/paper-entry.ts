import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ballotsTableName, db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { getMember } from "../members/members";
import { count } from "./lifecycle";
import { describePaperChoices, formatPaperLine, parsePaperLine } from "./paper-line";
import { paperMatching, takesPaper } from "./paper-store";
import { incompleteReasons, SIDES, type Matching, type PaperEntry, type Side } from "./reconcile";
import { expectStatus, requireElection, STATUSES, transition, transitionItems, type Election, type Person } from "./store";

/**
 * 双人录入: after the close, the 计票人 enter each paper ballot by batch and sequence number; each
 * batch is entered twice, independently, by two tellers (side A 一录, side B 二录); ballots whose
 * entries differ go to the 监票人, who resolve them against the paper (audited); when every
 * ballot is settled, the paper entry is closed and the paper and electronic ballots are counted
 * together.
 *
 * Secrecy: entries and resolutions live in the ballot box table (no stream) and name no voter.
 * The audit log (main table, streamed) records who appointed the tellers, which ballot (batch,
 * seq) a scrutineer resolved and the close of the entry with its counts — never a ballot's content.
 */
interface ActorRef {
  accountId: string;
}

const MAX_BATCH = 9999;
const MAX_SEQ = 99999;

/** Appoints the 计票人: at least two members of the org, none a candidate or an appointed scrutineer. */
export async function appointTellers(election: Election, actor: ActorRef, accountIds: string[]): Promise<Election> {
  if (!takesPaper(election.config)) throw new AppError("election.invalid_state", "本次选举不使用纸质选票，无需计票人");
  expectStatus(election, ["draft", "roll_frozen", "open", "closed"], "指定计票人");
  if (election.paperEntry === "closed") throw new AppError("election.paper_entry_closed", "纸质选票已录入完成并计票，不能再更换计票人");
  const unique = [...new Set(accountIds)];
  if (unique.length < 2) throw new AppError("validation.failed", "至少指定两名计票人（每批选票由两人分别录入）", { fields: { accountIds: ["至少指定两名计票人"] } });
  const candidates = new Set(election.config.positions.flatMap((position) => position.candidates.map((candidate) => candidate.accountId).filter(Boolean)));
  const scrutineers = new Set(election.scrutineers.map((person) => person.accountId));
  const people: Person[] = [];
  const problems: string[] = [];
  for (const accountId of unique) {
    const member = await getMember(election.orgId, accountId);
    if (!member) problems.push(`${accountId}不是本组织成员`);
    else if (candidates.has(accountId)) problems.push(`${member.name}是候选人，不能担任计票人`);
    else if (scrutineers.has(accountId)) problems.push(`${member.name}是监票人，不能同时担任计票人`);
    else people.push({ accountId, name: member.name });
  }
  if (problems.length > 0) throw new AppError("validation.failed", problems[0]!, { fields: { accountIds: problems } });
  return transition(election, { tellers: people }, { action: "tellers_appointed", actorId: actor.accountId, tellers: people });
}

export const isTeller = (election: Election, accountId: string) => (election.tellers ?? []).some((person) => person.accountId === accountId);
export const isScrutineer = (election: Election, accountId: string) => election.scrutineers.some((person) => person.accountId === accountId);

function expectEntryOpen(election: Election): void {
  if (!takesPaper(election.config)) throw new AppError("election.invalid_state", "本次选举不使用纸质选票");
  if (election.status === "open" || election.status === "draft" || election.status === "roll_frozen") {
    throw new AppError("election.invalid_state", `选举当前为“${STATUSES[election.status]}”，闭票后才能录入纸质选票`, { details: { electionStatus: election.status } });
  }
  if (election.status !== "closed" || election.paperEntry === "closed") throw new AppError("election.paper_entry_closed", "纸质选票已录入完成并计票，不能再录入或更改");
}

function place(batch: number, seq: number): string {
  return `第${batch}批第${seq}号`;
}

function checkPlace(batch: number, seq: number): void {
  const fields: Record<string, string[]> = {};
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_BATCH) fields.batch = [`批次应为1到${MAX_BATCH}的整数`];
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) fields.seq = [`序号应为1到${MAX_SEQ}的整数`];
  if (Object.keys(fields).length > 0) throw new AppError("validation.failed", Object.values(fields)[0]![0]!, { fields });
}

function parseOrRefuse(election: Election, line: string) {
  const parsed = parsePaperLine(election.config, line);
  if (parsed.problems.length > 0) throw new AppError("validation.failed", parsed.problems[0]!, { fields: { line: parsed.problems } });
  return parsed;
}

export interface EnteredBallot {
  batch: number;
  seq: number;
  side: Side;
  line: string;
  canonical: string;
  reading: string[];
  notes: string[];
}

/**
 * A teller enters one paper ballot as side `side` of its batch. One transaction: the election
 * still takes entries (a ConditionCheck on the election item), the teller holds that side of the
 * batch (the first teller to enter in a side holds it; a teller holds one side of a batch), and
 * the entry (a teller may correct their own entry; another teller's is never overwritten). Two
 * tellers entering the same (batch, seq, side) at once: one is stored, the other is refused.
 */
export async function enterPaperBallot(election: Election, actor: ActorRef, input: { batch: number; seq: number; side: Side; line: string }): Promise<EnteredBallot> {
  const teller = (election.tellers ?? []).find((person) => person.accountId === actor.accountId);
  if (!teller) throw new AppError("election.not_teller", "只有本次选举指定的计票人可以录入纸质选票");
  expectEntryOpen(election);
  const { batch, seq, side } = input;
  checkPlace(batch, seq);
  const parsed = parseOrRefuse(election, input.line);
  const at = nowIso();
  const items = [
    {
      ConditionCheck: {
        TableName: tableName(),
        Key: Keys.election(election.electionId),
        ConditionExpression: "#status = :closed AND (attribute_not_exists(paperEntry) OR paperEntry = :open)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":closed": "closed", ":open": "open" },
      },
    },
    {
      Put: {
        TableName: ballotsTableName(),
        Item: { ...Keys.paperClaim(election.electionId, batch, side), type: "paper_claim", batch, side, tellerId: teller.accountId, tellerName: teller.name },
        ConditionExpression: "attribute_not_exists(pk) OR tellerId = :me",
        ExpressionAttributeValues: { ":me": teller.accountId },
      },
    },
    {
      Put: {
        TableName: ballotsTableName(),
        Item: { ...Keys.paperTellerSide(election.electionId, batch, teller.accountId), type: "paper_teller_side", batch, side, tellerId: teller.accountId },
        ConditionExpression: "attribute_not_exists(pk) OR side = :side",
        ExpressionAttributeValues: { ":side": side },
      },
    },
    {
      Put: {
        TableName: ballotsTableName(),
        Item: {
          ...Keys.paperEntry(election.electionId, batch, seq, side),
          type: "paper_entry",
          batch,
          seq,
          side,
          tellerId: teller.accountId,
          tellerName: teller.name,
          line: input.line.trim(),
          choices: parsed.choices,
          at,
        },
        ConditionExpression: "attribute_not_exists(pk) OR tellerId = :me",
        ExpressionAttributeValues: { ":me": teller.accountId },
      },
    },
  ];
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      break;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.includes("ConditionalCheckFailed")) {
        if (reasons[0] === "ConditionalCheckFailed") expectEntryOpen(await requireElection(election.electionId, true));
        if (reasons[2] === "ConditionalCheckFailed") {
          throw new AppError("election.paper_side_taken", `您已在第${batch}批做${SIDES[side === "A" ? "B" : "A"]}，同一批的${SIDES[side]}须由另一位计票人独立录入`);
        }
        throw new AppError("election.paper_side_taken", `第${batch}批的${SIDES[side]}已由另一位计票人录入，${place(batch, seq)}未被记录；请核对批次和一录/二录`);
      }
      const conflict = (error as { name?: string })?.name === "TransactionConflictException" || reasons !== undefined;
      if (!conflict || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6))));
    }
  }
  return { batch, seq, side, line: input.line.trim(), canonical: formatPaperLine(election.config, parsed.choices), reading: describePaperChoices(election.config, parsed.choices), notes: parsed.notes };
}

export interface PaperProgress {
  takesPaper: boolean;
  entryOpen: boolean;
  tellers: Person[];
  batches: Matching["batches"];
  /** Paper ballots entered (distinct batch and sequence) and settled so far. */
  returned: number;
  settled: number;
  complete: boolean;
  reasons: string[];
  /** The caller's own entries (a teller sees only their own lines: the other side is entered blind). */
  mine: Array<Pick<PaperEntry, "batch" | "seq" | "side" | "line" | "at"> & { reading: string[] }>;
  /** For the scrutineers and the admins: the ballots whose two entries differ, to resolve against the paper. */
  discrepancies?: Array<Matching["discrepancies"][number] & { readingA: string[]; readingB: string[] }>;
  resolved?: Array<{ batch: number; seq: number; line: string; byName: string; at: string }>;
}

/** Progress of the paper entry, as the caller may see it (a teller, a scrutineer or an admin; others are refused). */
export async function paperProgress(election: Election, actor: ActorRef, manages: boolean): Promise<PaperProgress> {
  const teller = isTeller(election, actor.accountId);
  const oversees = manages || isScrutineer(election, actor.accountId);
  if (!teller && !oversees) throw new AppError("election.not_teller", "只有本次选举的计票人、监票人和管理员可以查看纸质选票录入");
  const paper = takesPaper(election.config);
  const matching = paper ? await paperMatching(election.electionId, election.config) : undefined;
  const entries = matching?.entries ?? [];
  const read = (line: string) => {
    const parsed = parsePaperLine(election.config, line);
    return describePaperChoices(election.config, parsed.choices);
  };
  const resolutions = (matching?.resolutions ?? []).sort((a, b) => a.batch - b.batch || a.seq - b.seq).map(({ batch, seq, line, byName, at }) => ({ batch, seq, line, byName, at }));
  return {
    takesPaper: paper,
    entryOpen: paper && election.status === "closed" && election.paperEntry !== "closed",
    tellers: election.tellers ?? [],
    batches: matching?.batches ?? [],
    returned: matching?.returned ?? 0,
    settled: matching?.ballots.length ?? 0,
    complete: matching?.complete ?? false,
    reasons: matching ? incompleteReasons(matching) : [],
    mine: entries
      .filter((entry) => entry.tellerId === actor.accountId)
      .sort((a, b) => a.batch - b.batch || a.seq - b.seq)
      .map(({ batch, seq, side, line, at }) => ({ batch, seq, side, line, at, reading: read(line) })),
    ...(oversees
      ? {
          discrepancies: (matching?.discrepancies ?? []).map((d) => ({ ...d, readingA: read(d.a.line), readingB: read(d.b.line) })),
          resolved: resolutions,
        }
      : {}),
  };
}

/**
 * An appointed scrutineer resolves a ballot whose two entries differ, entering what the paper
 * says. One transaction: the audited change of the election item (at the version read: the
 * entry still open) and the resolution, once per ballot; two scrutineers resolving the same
 * ballot at once: one is stored, the other told it is resolved.
 */
export async function resolveDiscrepancy(electionId: string, actor: ActorRef, input: { batch: number; seq: number; line: string }): Promise<{ batch: number; seq: number; canonical: string; reading: string[]; election: Election }> {
  checkPlace(input.batch, input.seq);
  for (let attempt = 1; ; attempt += 1) {
    const election = await requireElection(electionId, true);
    const scrutineer = election.scrutineers.find((person) => person.accountId === actor.accountId);
    if (!scrutineer) throw new AppError("election.not_scrutineer", "只有本次选举指定的监票人可以裁定录入不一致的选票");
    expectEntryOpen(election);
    const parsed = parseOrRefuse(election, input.line);
    const matching = await paperMatching(electionId, election.config);
    const differing = matching.discrepancies.some((d) => d.batch === input.batch && d.seq === input.seq);
    if (!differing) {
      if (matching.ballots.some((b) => b.batch === input.batch && b.seq === input.seq && b.resolved)) throw new AppError("election.paper_already_resolved", `${place(input.batch, input.seq)}已由监票人裁定`);
      throw new AppError("election.no_discrepancy", `${place(input.batch, input.seq)}没有两次录入不一致，无需裁定`);
    }
    const at = nowIso();
    const { next, items } = transitionItems(election, {}, { action: "paper_resolved", actorId: actor.accountId, batch: input.batch, seq: input.seq });
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            ...items,
            {
              Put: {
                TableName: ballotsTableName(),
                Item: { ...Keys.paperResolution(electionId, input.batch, input.seq), type: "paper_resolution", batch: input.batch, seq: input.seq, line: input.line.trim(), choices: parsed.choices, byId: actor.accountId, byName: scrutineer.name, at },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
      return { batch: input.batch, seq: input.seq, canonical: formatPaperLine(election.config, parsed.choices), reading: describePaperChoices(election.config, parsed.choices), election: next };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[2] === "ConditionalCheckFailed") throw new AppError("election.paper_already_resolved", `${place(input.batch, input.seq)}已由其他监票人裁定`);
      const retry = reasons !== undefined || (error as { name?: string })?.name === "TransactionConflictException";
      if (!retry || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));
    }
  }
}

/**
 * Closes the paper entry and counts: refused (nothing written) while any ballot is entered once
 * only or differs unresolved. Closing is an audited change that makes every later entry fail its
 * ConditionCheck; the entries are then read again, and should one have changed in between (an
 * entry committed after the first read), the entry is reopened and the finish refused.
 */
export async function finishPaperEntry(election: Election, actor: ActorRef): Promise<Election> {
  expectEntryOpen(election);
  const before = await paperMatching(election.electionId, election.config);
  const reasons = incompleteReasons(before);
  if (reasons.length > 0) throw new AppError("election.paper_entry_incomplete", `纸质选票尚未录入完成：${reasons.join("；")}`, { details: { reasons } });
  const summary = (m: Matching) => ({ paperReturned: m.returned, resolved: m.ballots.filter((b) => b.resolved).length, batches: m.batches.length });
  const closed = await transition(election, { paperEntry: "closed" }, { action: "paper_entry_closed", actorId: actor.accountId, ...summary(before) });
  const after = await paperMatching(election.electionId, election.config);
  const same = (m: Matching) => JSON.stringify(m.ballots.map((b) => [b.batch, b.seq, formatPaperLine(election.config, b.choices)]));
  if (same(after) !== same(before) || incompleteReasons(after).length > 0) {
    await transition(closed, { paperEntry: "open" }, { action: "paper_entry_reopened", actorId: actor.accountId, reason: "entries changed while closing" });
    throw new AppError("election.paper_entry_incomplete", "录入结束时仍有计票人在录入，请核对后再结束录入");
  }
  // 加密投票: the paper is settled; the count completes when t 监票人 have decrypted (or after a paper fallback).
  if (closed.config.encryption) {
    return count(closed, actor).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "election.decryption_pending") return closed;
      throw error;
    });
  }
  return count(closed, actor);
}
