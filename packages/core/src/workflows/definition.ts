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
  /** Days the step may take before it is flagged overdue. */
  dueDays: z.number().int().min(1).max(90).default(5),
});
export type StepDefinition = z.infer<typeof StepDefinitionSchema>;

export const WorkflowDefinitionSchema = z.object({
  name: z.string().trim().min(1, "请填写流程名称").max(60),
  steps: z.array(StepDefinitionSchema).min(1, "至少一个审批步骤").max(10, "最多10个步骤"),
});
export type WorkflowDefinition = z.infer<typeof WorkflowDefinitionSchema>;

/** The default 活动申报 chain: 新空间负责人 → 街镇统战干部 → 区委统战部. */
export const DEFAULT_ACTIVITY_CHAIN: WorkflowDefinition = {
  name: "活动申报审批",
  steps: [
    { name: "新空间负责人审核", approvers: { kind: "role", role: "admin", at: { kind: "unit" } }, mode: "any", dueDays: 3 },
    { name: "街镇统战干部审核", approvers: { kind: "role", role: "reviewer", at: { kind: "ancestor", orgKind: "subdistrict" } }, mode: "any", dueDays: 5 },
    { name: "区委统战部审批", approvers: { kind: "role", role: "reviewer", at: { kind: "ancestor", orgKind: "district_office" } }, mode: "any", dueDays: 5 },
  ],
};
