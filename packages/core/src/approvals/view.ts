import type { Actor } from "../access/policy";
import { batchGetAll } from "../db/batch";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import { submissionFor } from "../forms/personal-fields";
import { getSubmission } from "../forms/submission-store";
import { verifyChain } from "../workflows/audit";
import { auditTrail, mayReadInstance, participants, requireInstance, type Instance } from "../workflows/instances";
import { isOverdue, pendingApprovers, type Action } from "../workflows/machine";
import { actOnApproval } from "./approvals";

/**
 * An approval as a reader sees it (GET /instances/:id and the answer to every action): its
 * steps, who must act, the timeline with people's names, the audit check, what the reader may
 * do now, and the submission being approved.
 */

/** The instance, if the actor may read it; else "not found", so ids cannot be probed. */
export async function readableInstance(actor: Actor, instanceId: string): Promise<Instance> {
  const instance = await requireInstance(instanceId);
  if (!mayReadInstance(actor, instance)) throw new AppError("instance.not_found", "审批事项不存在");
  return instance;
}

/** Actions the viewer can take now, for the UI to offer. */
export function availableActions(actor: Pick<Actor, "accountId">, instance: Instance): Action["type"][] {
  const { state } = instance;
  const pending = pendingApprovers(state).includes(actor.accountId);
  const isSubmitter = actor.accountId === instance.submitterId;
  const actions: Action["type"][] = ["comment"];
  if (pending) actions.push("approve", "reject", "return", "transfer", "add_signer", "cc");
  if (isSubmitter && state.status === "returned") actions.push("resubmit");
  if (isSubmitter && state.status === "in_review" && !state.touched) actions.push("withdraw");
  if (isSubmitter && !pending) actions.push("cc");
  return actions;
}

async function namesOf(ids: Iterable<string>): Promise<Record<string, string>> {
  const unique = [...new Set(ids)];
  const accounts = await batchGetAll(unique.map((id) => Keys.account(id)));
  return Object.fromEntries(accounts.map((account) => [account.accountId as string, account.name as string]));
}

async function readableSubmission(actor: Actor, instance: Instance) {
  const submission = instance.subject.kind === "submission" ? await getSubmission(instance.subject.submissionId) : undefined;
  return submission ? submissionFor(actor.accountId, submission) : null;
}

export async function instanceView(actor: Actor, instance: Instance) {
  // The trail, the submission and the participants' names are read together; only someone named in
  // the trail who no longer takes part (rare) costs a further read.
  const known = participants(instance);
  const [entries, submission, knownNames] = await Promise.all([auditTrail(instance.instanceId), readableSubmission(actor, instance), namesOf(known)]);
  const people = new Set<string>();
  for (const entry of entries) {
    const event = entry.event as { actorId?: string; events?: Array<{ subjects?: string[] }> };
    if (event.actorId) people.add(event.actorId);
    for (const e of event.events ?? []) for (const id of e.subjects ?? []) people.add(id);
  }
  const missing = [...people].filter((id) => !known.has(id));
  const names = missing.length > 0 ? { ...knownNames, ...(await namesOf(missing)) } : knownNames;
  return {
    instance,
    pending: pendingApprovers(instance.state),
    overdue: isOverdue(instance.state, new Date()),
    names,
    timeline: entries.map(({ seq, at, event }) => ({ seq, at, event })),
    audit: verifyChain(entries),
    actions: availableActions(actor, instance),
    // Whoever may read the approval may read what is being approved (GET /submissions/:id only admits the form's org).
    // Personal answers masked unless the reader submitted them (forms/personal-fields.ts).
    submission,
  };
}

export type InstanceView = Awaited<ReturnType<typeof instanceView>>;

/** GET /instances/:id. */
export async function viewApproval(actor: Actor, instanceId: string): Promise<InstanceView> {
  return instanceView(actor, await readableInstance(actor, instanceId));
}

/**
 * POST /instances/:id/actions: one action by a reader of the approval, answered with the view
 * after it. `seenVersion`, the state version the client acted on, turns an action on an approval
 * that has moved on since into `409 workflow.conflict` carrying the view as it now is, so the
 * client shows it without asking again.
 */
export async function actAs(actor: Actor, instanceId: string, action: Action, seenVersion?: number): Promise<InstanceView> {
  const instance = await readableInstance(actor, instanceId);
  if (seenVersion !== undefined && seenVersion !== instance.state.version) {
    throw new AppError("workflow.conflict", "该事项刚被他人处理，请刷新后查看最新状态", { details: { state: instance.state, current: await instanceView(actor, instance) } });
  }
  if (action.type === "resubmit" && instance.subject.kind === "submission") {
    throw new AppError("workflow.invalid_action", "请修改表单后通过“重新提交”保存（PUT /api/submissions/:id）");
  }
  // The instance just read (strongly consistent) is the one the action starts from: no second read.
  return instanceView(actor, await actOnApproval(instance.instanceId, action, instance));
}

/** GET /instances/:id/audit: the hash-chained log and whether every link holds. */
export async function approvalAudit(actor: Actor, instanceId: string) {
  const instance = await readableInstance(actor, instanceId);
  const entries = await auditTrail(instance.instanceId);
  return { verdict: verifyChain(entries), entries };
}
