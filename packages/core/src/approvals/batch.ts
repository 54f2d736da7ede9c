import type { Actor } from "../access/policy";
import { AppError } from "../errors";
import type { Action } from "../workflows/machine";
import { actOnApproval } from "./approvals";
import { readableInstance } from "./view";

/**
 * 批量审批: several tasks of 待办 approved (or returned to their submitters with one comment) in
 * one go. Each approval changes in its own transaction, so one taken by someone else meanwhile
 * does not undo the others; the answer says what happened to each.
 */
export const MAX_BATCH = 50;

export interface BatchRequest {
  type: "approve" | "return";
  comment?: string;
  /** The tasks, each with the state version the list showed (an approval moved on since is reported, not acted on). */
  items: Array<{ instanceId: string; version?: number }>;
}

export type BatchOutcome =
  | { instanceId: string; ok: true; status: string }
  | { instanceId: string; ok: false; code: string; message: string };

/** How many approvals are acted on at once. */
const PARALLEL = 4;

async function actOnOne(actor: Actor, request: BatchRequest, item: BatchRequest["items"][number]): Promise<BatchOutcome> {
  const { instanceId } = item;
  try {
    const instance = await readableInstance(actor, instanceId);
    if (item.version !== undefined && item.version !== instance.state.version) {
      throw new AppError("workflow.conflict", "该事项刚被他人处理，请刷新后查看最新状态");
    }
    const action: Action =
      request.type === "approve"
        ? { type: "approve", actorId: actor.accountId, comment: request.comment }
        : { type: "return", actorId: actor.accountId, comment: request.comment ?? "", to: "submitter" };
    const next = await actOnApproval(instanceId, action);
    return { instanceId, ok: true, status: next.state.status };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { instanceId, ok: false, code: error.code, message: error.message };
  }
}

export async function actInBatch(actor: Actor, request: BatchRequest): Promise<BatchOutcome[]> {
  if (request.type === "return" && !request.comment?.trim()) throw new AppError("validation.failed", "请填写退回理由", { fields: { comment: ["请填写退回理由"] } });
  const ids = request.items.map((item) => item.instanceId);
  if (new Set(ids).size !== ids.length) throw new AppError("validation.failed", "同一事项只能选择一次", { fields: { items: ["同一事项只能选择一次"] } });
  const outcomes: BatchOutcome[] = new Array(request.items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < request.items.length; index = next++) outcomes[index] = await actOnOne(actor, request, request.items[index]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, request.items.length) }, worker));
  return outcomes;
}
