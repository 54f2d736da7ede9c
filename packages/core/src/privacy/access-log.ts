import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { readAuditLog } from "../db/audit-log";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { isConditionFailure } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { listChildren } from "../orgs/orgs";
import { nextEntry, verifyChain, type AuditEntry, type ChainVerdict } from "../workflows/audit";
import type { RevealReason } from "./reasons";

/**
 * 个人信息访问记录: every unmasked view and every export of personal data, appended to a
 * hash-chained log kept per org that holds the data (the member's org, the form's org).
 * Entries name people by account id (a pseudonym), never by phone or 身份证号, so erasing a
 * person's data later leaves the chain verifiable.
 */
export interface PersonalAccess {
  action: "reveal" | "export";
  /** Who looked or exported. */
  actorId: string;
  actorName: string;
  /** What was read: one member, one submission, or a form's submissions (an export). */
  subject: { type: "member"; accountId: string } | { type: "submission"; submissionId: string; formId: string; ownerId: string } | { type: "submissions"; formId: string; formTitle: string };
  /** Labels of the fields shown in full (or exported). */
  fields: string[];
  rows: number;
  /** Why (from the short list); exports of masked values need none. */
  reason?: RevealReason;
  /** An export that carried the values masked. */
  masked?: boolean;
}

export interface PersonalAccessEntry extends PersonalAccess {
  orgId: string;
  seq: number;
  at: string;
}

const MAX_ATTEMPTS = 8;

async function head(orgId: string): Promise<Pick<AuditEntry, "seq" | "hash"> | undefined> {
  const key = Keys.personalAccessOf(orgId);
  const { Items } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
      ProjectionExpression: "seq, #hash",
      ExpressionAttributeNames: { "#hash": "hash" },
    }),
  );
  const item = Items?.[0];
  return item ? { seq: item.seq as number, hash: item.hash as string } : undefined;
}

/**
 * Appends one entry to the org's log. Two readers at once both read the same head; the second
 * conditional put fails and re-reads, so every access lands once, in one unbroken chain.
 */
export async function recordPersonalAccess(orgId: string, access: PersonalAccess): Promise<PersonalAccessEntry> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const entry = nextEntry(await head(orgId), { ...access }, nowIso());
    try {
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...Keys.personalAccessEntry(orgId, entry.seq), type: "personal_access", orgId, ...entry },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return { ...access, orgId, seq: entry.seq, at: entry.at };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new AppError("service.unavailable", "访问记录繁忙，请稍后再试", { retryAfter: 1 });
}

export async function readPersonalAccessLog(orgId: string): Promise<AuditEntry[]> {
  return readAuditLog(Keys.personalAccessOf(orgId));
}

export async function verifyPersonalAccessLog(orgId: string): Promise<ChainVerdict> {
  return verifyChain(await readPersonalAccessLog(orgId));
}

/** The org and every org beneath it (one Query per org with children). */
async function subtreeOf(orgId: string): Promise<string[]> {
  const ids = [orgId];
  for (let index = 0; index < ids.length; index += 1) {
    for (const child of await listChildren(ids[index]!)) ids.push(child.orgId);
  }
  return ids;
}

/** The log of an org and its subtree, newest first, each org's chain checked on the way. */
export async function personalAccessOfSubtree(orgId: string): Promise<{ entries: PersonalAccessEntry[]; broken: Array<{ orgId: string; verdict: ChainVerdict }> }> {
  const entries: PersonalAccessEntry[] = [];
  const broken: Array<{ orgId: string; verdict: ChainVerdict }> = [];
  for (const id of await subtreeOf(orgId)) {
    const chain = await readPersonalAccessLog(id);
    const verdict = verifyChain(chain);
    if (!verdict.valid) broken.push({ orgId: id, verdict });
    for (const entry of chain) entries.push({ ...(entry.event as unknown as PersonalAccess), orgId: id, seq: entry.seq, at: entry.at });
  }
  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { entries, broken };
}
