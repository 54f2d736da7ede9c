import { isActivityProposal } from "../activities/proposal-form";
import type { TransactItem } from "../db/transactions";
import { activeDelegates } from "../delegations/delegations";
import { getForm, type Form, type FormVersion } from "../forms/forms";
import { STATUS_OF_INSTANCE, type Submission, type SubmissionStatus } from "../forms/submission-store";
import { requireOrg } from "../orgs/orgs";
import { isConditional } from "../workflows/definition";
import { act, plannedSteps, startInstance, type Instance } from "../workflows/instances";
import type { Action } from "../workflows/machine";
import { getWorkflow } from "../workflows/workflows";
import { approvalKindOf, type ApprovalKind } from "./kinds";
import { outcomeWrites } from "./outcomes";

/**
 * Approvals of submissions: starting one when a submission goes in, and acting on it. What a
 * status change also writes comes from the outcome table (`outcomes.ts`), by the kind the
 * instance recorded at its start.
 */

/** The kind of approval a submission of this form starts. */
export function kindOfForm(form: Form, version: FormVersion): ApprovalKind {
  return approvalKindOf({ electionId: form.electionId, campaignId: form.campaignId, activityProposal: isActivityProposal(version.definition) });
}

/**
 * When the form has an approval chain, the items that start it for this submission (to be
 * written in the submission's own transaction), and the status the submission takes: in review,
 * or approved at once when no step has approvers — then the approval's outcome is among the items.
 */
export async function startApproval(input: { form: Form; version: FormVersion; submission: Submission; title: string }): Promise<{ items: TransactItem[]; status: SubmissionStatus; instanceId?: string }> {
  const { form, submission } = input;
  const workflow = form.workflowId ? await getWorkflow(form.workflowId) : undefined;
  if (!workflow) return { items: [], status: "submitted" };
  const approvalKind = kindOfForm(form, input.version);
  const { instance, items } = await startInstance({
    workflow,
    unit: await requireOrg(submission.unitId),
    submitter: { accountId: submission.submitterId, name: submission.submitterName },
    subject: { kind: "submission", approvalKind, submissionId: submission.submissionId, formId: form.formId, title: input.title },
    answers: submission.data,
    delegations: activeDelegates,
    outcome: (started) => outcomeWrites(started, approvalKind, { ...submission, status: STATUS_OF_INSTANCE[started.state.status], instanceId: started.instanceId }),
  });
  return { items, status: STATUS_OF_INSTANCE[instance.state.status], instanceId: instance.instanceId };
}

/**
 * Applies one action to an approval, with what its status change also writes, in one
 * transaction (see `act` for conflicts).
 *
 * @example await actOnApproval(instanceId, { type: "approve", actorId, comment: "同意" })
 */
export function actOnApproval(instanceId: string, action: Action, current?: Instance): Promise<Instance> {
  return act(instanceId, action, { outcome: async (next) => outcomeWrites(next, await recordedKind(next)), delegations: activeDelegates, current });
}

/**
 * The submitter resubmits with revised answers: the submission's own write travels with the
 * action, taking the status the approval leaves it in, and a conditional chain routes again on
 * the revised answers. Should the new route need no more steps, the approval completes here, with
 * its outcome (the kind's approved writes, on the submission as written).
 */
export function resubmitApproval(
  instanceId: string,
  submitterId: string,
  revised: (status: SubmissionStatus) => { written: Submission; items: TransactItem[] },
  answers: Record<string, unknown>,
): Promise<Instance> {
  const statusOf = (next: Instance) => STATUS_OF_INSTANCE[next.state.status];
  return act(
    instanceId,
    { type: "resubmit", actorId: submitterId },
    {
      extraItems: (next) => revised(statusOf(next)).items,
      outcome: async (next) => (next.state.status === "approved" ? outcomeWrites(next, await recordedKind(next), revised(statusOf(next)).written) : []),
      reroute: (current) => routeAgain(current, answers),
      delegations: activeDelegates,
    },
  );
}

/** The route revised answers take through the instance's chain (chains are never edited, so it is the one it started on). */
async function routeAgain(instance: Instance, answers: Record<string, unknown>) {
  const workflow = await getWorkflow(instance.workflowId);
  if (!workflow || !isConditional(workflow)) return undefined;
  return plannedSteps(workflow, await requireOrg(instance.unitId), answers);
}

/** The kind recorded at the start; instances started before kinds were recorded are told by their form once. */
async function recordedKind(instance: Instance): Promise<ApprovalKind> {
  if (instance.subject.approvalKind) return instance.subject.approvalKind;
  const found = await getForm(instance.subject.formId);
  return found ? kindOfForm(found.form, found.published ?? found.latest) : "form";
}
