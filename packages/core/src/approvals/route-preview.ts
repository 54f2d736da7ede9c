import { calculateAll } from "../forms/calculated";
import { batchGetAll } from "../db/batch";
import { Keys } from "../db/keys";
import { compileForm } from "../forms/compile";
import type { Form, FormVersion } from "../forms/forms";
import { requireOrg } from "../orgs/orgs";
import type { StepMode } from "../workflows/definition";
import { plannedSteps } from "../workflows/instances";
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
  const ids = [...new Set(steps.flatMap((step) => step.assignees))];
  const accounts = await batchGetAll(ids.map((id) => Keys.account(id)));
  const names = new Map(accounts.map((account) => [account.accountId as string, account.name as string]));
  return {
    workflowName: workflow.name,
    ...(route?.branch !== undefined && { branch: route.branch }),
    skipped: route?.skipped ?? [],
    steps: steps.map((step) => {
      const others = step.assignees.filter((id) => id !== input.submitterId);
      const passedOver = step.assignees.length === 0 ? "nobody" : others.length === 0 ? "self" : undefined;
      return {
        name: step.name,
        mode: step.mode,
        approvers: others.map((accountId) => ({ accountId, name: names.get(accountId) ?? "" })),
        ...(passedOver && { passedOver }),
      };
    }),
  };
}
