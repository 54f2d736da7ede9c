import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { can, type Actor } from "../access/policy";
import { readableInstance } from "../approvals/view";
import { db, tableName } from "../db/client";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { auditNoteItems, requireInstance, type Instance } from "../workflows/instances";
import { pendingApprovers } from "../workflows/machine";
import { beijingDay } from "./events";
import { MessageKeys } from "./keys";

/**
 * 催办: the submitter of an approval, or an admin over its unit, nudges whoever must act now.
 * At most once per approval per Beijing day — a conditional put of that day's nudge item. Who
 * nudged whom and when is an entry of the approval's hash-chained audit (action `nudge`), written
 * in the same transaction, so the 审批记录 shows it and `npm run audit:verify` checks it. The
 * message itself leaves through the stream (events.ts: `nudge`), never from the request.
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
  const day = beijingDay(now);
  const at = now.toISOString();
  for (let attempt = 1; ; attempt += 1) {
    const current = attempt === 1 ? instance : await requireInstance(instance.instanceId);
    const pending = pendingApprovers(current.state);
    if (pending.length === 0) throw new AppError("workflow.invalid_action", "该事项当前没有待审批的人，无需催办");
    const note = { action: "nudge", actorId: actor.accountId, fromStatus: current.state.status, toStatus: current.state.status, stepIndex: current.state.step.index, version: current.state.version, events: [{ type: "nudge", subjects: pending }] };
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...MessageKeys.nudge(current.instanceId, day), type: "nudge", instanceId: current.instanceId, day, title: current.subject.title, approvers: pending, nudgedBy: actor.accountId, nudgerName: actor.name, at },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            ...auditNoteItems(current, note, at),
          ],
        }),
      );
      return { nudgedAt: at, approvers: pending.length };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0] === "ConditionalCheckFailed") throw new AppError("instance.nudged_today", "该事项今天已催办过，请明天再试", { retryAfter: untilTomorrow(now) });
      // An approver acted, the chain moved, or another nudge was in flight: read again (the next try may find today's nudge).
      if (!reasons?.some((reason) => reason === "ConditionalCheckFailed" || reason === "TransactionConflict")) throw error;
      if (attempt >= 6) throw new AppError("workflow.conflict", "该事项正在被处理，请刷新后再催办");
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
    }
  }
}
