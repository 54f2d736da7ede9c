import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { can, type Actor } from "../access/policy";
import { readableInstance } from "../approvals/view";
import { db, tableName } from "../db/client";
import { isConditionFailure } from "../db/transactions";
import { AppError } from "../errors";
import type { Instance } from "../workflows/instances";
import { pendingApprovers } from "../workflows/machine";
import { beijingDay } from "./events";
import { MessageKeys } from "./keys";

/**
 * 催办: the submitter of an approval, or an admin over its unit, nudges whoever must act now.
 * At most once per approval per Beijing day — a conditional put of that day's nudge item, which
 * is also the record of who nudged whom and when. The message itself leaves through the stream
 * (events.ts: `nudge`), never from the request.
 */
export interface NudgeState {
  /** Whether the reader may nudge this approval at all. */
  allowed: boolean;
  /** When it was nudged today (Beijing), if it was. */
  nudgedAt?: string;
  /** How many people would be nudged (the pending approvers). */
  approvers: number;
}

const mayNudge = (actor: Actor, instance: Instance) => actor.accountId === instance.submitterId || can(actor, "org.manage", { orgId: instance.unitId, path: instance.unitPath });

/** Seconds until the next Beijing midnight, when the day's allowance renews. */
function untilTomorrow(now: Date): number {
  const next = Date.parse(`${beijingDay(now)}T00:00:00+08:00`) + 86_400_000;
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

export async function nudgeState(actor: Actor, instanceId: string, now = new Date()): Promise<NudgeState> {
  const instance = await readableInstance(actor, instanceId);
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: MessageKeys.nudge(instance.instanceId, beijingDay(now)) }));
  return { allowed: mayNudge(actor, instance) && pendingApprovers(instance.state).length > 0, approvers: pendingApprovers(instance.state).length, ...(Item ? { nudgedAt: String(Item.at) } : {}) };
}

export async function nudgeApprovers(actor: Actor & { name: string }, instanceId: string, now = new Date()): Promise<{ nudgedAt: string; approvers: number }> {
  const instance = await readableInstance(actor, instanceId);
  if (!mayNudge(actor, instance)) throw new AppError("access.denied", "只有提交人或其单位的管理员可以催办");
  const approvers = pendingApprovers(instance.state);
  if (approvers.length === 0) throw new AppError("workflow.invalid_action", "该事项当前没有待审批的人，无需催办");
  const day = beijingDay(now);
  const at = now.toISOString();
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...MessageKeys.nudge(instance.instanceId, day), type: "nudge", instanceId: instance.instanceId, day, title: instance.subject.title, approvers, nudgedBy: actor.accountId, nudgerName: actor.name, at },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw new AppError("instance.nudged_today", "该事项今天已催办过，请明天再试", { retryAfter: untilTomorrow(now) });
  }
  return { nudgedAt: at, approvers: approvers.length };
}
