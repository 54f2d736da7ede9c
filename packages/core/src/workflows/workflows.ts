import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { queryAll } from "../db/query";
import type { Role } from "../access/roles";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { isConditionFailure } from "../db/transactions";
import { AppError, fieldErrorsFromIssues } from "../errors";
import { newId, nowIso } from "../ids";
import { getForm } from "../forms/forms";
import type { FormDefinition } from "../forms/definition";
import { getOrg, getOrgs, type Org } from "../orgs/orgs";
import { isConditional, WorkflowDefinitionSchema, type ApproverSpec, type StepDefinition, type WorkflowDefinition } from "./definition";
import { chainConditionProblems } from "./route";

/** An org's approval chain, as stored. Instances copy the steps they run on. */
export interface Workflow extends WorkflowDefinition {
  workflowId: string;
  orgId: string;
  createdAt: string;
}

export function parseWorkflowDefinition(input: unknown): WorkflowDefinition {
  const result = WorkflowDefinitionSchema.safeParse(input);
  if (!result.success) throw new AppError("validation.failed", "审批流程设置有误", { fields: fieldErrorsFromIssues(result.error.issues) });
  return result.data;
}

/**
 * Refuses (422) a conditional chain whose conditions name a field the form does not have,
 * naming the step (or branch) at its path (`steps.2.when`).
 */
export function assertConditionsFit(chain: WorkflowDefinition, form: FormDefinition): void {
  if (!isConditional(chain)) return;
  const fields = chainConditionProblems(chain, form.fields);
  const first = Object.values(fields)[0]?.[0];
  if (first) throw new AppError("validation.failed", first, { fields });
}

/** A conditional chain reads the answers of a form of its own org or one beneath it, as that form now stands. */
async function checkConditions(orgId: string, chain: WorkflowDefinition): Promise<void> {
  if (!isConditional(chain)) return;
  const refuse = (): never => {
    throw new AppError("validation.failed", "条件所依据的表单不存在", { fields: { formId: ["表单不存在或不属于本组织"] } });
  };
  const found = (await getForm(chain.formId!)) ?? refuse();
  if (found.form.orgId !== orgId && !(await getOrg(found.form.orgId))?.path.includes(orgId)) refuse();
  assertConditionsFit(chain, found.latest.definition);
}

export async function createWorkflow(orgId: string, input: unknown, workflowId = newId()): Promise<Workflow> {
  const definition = parseWorkflowDefinition(input);
  await checkConditions(orgId, definition);
  const workflow: Workflow = { ...definition, workflowId, orgId, createdAt: nowIso() };
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...Keys.workflow(workflowId), ...Keys.workflowOfOrg(orgId, workflow.createdAt, workflowId), type: "workflow", ...workflow },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      const existing = await getWorkflow(workflowId);
      if (existing?.orgId === orgId) return existing;
    }
    throw error;
  }
  return workflow;
}

function toWorkflow(item: Record<string, unknown>): Workflow {
  const { workflowId, orgId, createdAt, name, steps, formId, branches } = item as unknown as Workflow;
  return { workflowId, orgId, createdAt, name, steps: steps ?? [], ...(formId && { formId }), ...(branches && { branches }) };
}

export async function getWorkflow(workflowId: string): Promise<Workflow | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.workflow(workflowId) }));
  return Item ? toWorkflow(Item) : undefined;
}

export async function listWorkflows(orgId: string): Promise<Workflow[]> {
  const items = await queryAll({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": Keys.workflowsOf(orgId).gsi1pk },
  });
  return items.map(toWorkflow);
}

/** People holding `role` in an org (one Query of its members, filtered by role). */
async function holdersOf(orgId: string, role: Role): Promise<string[]> {
  const key = Keys.membersOf(orgId);
  const items = await queryAll({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    FilterExpression: "contains(#roles, :role)",
    ExpressionAttributeNames: { "#roles": "roles" },
    ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix, ":role": role },
    ProjectionExpression: "accountId",
  });
  return items.map((item) => item.accountId as string).sort();
}

/** The org a role-based step looks in: the unit itself, or its nearest ancestor (or itself) of a kind. */
function placeOf(spec: Extract<ApproverSpec, { kind: "role" }>, unit: Org, ancestors: Org[]): Org | undefined {
  if (spec.at.kind === "unit") return unit;
  const orgKind = spec.at.orgKind;
  return [unit, ...ancestors.slice().reverse()].find((org) => org.kind === orgKind);
}

/**
 * Resolves every step's approvers for a submission from `unit`, once, when the instance
 * starts (and for the steps of a new route on resubmission). Role changes after that do not
 * move tasks; 转交 does.
 */
export async function resolveApprovers(workflow: { steps: StepDefinition[] }, unit: Org): Promise<string[][]> {
  const ancestors = await getOrgs(unit.path);
  const byId = new Map(ancestors.map((org) => [org.orgId, org]));
  const ordered = unit.path.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  return Promise.all(
    workflow.steps.map(async (step) => {
      if (step.approvers.kind === "people") return step.approvers.accountIds;
      const place = placeOf(step.approvers, unit, ordered);
      return place ? holdersOf(place.orgId, step.approvers.role) : [];
    }),
  );
}
