import { calculateAll } from "../forms/calculated";
import { batchGetAll } from "../db/batch";
import { Keys } from "../db/keys";
import { compileForm } from "../forms/compile";
import type { Form, FormVersion } from "../forms/forms";
import type { Submission } from "../forms/submission-store";
import { AppError } from "../errors";
import { requireOrg } from "../orgs/orgs";
import { isConditional, type StepMode } from "../workflows/definition";
import { getInstance, plannedSteps, type InstanceRoute, type InstanceStep } from "../workflows/instances";
import { resumeIndex } from "../workflows/route";
import { getWorkflow } from "../workflows/workflows";

/**
 * "将依次由…审批": the route a submission of these (draft) answers would take, shown before it is
 * sent. The same routing (workflows/route.ts) and approver resolution as the submission itself.
 */
export interface RoutePreview {
  /** The chain's name; null when the form has no approval chain. */
  workflowName: string | null;
  branch?: string;
  /** Steps of the chain the answers leave out. */
  skipped: string[];
  steps: Array<{
    name: string;
    mode: StepMode;
    approvers: Array<{ accountId: string; name: string }>;
    /** `self`: the submitter is its only approver; `nobody`: no one holds the role. Either way the step is passed over. */
    passedOver?: "self" | "nobody";
    /** 修改后重新提交: approved before the return, not asked again. */
    done?: true;
  }>;
}

/** Reads answers as far as they are valid: a draft still being typed routes on what it has. */
function readableAnswers(version: FormVersion, data: Record<string, unknown>): Record<string, unknown> {
  const parsed = compileForm(version.definition, { mode: "draft" }).safeParse(data);
  // Calculated answers are always worked out here, never taken from the draft.
  return parsed.success ? parsed.data : { ...data, ...calculateAll(version.definition, data) };
}

export async function previewRoute(input: { form: Form; version: FormVersion; unitId: string; submitterId: string; data: Record<string, unknown> }): Promise<RoutePreview> {
  const workflow = input.form.workflowId ? await getWorkflow(input.form.workflowId) : undefined;
  if (!workflow) return { workflowName: null, skipped: [], steps: [] };
  const { steps, route } = await plannedSteps(workflow, await requireOrg(input.unitId), readableAnswers(input.version, input.data));
  return described(workflow.name, steps, route, input.submitterId, 0);
}

/**
 * 修改后重新提交: the route revised answers would take through the approval's own chain (a
 * conditional chain routes again, as `resubmitApproval` does), with the steps approved before
 * the return that will not be asked again marked `done`. Only the submitter's returned submission.
 */
export async function previewResubmission(input: { submission: Submission; version: FormVersion; submitterId: string; data: Record<string, unknown> }): Promise<RoutePreview> {
  const { submission } = input;
  const instance = submission.instanceId ? await getInstance(submission.instanceId) : undefined;
  if (submission.submitterId !== input.submitterId) throw new AppError("submission.not_found", "申报不存在");
  if (!instance || instance.state.status !== "returned") throw new AppError("submission.not_editable", "只有被退回的申报才能修改后重新提交");
  const workflow = await getWorkflow(instance.workflowId);
  const resumeAt = instance.state.resumeAt ?? 0;
  if (!workflow || !isConditional(workflow) || instance.steps.some((step) => !step.key)) {
    return described(instance.workflowName, instance.steps, instance.route, input.submitterId, resumeAt);
  }
  const { steps, route } = await plannedSteps(workflow, await requireOrg(instance.unitId), readableAnswers(input.version, input.data));
  const resumesAt = resumeIndex(instance.steps.map((step) => step.key!), resumeAt, steps.map((step) => step.key!));
  return described(workflow.name, steps, route, input.submitterId, resumesAt);
}

/** Steps with their approvers' names; those before `doneBefore` were approved already and are not asked again. */
async function described(workflowName: string, steps: InstanceStep[], route: InstanceRoute | undefined, submitterId: string, doneBefore: number): Promise<RoutePreview> {
  const ids = [...new Set(steps.flatMap((step) => step.assignees))];
  const accounts = await batchGetAll(ids.map((id) => Keys.account(id)));
  const names = new Map(accounts.map((account) => [account.accountId as string, account.name as string]));
  return {
    workflowName,
    ...(route?.branch !== undefined && { branch: route.branch }),
    skipped: route?.skipped ?? [],
    steps: steps.map((step, index) => {
      const others = step.assignees.filter((id) => id !== submitterId);
      const passedOver = step.assignees.length === 0 ? "nobody" : others.length === 0 ? "self" : undefined;
      return {
        name: step.name,
        mode: step.mode,
        approvers: others.map((accountId) => ({ accountId, name: names.get(accountId) ?? "" })),
        ...(passedOver && { passedOver }),
        ...(index < doneBefore && { done: true as const }),
      };
    }),
  };
}
