import { ConditionSchema } from "../forms/conditions";
import { ORG_KIND_CODES } from "../orgs/kinds";
import { z } from "../zod-locale";

/**
 * An approval chain (审批流程): steps in order, each naming who approves and how.
 *
 * Approvers are either people, or a role in an org found relative to the submitter's unit:
 * the unit itself, or its nearest ancestor of a kind (the 街镇 above a 新空间, the 区委统战部
 * above that). Modes: `any` 或签 (one approval completes the step), `all` 会签 (every
 * approver must approve), `sequential` 依次 (every approver, in the listed order).
 */
export const StepModeSchema = z.enum(["any", "all", "sequential"]);
export type StepMode = z.infer<typeof StepModeSchema>;

export const ApproverSpecSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("role"),
    role: z.enum(["admin", "reviewer"]),
    /** Where the role is held: the submitter's unit, or its nearest ancestor of a kind. */
    at: z.discriminatedUnion("kind", [z.object({ kind: z.literal("unit") }), z.object({ kind: z.literal("ancestor"), orgKind: z.enum(ORG_KIND_CODES) })]),
  }),
  z.object({ kind: z.literal("people"), accountIds: z.array(z.string().min(1)).min(1, "至少指定一位审批人").max(20) }),
]);
export type ApproverSpec = z.infer<typeof ApproverSpecSchema>;

export const StepDefinitionSchema = z.object({
  name: z.string().trim().min(1, "请填写步骤名称").max(40),
  approvers: ApproverSpecSchema,
  mode: StepModeSchema.default("any"),
  /** Working days (工作日, workflows/due.ts) the step may take before it is flagged overdue: due at 24:00 Beijing time of the last one. */
  dueDays: z.number().int().min(1).max(90).default(5),
  /** 条件分支: the step applies only when this holds on the submitted answers (the forms condition language). */
  when: ConditionSchema.optional(),
});
export type StepDefinition = z.infer<typeof StepDefinitionSchema>;

/**
 * One of several step lists a chain may branch to: the first branch whose `when` holds on the
 * answers is taken, after the chain's own `steps`. A branch without `when` (其他情况) is taken
 * when none before it holds, so only the last branch may leave it out.
 */
export const BranchDefinitionSchema = z.object({
  name: z.string().trim().min(1, "请填写分支名称").max(40),
  when: ConditionSchema.optional(),
  steps: z.array(StepDefinitionSchema).min(1, "分支至少一个审批步骤").max(10, "最多10个步骤"),
});
export type BranchDefinition = z.infer<typeof BranchDefinitionSchema>;

/** The chain's shape, without the rules across its parts (for extending in views). */
export const WorkflowShapeSchema = z.object({
  name: z.string().trim().min(1, "请填写流程名称").max(60),
  /** The form whose answers the conditions read; required once any step or branch has one. */
  formId: z.string().min(1).max(64).optional(),
  /** Taken by every submission, first (may be empty when there are branches). */
  steps: z.array(StepDefinitionSchema).max(10, "最多10个步骤").default([]),
  branches: z.array(BranchDefinitionSchema).max(8, "最多8个分支").optional(),
});

export const WorkflowDefinitionSchema = WorkflowShapeSchema.superRefine((chain, ctx) => {
  const branches = chain.branches ?? [];
  if (chain.steps.length === 0 && branches.length === 0) ctx.addIssue({ code: "custom", message: "至少一个审批步骤", path: ["steps"] });
  branches.forEach((branch, index) => {
    if (!branch.when && index < branches.length - 1) ctx.addIssue({ code: "custom", message: `分支“${branch.name}”须设置条件（只有最后一个分支可以是“其他情况”）`, path: ["branches", index, "when"] });
  });
  if (isConditional(chain) && !chain.formId) ctx.addIssue({ code: "custom", message: "带条件的流程须指明所依据的表单", path: ["formId"] });
});
export type WorkflowDefinition = z.infer<typeof WorkflowDefinitionSchema>;

/** Whether the route depends on the answers: any step or branch has a condition, or there are branches. */
export function isConditional(chain: Pick<WorkflowDefinition, "steps" | "branches">): boolean {
  const steps = [...chain.steps, ...(chain.branches ?? []).flatMap((branch) => branch.steps)];
  return (chain.branches ?? []).length > 0 || steps.some((step) => step.when !== undefined);
}

/** The default 活动申报 chain: 新空间负责人 → 街镇统战干部 → 区委统战部. */
export const DEFAULT_ACTIVITY_CHAIN: WorkflowDefinition = {
  name: "活动申报审批",
  steps: [
    { name: "新空间负责人审核", approvers: { kind: "role", role: "admin", at: { kind: "unit" } }, mode: "any", dueDays: 3 },
    { name: "街镇统战干部审核", approvers: { kind: "role", role: "reviewer", at: { kind: "ancestor", orgKind: "subdistrict" } }, mode: "any", dueDays: 5 },
    { name: "区委统战部审批", approvers: { kind: "role", role: "reviewer", at: { kind: "ancestor", orgKind: "district_office" } }, mode: "any", dueDays: 5 },
  ],
};
