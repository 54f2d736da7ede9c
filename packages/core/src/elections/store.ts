import { createHash } from "node:crypto";
import { BatchGetCommand, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys, type PrimaryKey } from "../db/keys";
import { queryAll } from "../db/query";
import { readAuditLog } from "../db/audit-log";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { canonicalJson, nextEntry, verifyChain, type AuditEntry, type ChainVerdict } from "../workflows/audit";
import type { ElectionConfig } from "./config";
import type { Results } from "./tally";

/**
 * The election item and its hash-chained audit log. Every state change (roll frozen,
 * scrutineers appointed, codes issued, opened, closed, counted, certified, published, run-off
 * created) is one transaction: the election item at the version it was read, plus the next
 * audit entry linked to the head hash kept on the item.
 */
export type { TransactItem };

export const STATUSES = {
  draft: "筹备中",
  roll_frozen: "名册已冻结",
  open: "投票中",
  closed: "已闭票",
  certified: "监票人已确认",
  published: "已公布",
} as const;
export type ElectionStatus = keyof typeof STATUSES;

export interface Person {
  accountId: string;
  name: string;
}

export interface Nomination {
  formId: string;
  workflowId: string;
  workflowName: string;
  openedAt: string;
  openedBy: string;
}

export interface Certification {
  accountId: string;
  name: string;
  at: string;
  resultsHash: string;
}

export interface CodeIssue {
  /** Codes and cards issued and not revoked (used ones included). */
  live: number;
  at: string;
  byId: string;
  byName?: string;
}

export interface Election {
  electionId: string;
  orgId: string;
  /** The org's ancestors, root first (for the policy). */
  orgPath: string[];
  title: string;
  config: ElectionConfig;
  status: ElectionStatus;
  scrutineers: Person[];
  certifications: Certification[];
  rollSize?: number;
  presentAtOpen?: number;
  resultsHash?: string;
  /** Round 1 is the election; a run-off (另行选举) is round 2, 3 … with its parent's id. */
  round: number;
  parentId?: string;
  runoffId?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  openedAt?: string;
  closedAt?: string;
  publishedAt?: string;
  /** 计票人 appointed for a sitting that takes paper ballots: they enter the paper ballots after the close (双人录入). */
  tellers?: Person[];
  /**
   * Paper ballot entry (双人录入), once voting has closed in a sitting that takes paper: `closed`
   * when the entries are settled and counted (entries are then refused); `open` after a finish
   * that found the entries changed under it. Absent: entry is open until the count.
   */
  paperEntry?: "open" | "closed";
  /** 候选人提名: the nomination form and the chain vetting it, once turned on (draft only). */
  nomination?: Nomination;
  /**
   * Voting codes issued so far (`codes.ts`): how many are live (issued, not revoked by a
   * reprint), and the latest issue's when and who — shown by the console after a reload.
   */
  codeIssue?: CodeIssue;
  /** Bumped, conditionally, by every issue of codes for named voters: two generations in flight cannot both run. */
  codeRound?: number;
  /**
   * 加密投票 fallen back to paper (fewer than t 监票人 can still decrypt): an admin's audited
   * decision with its reason. The encrypted ballots stay sealed; the sitting counts paper only.
   */
  paperFallback?: { reason: string; by: string; at: string };
  version: number;
  auditHead: string;
}

const FIELDS = [
  "electionId", "orgId", "orgPath", "title", "config", "status", "scrutineers", "certifications", "rollSize", "presentAtOpen", "resultsHash",
  "round", "parentId", "runoffId", "createdBy", "createdAt", "updatedAt", "openedAt", "closedAt", "publishedAt", "nomination", "tellers", "paperEntry", "codeIssue", "codeRound", "paperFallback", "version", "auditHead",
] as const;

export function toElection(item: Record<string, unknown>): Election {
  return Object.fromEntries(FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as unknown as Election;
}

export async function getElection(electionId: string, consistent = false): Promise<Election | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.election(electionId), ConsistentRead: consistent }));
  return Item ? toElection(Item) : undefined;
}

export async function requireElection(electionId: string, consistent = false): Promise<Election> {
  const election = await getElection(electionId, consistent);
  if (!election) throw new AppError("election.not_found", "选举不存在");
  return election;
}

export function auditPut(electionId: string, entry: AuditEntry): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.electionAuditEntry(electionId, entry.seq), type: "election_audit", electionId, ...entry },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** The first write of an election: the item and its first audit entry. */
export function creationItems(election: Omit<Election, "version" | "auditHead">, event: Record<string, unknown>): { election: Election; items: TransactItem[] } {
  const entry = nextEntry(undefined, event, election.createdAt);
  const full: Election = { ...election, version: 1, auditHead: entry.hash };
  return {
    election: full,
    items: [
      {
        Put: {
          TableName: tableName(),
          Item: { ...Keys.election(full.electionId), ...Keys.electionOfOrg(full.orgId, full.createdAt, full.electionId), type: "election", ...full },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      auditPut(full.electionId, entry),
    ],
  };
}

/**
 * The writes of one audited change to the election read at `current.version`: the item (only
 * if still at that version) and the next audit entry. For a change made inside another
 * transaction (a nomination approved in the approval's own transaction).
 */
export function transitionItems(
  current: Election,
  changes: Partial<Omit<Election, "electionId" | "version" | "auditHead">>,
  event: Record<string, unknown>,
): { next: Election; items: TransactItem[] } {
  const at = nowIso();
  const entry = nextEntry({ seq: current.version, hash: current.auditHead }, event, at);
  const next: Election = { ...current, ...changes, updatedAt: at, version: current.version + 1, auditHead: entry.hash };
  const set = Object.entries({ ...changes, updatedAt: at, version: next.version, auditHead: next.auditHead }).filter(([, value]) => value !== undefined);
  return {
    next,
    items: [
      {
        Update: {
          TableName: tableName(),
          Key: Keys.election(current.electionId),
          UpdateExpression: `SET ${set.map((_, index) => `#f${index} = :v${index}`).join(", ")}`,
          ConditionExpression: "version = :seen",
          ExpressionAttributeNames: Object.fromEntries(set.map(([field], index) => [`#f${index}`, field])),
          ExpressionAttributeValues: { ...Object.fromEntries(set.map(([, value], index) => [`:v${index}`, value])), ":seen": current.version },
        },
      },
      auditPut(current.electionId, entry),
    ],
  };
}

/**
 * Applies a change to the election read at `current.version`, appending `event` to the audit
 * log, with any `extra` writes in the same transaction. A concurrent change makes this throw
 * `election.invalid_state` with the current status (the caller re-reads and decides).
 */
export async function transition(
  current: Election,
  changes: Partial<Omit<Election, "electionId" | "version" | "auditHead">>,
  event: Record<string, unknown>,
  extra: TransactItem[] = [],
): Promise<Election> {
  const { next, items } = transitionItems(current, changes, event);
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [...items, ...extra] }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons && (reasons[0] === "ConditionalCheckFailed" || reasons[1] === "ConditionalCheckFailed")) {
      const fresh = await getElection(current.electionId, true);
      throw new AppError("election.invalid_state", "选举状态已被他人更改，请刷新后重试", { details: { electionStatus: fresh?.status } });
    }
    throw error;
  }
  return next;
}

/** Throws unless the election is in one of `allowed` statuses, with a message for the one it is in. */
export function expectStatus(election: Election, allowed: ElectionStatus[], action: string): void {
  if (allowed.includes(election.status)) return;
  throw new AppError("election.invalid_state", `选举当前为“${STATUSES[election.status]}”，不能${action}`, { details: { electionStatus: election.status } });
}

export function electionAudit(electionId: string): Promise<AuditEntry[]> {
  return readAuditLog(Keys.electionAuditOf(electionId));
}

export async function verifyElectionAudit(electionId: string): Promise<ChainVerdict> {
  return verifyChain(await electionAudit(electionId));
}

/** Every item of a sharded partition family (roll, codes, ballots), strongly consistent. */
export async function queryShards(
  keyOf: (shard: number) => { pk: string; skPrefix: string },
  shards: number,
  projection?: { expression: string; names?: Record<string, string> },
  table?: string,
) {
  const pages = await Promise.all(
    Array.from({ length: shards }, (_, shard) => {
      const key = keyOf(shard);
      return queryAll({
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix },
        ConsistentRead: true,
        ProjectionExpression: projection?.expression,
        ExpressionAttributeNames: projection?.names,
      }, table);
    }),
  );
  return pages.flat();
}

/** Strongly consistent reads of `keys` in one BatchGetItem call (unprocessed keys retried), in the order given. */
export async function readTogether(keys: PrimaryKey[]): Promise<Array<Record<string, unknown> | undefined>> {
  const found = new Map<string, Record<string, unknown>>();
  let pending: PrimaryKey[] = keys;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));
    const { Responses, UnprocessedKeys } = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of Responses?.[tableName()] ?? []) found.set(`${item.pk}\u0000${item.sk}`, item);
    pending = (UnprocessedKeys?.[tableName()]?.Keys ?? []) as PrimaryKey[];
    if (attempt >= 8 && pending.length > 0) throw new AppError("service.unavailable", "投票人数较多，请稍后重试", { retryAfter: 1 });
  }
  return keys.map((key) => found.get(`${key.pk}\u0000${key.sk}`));
}

/** The org's elections, newest first. */
export async function listElections(orgId: string): Promise<Election[]> {
  const key = Keys.electionsOf(orgId);
  const items = await queryAll({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": key.gsi1pk }, ScanIndexForward: false });
  return items.map(toElection);
}

/** The hash scrutineers certify: SHA-256 of the results' canonical JSON. */
export function resultsHashOf(results: Results): string {
  return createHash("sha256").update(canonicalJson(results)).digest("hex");
}
