import { APPROVAL_KINDS } from "@tongxin/core/approvals/kinds";
import { createRoute, z } from "@hono/zod-openapi";
import { actInBatch, MAX_BATCH } from "@tongxin/core/approvals/batch";
import { actAs, approvalAudit, viewApproval } from "@tongxin/core/approvals/view";
import { clearDelegation, getDelegation, setDelegation } from "@tongxin/core/delegations/delegations";
import { handOverWaiting } from "@tongxin/core/delegations/handover";
import { AppError } from "@tongxin/core/errors";
import { setFormWorkflow } from "@tongxin/core/forms/forms";
import { BranchDefinitionSchema, StepDefinitionSchema, WorkflowShapeSchema } from "@tongxin/core/workflows/definition";
import { inbox, inboxCounts } from "@tongxin/core/workflows/inbox-store";
import { instancesOf } from "@tongxin/core/workflows/instances";
import { ActionInputSchema } from "@tongxin/core/workflows/action-input";
import { isOverdue, type Action } from "@tongxin/core/workflows/machine";
import { assertConditionsFit, createWorkflow, getWorkflow, listWorkflows } from "@tongxin/core/workflows/workflows";
import { CursorQuery, IdempotencyHeaders, problems, router } from "../http/openapi";
import { requireActor, requireOrgAccess, requirePrincipal } from "../http/session";
import { formInOrg } from "./forms";
import { OrgParams } from "./orgs";
import { idempotentId } from "../http/idempotency";

/**
 * The chain as the OpenAPI document shows it: a condition is documented as an object (the
 * recursive condition schema cannot be rendered); `createWorkflow` checks it in full.
 */
const ConditionDoc = z
  .record(z.string(), z.unknown())
  .openapi({ description: "A condition on the answers, in the forms condition language: `{field, op, value}`, `{all: [...]}`, `{any: [...]}` or `{not: ...}`" });
const StepDoc = StepDefinitionSchema.extend({ when: ConditionDoc.optional().openapi({ description: "条件分支: the step applies only when this holds" }) });
const WorkflowBody = WorkflowShapeSchema.extend({
  steps: z.array(StepDoc).max(10).default([]),
  branches: z
    .array(BranchDefinitionSchema.extend({ when: ConditionDoc.optional(), steps: z.array(StepDoc).min(1).max(10) }))
    .max(8)
    .optional()
    .openapi({ description: "Step lists to branch to: the first whose `when` holds is taken after `steps` (the last may omit `when`: 其他情况)" }),
}).openapi("WorkflowDefinition");
const WorkflowView = WorkflowBody.extend({ workflowId: z.string(), orgId: z.string(), createdAt: z.string() }).openapi("Workflow");
const DelegationBody = z
  .object({
    delegateId: z.string().min(1).max(64),
    from: z.string().openapi({ description: "First day, Beijing date YYYY-MM-DD" }),
    to: z.string().openapi({ description: "Last day (included), Beijing date YYYY-MM-DD" }),
    note: z.string().max(100).optional(),
  })
  .openapi("DelegationInput");
const DelegationView = DelegationBody.extend({ accountId: z.string(), delegateName: z.string(), setAt: z.string() }).openapi("Delegation");
// The body's dates, their order and the length are checked by setDelegation (delegations/delegation.ts).
const InstanceParams = z.object({ instanceId: z.string().min(1).max(64) });

/**
 * The action body: the one action schema (core/workflows/action-input.ts, which the web's action
 * dialog validates with too) and the state version the person chose it on.
 */
const ActionBody = ActionInputSchema.and(
  z.object({
    version: z.number().int().min(0).optional().openapi({ description: "The state version the action was chosen on: if the approval has moved on since, 409 `workflow.conflict` carries it as it now is (`current`)" }),
  }),
).openapi("WorkflowAction");

/** The machine's action: the validated input and who acts. */
const toAction = ({ version: _version, ...input }: z.output<typeof ActionBody>, actorId: string): Action => ({ ...input, actorId });

export const workflowRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/workflows",
      summary: "The org's approval chains",
      tags: ["workflows"],
      request: { params: OrgParams },
      responses: { 200: { description: "Chains", content: { "application/json": { schema: z.object({ items: z.array(WorkflowView) }) } } }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "forms.manage");
      return c.json({ items: await listWorkflows(org.orgId) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orgs/{orgId}/workflows",
      summary: "Define an approval chain: steps with approvers (a role relative to the submitter's unit, or people) and a mode",
      tags: ["workflows"],
      request: { params: OrgParams, headers: IdempotencyHeaders, body: { content: { "application/json": { schema: WorkflowBody } }, required: true } },
      responses: { 201: { description: "Created", content: { "application/json": { schema: WorkflowView } } }, ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      const { org, actor } = await requireOrgAccess(c, c.req.valid("param").orgId, "forms.manage");
      return c.json(await createWorkflow(org.orgId, c.req.valid("json"), await idempotentId(c, actor.accountId)), 201);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/orgs/{orgId}/forms/{formId}/workflow",
      summary: "Send the form's future submissions through an approval chain of this org or one above it (null: none)",
      tags: ["workflows"],
      request: {
        params: OrgParams.extend({ formId: z.string().min(1).max(64) }),
        body: { content: { "application/json": { schema: z.object({ workflowId: z.string().min(1).max(64).nullable() }) } }, required: true },
      },
      responses: { 204: { description: "Saved" }, ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      const { orgId, formId } = c.req.valid("param");
      const { org } = await requireOrgAccess(c, orgId, "forms.manage");
      const { latest } = await formInOrg(orgId, formId);
      const { workflowId } = c.req.valid("json");
      if (workflowId) {
        const workflow = await getWorkflow(workflowId);
        if (!workflow || (workflow.orgId !== org.orgId && !org.path.includes(workflow.orgId))) {
          throw new AppError("validation.failed", "审批流程不存在", { fields: { workflowId: ["审批流程不存在"] } });
        }
        // A conditional chain reads this form's answers: every field it names must be here too.
        assertConditionsFit(workflow, latest.definition);
      }
      await setFormWorkflow(formId, workflowId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/inbox",
      summary: "My 待办: tasks waiting for me, soonest due first, with the badge counts",
      tags: ["workflows"],
      request: { query: z.object({ cursor: CursorQuery, limit: z.coerce.number().int().min(1).max(100).default(30) }) },
      responses: {
        200: {
          description: "Inbox",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(z.object({ instanceId: z.string(), title: z.string(), approvalKind: z.enum(APPROVAL_KINDS).optional(), stepName: z.string(), submitterName: z.string(), unitName: z.string(), dueAt: z.string(), assignedAt: z.string(), overdue: z.boolean() })),
                cursor: z.string().optional(),
              }),
            },
          },
        },
        ...problems(401),
      },
    }),
    async (c) => {
      const { accountId } = requirePrincipal(c);
      return c.json(await inbox(accountId, c.req.valid("query")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/inbox/batch",
      summary: "批量审批: approve several tasks, or return them to their submitters with one comment",
      description: "Each approval changes in its own transaction: one taken by someone else meanwhile is reported (`ok: false` with its problem code) and does not undo the others.",
      tags: ["workflows"],
      request: {
        body: {
          content: {
            "application/json": {
              schema: z
                .object({
                  type: z.enum(["approve", "return"]),
                  comment: z.string().trim().max(2000).optional(),
                  items: z
                    .array(z.object({ instanceId: z.string().min(1).max(64), version: z.number().int().min(0).optional() }))
                    .min(1, "请选择要处理的事项")
                    .max(MAX_BATCH, `一次最多处理${MAX_BATCH}项`),
                })
                .openapi("BatchAction"),
            },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: "What happened to each, in the order asked",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(z.object({ instanceId: z.string(), ok: z.boolean(), status: z.string().optional(), code: z.string().optional(), message: z.string().optional() })),
              }),
            },
          },
        },
        ...problems(401, 422),
      },
    }),
    async (c) => {
      const actor = await requireActor(c);
      return c.json({ items: await actInBatch(actor, c.req.valid("json")) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/inbox/delegation",
      summary: "My delegate (代理审批): who takes my tasks while I am away, and when; null when none is set",
      tags: ["workflows"],
      responses: { 200: { description: "My delegation", content: { "application/json": { schema: z.object({ delegation: DelegationView.nullable() }) } } }, ...problems(401) },
    }),
    async (c) => {
      const { accountId } = requirePrincipal(c);
      return c.json({ delegation: (await getDelegation(accountId)) ?? null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/inbox/delegation",
      summary: "Set my delegate for a range of Beijing days: tasks arriving then go to them",
      description: "A task goes to the delegate only where they have standing in the submitting unit and did not submit it themselves; otherwise it stays with me.",
      tags: ["workflows"],
      request: { body: { content: { "application/json": { schema: DelegationBody } }, required: true } },
      responses: { 200: { description: "Saved", content: { "application/json": { schema: DelegationView } } }, ...problems(401, 422) },
    }),
    async (c) => {
      const { accountId } = requirePrincipal(c);
      return c.json(await setDelegation(accountId, c.req.valid("json")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/inbox/delegation",
      summary: "End my delegation: tasks arriving from now on come to me again",
      tags: ["workflows"],
      responses: { 204: { description: "Ended" }, ...problems(401) },
    }),
    async (c) => {
      const { accountId } = requirePrincipal(c);
      await clearDelegation(accountId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/inbox/delegation/handover",
      summary: "Hand the tasks already waiting in my 待办 to my delegate, each on its own; the answer says what happened to each",
      tags: ["workflows"],
      responses: {
        200: {
          description: "Each task's outcome",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(z.object({ instanceId: z.string(), title: z.string(), outcome: z.enum(["handed_over", "kept"]), reason: z.string().optional() })) }),
            },
          },
        },
        ...problems(401, 422),
      },
    }),
    async (c) => {
      const { accountId } = requirePrincipal(c);
      return c.json({ items: await handOverWaiting(accountId) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/inbox/count",
      summary: "How many tasks wait for me, and how many are overdue",
      tags: ["workflows"],
      responses: { 200: { description: "Counts", content: { "application/json": { schema: z.object({ open: z.number().int(), overdue: z.number().int() }) } } }, ...problems(401) },
    }),
    async (c) => {
      const { accountId } = requirePrincipal(c);
      return c.json(await inboxCounts(accountId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/instances",
      summary: "What I submitted for approval (my proposals), newest first",
      tags: ["workflows"],
      responses: { 200: { description: "Mine", content: { "application/json": { schema: z.object({ items: z.array(z.record(z.string(), z.unknown())) }) } } }, ...problems(401) },
    }),
    async (c) => {
      const { accountId } = requirePrincipal(c);
      const items = await instancesOf(accountId);
      return c.json({ items: items.map((instance) => ({ ...instance, overdue: isOverdue(instance.state, new Date()) })) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/instances/{instanceId}",
      summary: "An approval with its steps, who must act, the timeline and the audit check",
      tags: ["workflows"],
      request: { params: InstanceParams },
      responses: { 200: { description: "The instance", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } }, ...problems(401, 404) },
    }),
    async (c) => {
      return c.json(await viewApproval(await requireActor(c), c.req.valid("param").instanceId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/instances/{instanceId}/actions",
      summary: "Approve, reject, return, resubmit, transfer (转交), add a signer (加签), withdraw (撤回), comment or CC (抄送)",
      description: "Each action is one conditional transaction on the instance's version: of two people acting at once, one wins and the other gets 409 with the current state.",
      tags: ["workflows"],
      request: { params: InstanceParams, body: { content: { "application/json": { schema: ActionBody } }, required: true } },
      responses: { 200: { description: "The instance after the action", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } }, ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const actor = await requireActor(c);
      const body = c.req.valid("json");
      return c.json(await actAs(actor, c.req.valid("param").instanceId, toAction(body, actor.accountId), body.version), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/instances/{instanceId}/audit",
      summary: "The hash-chained audit log of an approval, and whether every link holds",
      tags: ["workflows"],
      request: { params: InstanceParams },
      responses: { 200: { description: "Audit", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } }, ...problems(401, 404) },
    }),
    async (c) => {
      return c.json(await approvalAudit(await requireActor(c), c.req.valid("param").instanceId), 200);
    },
  );
