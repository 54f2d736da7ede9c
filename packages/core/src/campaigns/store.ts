import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { can, type Actor, type OrgPlace } from "../access/policy";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { readAuditLog } from "../db/audit-log";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { nextEntry, verifyChain, type AuditEntry, type ChainVerdict } from "../workflows/audit";
import { CAMPAIGN_STATUSES, type Campaign, type CampaignRole, type CampaignStatus } from "./model";

/**
 * The campaign item and its hash-chained audit log. Every state change is one transaction:
 * the campaign item at the version it was read (its conditions, e.g. `openObjections = 0`,
 * checked with it), the next audit entry linked to the head hash kept on the item, and the
 * change's other writes. A change that lost a race to another is re-read and re-decided.
 */
export type { TransactItem };

export interface StoredCampaign extends Omit<Campaign, "myRole" | "counts"> {
  /** The campaign org's ancestors, root first (for the policy). */
  orgPath: string[];
  version: number;
  auditHead: string;
}

const FIELDS = [
  "campaignId", "orgId", "orgName", "orgPath", "title", "year", "description", "submissionsOpenAt", "submissionsCloseAt", "rubric", "winners", "tiers",
  "orgAward", "blind", "judgesPerEntry", "noticeDays", "noticeDayKind", "noticePeriod", "publicVote", "formId", "workflowId", "status", "judgeIds", "openObjections", "createdBy", "createdAt",
  "updatedAt", "judgingStartedAt", "confirmedAt", "noticeEndsAt", "publishedAt", "awards", "orgAwards", "version", "auditHead",
] as const;

export function toCampaign(item: Record<string, unknown>): StoredCampaign {
  return Object.fromEntries(FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as unknown as StoredCampaign;
}

export async function getCampaign(campaignId: string, consistent = false): Promise<StoredCampaign | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.campaign(campaignId), ConsistentRead: consistent }));
  return Item ? toCampaign(Item) : undefined;
}

export async function requireCampaign(campaignId: string, consistent = false): Promise<StoredCampaign> {
  const campaign = await getCampaign(campaignId, consistent);
  if (!campaign) throw new AppError("campaign.not_found", "评选活动不存在");
  return campaign;
}

export const placeOf = (campaign: Pick<StoredCampaign, "orgId" | "orgPath">): OrgPlace => ({ orgId: campaign.orgId, path: campaign.orgPath });

/** The office: admins and reviewers at the campaign org or above (reviewers read, admins act). */
export const isOffice = (actor: Actor, campaign: StoredCampaign) => can(actor, "campaigns.review", placeOf(campaign));
export const isManager = (actor: Actor, campaign: StoredCampaign) => can(actor, "campaigns.manage", placeOf(campaign));
/** On the panel and still holding the judge role at the campaign org. */
export const isJudge = (actor: Actor, campaign: StoredCampaign) =>
  campaign.judgeIds.includes(actor.accountId) && (actor.roles.get(campaign.orgId) ?? []).includes("judge");

export function rolesIn(actor: Actor, campaign: StoredCampaign): CampaignRole[] {
  const roles: CampaignRole[] = [];
  if (isOffice(actor, campaign)) roles.push("office");
  if (isJudge(actor, campaign)) roles.push("judge");
  if (can(actor, "forms.fill", placeOf(campaign)) && [...actor.roles.keys()].some((orgId) => actor.paths?.get(orgId)?.includes(campaign.orgId))) roles.push("entrant");
  return roles;
}

export function auditPut(campaignId: string, entry: AuditEntry): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.campaignAuditEntry(campaignId, entry.seq), type: "campaign_audit", campaignId, ...entry },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** The first write of a campaign: the item and its first audit entry. */
export function creationItems(campaign: Omit<StoredCampaign, "version" | "auditHead">, event: Record<string, unknown>): { campaign: StoredCampaign; items: TransactItem[] } {
  const entry = nextEntry(undefined, event, campaign.createdAt);
  const full: StoredCampaign = { ...campaign, version: 1, auditHead: entry.hash };
  return {
    campaign: full,
    items: [
      {
        Put: {
          TableName: tableName(),
          Item: { ...Keys.campaign(full.campaignId), ...Keys.campaignOfOrg(full.orgId, full.createdAt, full.campaignId), type: "campaign", ...full },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      auditPut(full.campaignId, entry),
    ],
  };
}

/** Throws unless the campaign is in one of `allowed` statuses, with a message naming the one it is in. */
export function expectStatus(campaign: StoredCampaign, allowed: CampaignStatus[], action: string): void {
  if (allowed.includes(campaign.status)) return;
  throw new AppError("campaign.invalid_state", `评选当前为“${CAMPAIGN_STATUSES[campaign.status]}”，不能${action}`, { details: { campaignStatus: campaign.status } });
}

/** How many times a change is re-decided when others land first (objections filed at once, say). */
const ATTEMPTS = 8;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 4)));

export interface Change {
  changes: Partial<Omit<StoredCampaign, "campaignId" | "version" | "auditHead">>;
  event: Record<string, unknown>;
  /** Other writes in the same transaction (their own conditions are theirs to explain). */
  extra?: TransactItem[];
  /** Extra condition on the campaign item, e.g. `openObjections = :zero`, with its values. */
  condition?: { expression: string; values: Record<string, unknown> };
}

/**
 * Applies a change decided from the campaign as read: `decide` looks at a consistent read and
 * returns the change (or throws why not). If another change lands first (or is in flight), the
 * campaign is read again and `decide` runs again (up to 8 times, with jittered backoff), so
 * concurrent changes serialize and one that no longer makes sense is refused by `decide`
 * itself. When an `extra` item's own condition fails, `onExtraFailed` explains it. `decide`
 * returns null when there is nothing to do (no write, no audit entry).
 */
export async function changeCampaign(
  campaignId: string,
  decide: (campaign: StoredCampaign) => Change | null | Promise<Change | null>,
  onExtraFailed: (reasons: string[], campaign: StoredCampaign) => never = () => {
    throw new AppError("conflict.stale", "数据已在别处更新，请刷新后重试");
  },
): Promise<StoredCampaign> {
  for (let attempt = 0; ; attempt++) {
    const current = await requireCampaign(campaignId, true);
    const change = await decide(current);
    // Nothing to change (e.g. every assignment already made): no write, no audit entry.
    if (change === null) return current;
    const { changes, event, extra = [], condition } = change;
    const at = nowIso();
    const entry = nextEntry({ seq: current.version, hash: current.auditHead }, { ...event }, at);
    const next: StoredCampaign = { ...current, ...changes, updatedAt: at, version: current.version + 1, auditHead: entry.hash };
    const set = Object.entries({ ...changes, updatedAt: at, version: next.version, auditHead: next.auditHead }).filter(([, value]) => value !== undefined);
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName(),
                Key: Keys.campaign(campaignId),
                UpdateExpression: `SET ${set.map((_, index) => `#f${index} = :v${index}`).join(", ")}`,
                ConditionExpression: `version = :seen${condition ? ` AND (${condition.expression})` : ""}`,
                ExpressionAttributeNames: {
                  ...Object.fromEntries(set.map(([field], index) => [`#f${index}`, field])),
                  ...(condition?.expression.includes("#status") ? { "#status": "status" } : {}),
                },
                ExpressionAttributeValues: { ...Object.fromEntries(set.map(([, value], index) => [`:v${index}`, value])), ":seen": current.version, ...(condition?.values ?? {}) },
              },
            },
            auditPut(campaignId, entry),
            ...extra,
          ],
        }),
      );
      return next;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons.slice(2).includes("ConditionalCheckFailed")) onExtraFailed(reasons.slice(2), current);
      // Two transactions on the campaign in flight at once: re-read and decide again.
      if (reasons.includes("TransactionConflict") && attempt < ATTEMPTS) {
        await backoff(attempt);
        continue;
      }
      if ((reasons[0] === "ConditionalCheckFailed" || reasons[1] === "ConditionalCheckFailed") && attempt < ATTEMPTS) {
        await backoff(attempt);
        continue;
      }
      if (reasons[0] === "ConditionalCheckFailed" || reasons[1] === "ConditionalCheckFailed") {
        throw new AppError("campaign.invalid_state", "评选状态已被他人更改，请刷新后重试");
      }
      throw error;
    }
  }
}

export function campaignAudit(campaignId: string): Promise<AuditEntry[]> {
  return readAuditLog(Keys.campaignAuditOf(campaignId));
}

export async function verifyCampaignAudit(campaignId: string): Promise<ChainVerdict> {
  return verifyChain(await campaignAudit(campaignId));
}

/** The org's campaigns, newest first. */
export async function listCampaigns(orgId: string): Promise<StoredCampaign[]> {
  const key = Keys.campaignsOf(orgId);
  const items = await queryAll({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": key.gsi1pk }, ScanIndexForward: false });
  return items.map(toCampaign);
}

/** The public shape of a campaign (no version or audit head). */
export function publicFields(campaign: StoredCampaign): Campaign {
  const { version: _version, auditHead: _head, orgPath: _path, ...rest } = campaign;
  return rest;
}
