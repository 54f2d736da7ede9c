import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { AppError, fieldErrorsFromIssues } from "../errors";
import { nowIso } from "../ids";
import type { DelegationLookup } from "../workflows/instances";
import { DelegationInputSchema, hasStanding, isInEffect, type Delegation, type Standing } from "./delegation";

/** The delegations as stored: one item per approver (`Keys.delegation`), replaced when set again. */

function toDelegation(item: Record<string, unknown>): Delegation {
  const { accountId, delegateId, delegateName, from, to, note, setAt } = item as unknown as Delegation;
  return { accountId, delegateId, delegateName, from, to, ...(note && { note }), setAt };
}

export async function getDelegation(accountId: string): Promise<Delegation | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.delegation(accountId), ConsistentRead: true }));
  return Item ? toDelegation(Item) : undefined;
}

/** Sets (or replaces) who acts for `accountId`, and when. The delegate must be someone else with an account. */
export async function setDelegation(accountId: string, input: unknown): Promise<Delegation> {
  const parsed = DelegationInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("validation.failed", "代理设置有误", { fields: fieldErrorsFromIssues(parsed.error.issues) });
  const { delegateId } = parsed.data;
  if (delegateId === accountId) throw new AppError("validation.failed", "不能指定自己为代理人", { fields: { delegateId: ["不能指定自己为代理人"] } });
  const [delegate] = await batchGetAll([Keys.account(delegateId)]);
  if (!delegate) throw new AppError("validation.failed", "代理人不存在", { fields: { delegateId: ["代理人不存在"] } });
  const delegation: Delegation = { ...parsed.data, accountId, delegateName: delegate.name as string, setAt: nowIso() };
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...Keys.delegation(accountId), type: "delegation", ...delegation } }));
  return delegation;
}

export async function clearDelegation(accountId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: Keys.delegation(accountId) }));
}

/** The orgs a person belongs to, with their ancestors (one Query of their memberships). */
async function standingOf(accountId: string): Promise<Standing[]> {
  const key = Keys.membershipsOf(accountId);
  const items = await queryAll({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
    ExpressionAttributeValues: { ":pk": key.gsi1pk, ":prefix": key.gsi1skPrefix },
    ProjectionExpression: "orgId, orgPath",
  });
  return items.map((item) => ({ orgId: item.orgId as string, orgPath: (item.orgPath as string[] | undefined) ?? [] }));
}

/**
 * Why a delegate may not take an approval's task, or undefined when they may: not the
 * submitter (nobody approves their own submission), and standing in the unit.
 */
export async function delegateRefusal(delegateId: string, where: { unitId: string; unitPath: readonly string[]; submitterId: string }): Promise<string | undefined> {
  if (delegateId === where.submitterId) return "代理人是该事项的提交人";
  if (!hasStanding(await standingOf(delegateId), where)) return "代理人不属于该事项所在的组织";
  return undefined;
}

/**
 * The engine's lookup (workflows/instances.ts): one BatchGet of the approvers' delegations; for
 * those in effect, the delegate's memberships are read to check standing.
 */
export const activeDelegates: DelegationLookup = async (approvers, where, now) => {
  const delegates = new Map<string, string>();
  if (approvers.length === 0) return delegates;
  const items = await batchGetAll(approvers.map((id) => Keys.delegation(id)));
  for (const delegation of items.map(toDelegation)) {
    if (!isInEffect(delegation, now)) continue;
    if (await delegateRefusal(delegation.delegateId, where)) continue;
    delegates.set(delegation.accountId, delegation.delegateId);
  }
  return delegates;
};
