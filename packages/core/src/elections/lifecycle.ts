import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import { newId, nowIso } from "../ids";
import { getMember } from "../members/members";
import type { Org } from "../orgs/orgs";
import { allBallots } from "./ballots";
import { meets, minimumFor, normalizeConfig, type NewElection, type Threshold } from "./config";
import { paperMatching, takesPaper } from "./paper-store";
import { listVoters, rollCounts, writeVoters } from "./roll";
import { runoffConfig } from "./runoff";
import { newCastKey, SHARDS } from "./secrets";
import { creationItems, expectStatus, getElection, requireElection, resultsHashOf, transition, type Election, type TransactItem } from "./store";
import { tally, type Results } from "./tally";

/**
 * The election's life: draft → roll frozen → open → closed (counted) → certified → published,
 * each step one audited transition. Run-off rounds (另行选举) start from a published round.
 */
interface ActorRef {
  accountId: string;
}

export async function createElection(org: Org, actor: ActorRef, input: NewElection, electionId = newId()): Promise<Election> {
  const { config, problems } = normalizeConfig(input);
  if (Object.keys(problems).length > 0) throw new AppError("validation.failed", Object.values(problems)[0]![0]!, { fields: problems });
  const at = nowIso();
  const { election, items } = creationItems(
    {
      electionId,
      orgId: org.orgId,
      orgPath: org.path,
      title: input.title,
      config,
      status: "draft",
      scrutineers: [],
      certifications: [],
      round: 1,
      createdBy: actor.accountId,
      createdAt: at,
      updatedAt: at,
    },
    { action: "created", actorId: actor.accountId, title: input.title, config },
  );
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    // A retried create (same Idempotency-Key, same id) returns what the first one made.
    const existing = await getElection(electionId, true);
    if (existing && existing.orgId === org.orgId && existing.createdBy === actor.accountId) return existing;
    throw error;
  }
  return election;
}

/** Appoints the 监票人: at least two people holding the scrutineer role in the org, none of them a candidate. */
export async function appointScrutineers(election: Election, actor: ActorRef, accountIds: string[]): Promise<Election> {
  expectStatus(election, ["draft", "roll_frozen"], "指定监票人");
  // 加密投票: the ceremony fixed its 监票人 when it started; they hold the key, so they cannot be replaced.
  if (election.config.encryption && (await (await import("./ceremony-store")).ceremonyStarted(election.electionId))) {
    throw new AppError("election.invalid_state", "监票人的密钥仪式已经开始，不能更换监票人", { details: { electionStatus: election.status } });
  }
  const unique = [...new Set(accountIds)];
  if (unique.length < 2) throw new AppError("validation.failed", "至少指定两名监票人", { fields: { accountIds: ["至少指定两名监票人"] } });
  const candidates = new Set(election.config.positions.flatMap((position) => position.candidates.map((candidate) => candidate.accountId).filter(Boolean)));
  const people = [];
  const problems: string[] = [];
  for (const accountId of unique) {
    const member = await getMember(election.orgId, accountId);
    if (!member || !member.roles.includes("scrutineer")) problems.push(`${member?.name ?? accountId}不是本组织的监票人`);
    else if (candidates.has(accountId)) problems.push(`${member.name}是候选人，不能担任监票人`);
    else people.push({ accountId, name: member.name });
  }
  if (problems.length > 0) throw new AppError("validation.failed", problems[0]!, { fields: { accountIds: problems } });
  return transition(election, { scrutineers: people }, { action: "scrutineers_appointed", actorId: actor.accountId, scrutineers: people });
}

export interface QuorumView {
  roll: number;
  present: number;
  required: number;
  met: boolean;
}

export function quorumOf(election: Election, counts: { roll: number; present: number }): QuorumView {
  const { quorum } = election.config;
  if (election.config.mode === "online") return { roll: counts.roll, present: counts.roll, required: 0, met: true };
  return { roll: counts.roll, present: counts.present, required: minimumFor(counts.roll, quorum), met: meets(counts.present, counts.roll, quorum) };
}

/** The chair opens voting: needs two scrutineers and, at a meeting, a quorum of the roll present. */
export async function openVoting(election: Election, actor: ActorRef): Promise<Election> {
  expectStatus(election, ["roll_frozen"], "开始投票");
  if (election.scrutineers.length < 2) throw new AppError("election.scrutineers_required", "开始投票前须指定至少两名监票人");
  // 加密投票 opens only once the 监票人's ceremony has published the joint key (module loaded only then).
  const ceremony = election.config.encryption ? await import("./ceremony-store") : undefined;
  if (ceremony) await ceremony.requireJointKey(election.electionId);
  const counts = await rollCounts(election.electionId);
  const quorum = quorumOf(election, counts);
  if (!quorum.met) {
    throw new AppError("election.no_quorum", `到会${quorum.present}人，未达到法定人数${quorum.required}人（名册${quorum.roll}人），不能开始投票`, { details: { quorum } });
  }
  return transition(
    election,
    { status: "open", openedAt: nowIso(), presentAtOpen: quorum.present },
    { action: "opened", actorId: actor.accountId, roll: quorum.roll, present: quorum.present, mode: election.config.mode },
    [
      { Put: { TableName: tableName(), Item: { ...Keys.electionCastKey(election.electionId), type: "election_cast_key", castKey: newCastKey() } } },
      ...gateWrites(election.electionId, "open"),
      ...(ceremony ? [ceremony.jointKeyCheck(election.electionId)] : []),
    ],
  );
}

/**
 * The ballot box's 16 gates: copies of the open/closed status, written in the same transaction
 * as the election item, so a cast can check "the election is open" on one of 16 items instead
 * of all casts contending for the one election item (DynamoDB cancels concurrent transactions
 * that include the same item, even as a ConditionCheck).
 */
function gateWrites(electionId: string, status: "open" | "closed"): TransactItem[] {
  return Array.from({ length: SHARDS }, (_, shard) => ({ Put: { TableName: tableName(), Item: { ...Keys.electionGate(electionId, shard), type: "election_gate", status } } }));
}

export { resultsHashOf };

/**
 * Closes the vote (destroying the cast key in the same transaction; a close interrupted
 * before its count finishes the count when called again), then counts: every shard
 * of the ballot box, strongly consistent, after the close committed — so a cast either landed
 * before the close and is counted, or was refused.
 */
export async function closeVoting(election: Election, actor: ActorRef): Promise<Election> {
  let current = election;
  if (current.status === "open") {
    current = await transition(current, { status: "closed", closedAt: nowIso() }, { action: "closed", actorId: actor.accountId }, [
      { Delete: { TableName: tableName(), Key: Keys.electionCastKey(current.electionId) } },
      ...gateWrites(current.electionId, "closed"),
    ]);
    // 加密投票: the ballots are summed now (once); the count waits for t 监票人's decryptions (decryption-store.ts).
    if (current.config.encryption) await (await import("./decryption-store")).ensureSums(current);
    // Paper ballots are counted once the tellers have entered them (paper-entry.ts: finishPaperEntry).
    if (takesPaper(current.config) || current.config.encryption) return current;
  } else if (current.status !== "closed" || current.resultsHash) expectStatus(current, ["open"], "结束投票");
  return count(current, actor);
}

/**
 * Counts a closed election once (a close interrupted before counting is finished by the next call).
 * A sitting that takes paper is counted only once its paper entry is closed (`finishPaperEntry`):
 * electronic and paper ballots together, by the same tally.
 */
export async function count(election: Election, actor: ActorRef): Promise<Election> {
  if (election.resultsHash) return election;
  // 加密投票: counted from the 监票人's decryptions of the summed ballots (module loaded only then).
  if (election.config.encryption) return (await import("./decryption-store")).countEncrypted(election, actor);
  const paper = takesPaper(election.config);
  if (paper && election.paperEntry !== "closed") throw new AppError("election.paper_entry_open", "纸质选票尚未录入完成，不能计票");
  const [ballots, counts, matching] = await Promise.all([
    allBallots(election.electionId),
    rollCounts(election.electionId),
    paper ? paperMatching(election.electionId, election.config) : undefined,
  ]);
  const present = election.config.mode === "meeting" ? counts.present : counts.roll;
  const paperBallots = matching?.ballots ?? [];
  const results = tally(
    election.config,
    [...ballots.map((ballot) => ballot.choices), ...paperBallots.map((ballot) => ballot.choices)],
    { roll: counts.roll, present, issued: present, receipts: counts.voted, ...(paper ? { paper: { issued: counts.paper, returned: paperBallots.length } } : {}) },
  );
  const resultsHash = resultsHashOf(results);
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...Keys.electionResults(election.electionId), type: "election_results", results, resultsHash } }));
  return transition(election, { resultsHash }, { action: "counted", actorId: actor.accountId, resultsHash, figures: results.figures, integrity: results.integrity });
}

export async function storedResults(electionId: string): Promise<{ results: Results; resultsHash: string } | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.electionResults(electionId), ConsistentRead: true }));
  return Item ? { results: Item.results as Results, resultsHash: Item.resultsHash as string } : undefined;
}

/** A scrutineer certifies the count they checked; when every appointed scrutineer has, the result is certified. */
export async function certify(electionId: string, actor: ActorRef, resultsHash?: string): Promise<Election> {
  for (let attempt = 1; ; attempt += 1) {
    let election = await requireElection(electionId, true);
    const scrutineer = election.scrutineers.find((person) => person.accountId === actor.accountId);
    if (!scrutineer) throw new AppError("election.not_scrutineer", "只有本次选举指定的监票人可以确认结果");
    if (election.certifications.some((c) => c.accountId === actor.accountId)) throw new AppError("election.already_certified", "您已确认过本次选举结果");
    expectStatus(election, ["closed"], "确认结果");
    if (!election.resultsHash) election = await count(election, actor);
    // 选举无效 (收回 > 发出) or a box that disagrees with the receipts: nothing to certify.
    const stored = await storedResults(election.electionId);
    if (stored && !stored.results.integrity.ok) {
      throw new AppError("election.integrity_violation", `选举无效，不能确认结果：${stored.results.integrity.problems.join("；")}`, { details: { problems: stored.results.integrity.problems } });
    }
    if (resultsHash && resultsHash !== election.resultsHash) {
      throw new AppError("validation.failed", "确认的计票结果与当前结果不一致，请刷新后核对", { fields: { resultsHash: ["与当前计票结果不一致"] } });
    }
    const certification = { accountId: actor.accountId, name: scrutineer.name, at: nowIso(), resultsHash: election.resultsHash! };
    const certifications = [...election.certifications, certification];
    const all = election.scrutineers.every((person) => certifications.some((c) => c.accountId === person.accountId));
    try {
      return await transition(election, { certifications, ...(all ? { status: "certified" as const } : {}) }, { action: "certified", actorId: actor.accountId, resultsHash: election.resultsHash, allCertified: all });
    } catch (error) {
      if (!(error instanceof AppError && error.code === "election.invalid_state") || attempt >= 5) throw error;
    }
  }
}

/** Publishes a certified result; a count whose integrity check failed (more ballots than issued) is never published. */
export async function publish(election: Election, actor: ActorRef): Promise<Election> {
  if (election.status === "closed") {
    const missing = election.scrutineers.filter((person) => !election.certifications.some((c) => c.accountId === person.accountId));
    throw new AppError("election.not_certified", `尚有监票人未确认结果：${missing.map((person) => person.name).join("、")}`);
  }
  expectStatus(election, ["certified"], "公布结果");
  const stored = await storedResults(election.electionId);
  if (!stored) throw new AppError("election.not_certified", "尚未计票");
  if (!stored.results.integrity.ok) {
    throw new AppError("election.integrity_violation", stored.results.integrity.problems.join("；"), { details: { problems: stored.results.integrity.problems } });
  }
  return transition(election, { status: "published", publishedAt: nowIso() }, { action: "published", actorId: actor.accountId, resultsHash: election.resultsHash });
}

/**
 * 另行选举: one call creates the next round for the unfilled seats, with the tied (or the
 * remaining) candidates, the same roll (and check-ins — it is the same meeting) and the same
 * scrutineers, ready to open.
 */
export async function createRunoff(election: Election, actor: ActorRef, options: { threshold?: Threshold; electionId?: string } = {}): Promise<Election> {
  expectStatus(election, ["published"], "发起另行选举");
  if (election.runoffId) {
    const existing = await getElection(election.runoffId, true);
    if (existing) return existing;
  }
  const stored = await storedResults(election.electionId);
  const config = stored ? runoffConfig(election.config, stored.results, options.threshold) : undefined;
  if (!config) throw new AppError("election.no_runoff_needed", "所有职位均已选满，无需另行选举");
  const electionId = options.electionId ?? newId();
  const voters = await listVoters(election.electionId);
  await writeVoters(electionId, voters.map(({ accountId, name, checkedInAt, proxyHolderId, proxyCount }) => ({ accountId, name, checkedInAt, proxyHolderId, proxyCount })));
  const at = nowIso();
  const title = `${election.title}（第${election.round + 1}轮·另行选举）`;
  const child = creationItems(
    {
      electionId,
      orgId: election.orgId,
      orgPath: election.orgPath,
      title,
      config,
      status: "roll_frozen",
      scrutineers: election.scrutineers,
      ...(election.tellers ? { tellers: election.tellers } : {}),
      certifications: [],
      rollSize: voters.length,
      round: election.round + 1,
      parentId: election.electionId,
      createdBy: actor.accountId,
      createdAt: at,
      updatedAt: at,
    },
    { action: "created", actorId: actor.accountId, title, config, runoffOf: election.electionId, rollSize: voters.length, rollFrozen: true },
  );
  await transition(election, { runoffId: electionId }, { action: "runoff_created", actorId: actor.accountId, runoffId: electionId, positions: config.positions.map((p) => ({ id: p.id, seats: p.seats })) }, child.items);
  return child.election;
}
