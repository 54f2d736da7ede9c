import { actOnApproval } from "../approvals/approvals";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { AppError } from "../errors";
import { getInstance } from "../workflows/instances";
import { delegateRefusal, getDelegation } from "./delegations";

export interface HandoverOutcome {
  instanceId: string;
  title: string;
  outcome: "handed_over" | "kept";
  /** Why a task stayed (the delegate submitted it, has no standing there, or it moved on meanwhile). */
  reason?: string;
}

/**
 * Hands every task waiting in an approver's 待办 to their delegate: each one its own transfer
 * (转交, recorded as delegated), so one that cannot go does not hold back the others.
 */
export async function handOverWaiting(accountId: string): Promise<HandoverOutcome[]> {
  const delegation = await getDelegation(accountId);
  if (!delegation) throw new AppError("validation.failed", "请先设置代理人", { fields: { delegateId: ["请先设置代理人"] } });
  const tasks = await queryAll({ IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :pk", ExpressionAttributeValues: { ":pk": Keys.inboxOf(accountId).gsi2pk } });
  const outcomes: HandoverOutcome[] = [];
  for (const task of tasks) {
    const instanceId = task.instanceId as string;
    const title = task.title as string;
    const instance = await getInstance(instanceId);
    const refusal = instance ? await delegateRefusal(delegation.delegateId, instance) : "审批事项不存在";
    if (refusal) {
      outcomes.push({ instanceId, title, outcome: "kept", reason: refusal });
      continue;
    }
    try {
      await actOnApproval(instanceId, { type: "transfer", actorId: accountId, to: delegation.delegateId, delegation: true, comment: `交由代理人${delegation.delegateName}处理` });
      outcomes.push({ instanceId, title, outcome: "handed_over" });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ instanceId, title, outcome: "kept", reason: error.message });
    }
  }
  return outcomes;
}
