import type { Submission } from "../forms/submission";
import type { ActionType } from "@tongxin/core/workflows/action-input";

export type { ActionInput, ActionType } from "@tongxin/core/workflows/action-input";

/** What the approval API returns (GET /api/inbox, /api/me/instances, /api/instances/:id). */

export type InstanceStatus = "in_review" | "returned" | "approved" | "rejected" | "withdrawn";
export type StepMode = "any" | "all" | "sequential";
export type EventType = ActionType | "started" | "step_started" | "step_skipped" | "approved";

export interface InboxTask {
  instanceId: string;
  title: string;
  /** 活动申报 / 形式审查 (case entries) / 候选人提名 / a form; absent on older tasks. */
  approvalKind?: "activity_proposal" | "nomination" | "campaign_entry" | "form";
  stepName: string;
  submitterName: string;
  unitName: string;
  dueAt: string;
  assignedAt: string;
  overdue: boolean;
}

/** POST /api/forms/:formId/route: the steps these answers would go through, with their approvers. */
export interface RoutePreview {
  workflowName: string | null;
  branch?: string;
  skipped: string[];
  steps: Array<{ name: string; mode: StepMode; approvers: Array<{ accountId: string; name: string }>; passedOver?: "self" | "nobody"; done?: true }>;
}

export type BatchOutcome = { instanceId: string; ok: true; status: InstanceStatus } | { instanceId: string; ok: false; code: string; message: string };

/** 代理审批 (GET /api/inbox/delegation). */
export interface Delegation {
  accountId: string;
  delegateId: string;
  delegateName: string;
  from: string;
  to: string;
  note?: string;
  setAt: string;
}

export interface HandoverOutcome {
  instanceId: string;
  title: string;
  outcome: "handed_over" | "kept";
  reason?: string;
}

export interface InboxCount {
  open: number;
  overdue: number;
}

export interface InstanceStep {
  name: string;
  mode: StepMode;
  dueDays: number;
  assignees: string[];
}

export interface StepState {
  /** 代理审批: delegate → the approver they act for. */
  onBehalfOf?: Record<string, string>;
  index: number;
  name: string;
  mode: StepMode;
  assignees: string[];
  added: string[];
  approvals: string[];
  dueAt: string;
}

export interface Instance {
  instanceId: string;
  workflowName: string;
  unitId: string;
  unitName: string;
  submitterId: string;
  submitterName: string;
  subject: { kind: "submission"; submissionId: string; formId: string; title: string };
  steps: InstanceStep[];
  /** 条件分支: how the answers routed a conditional chain. */
  route?: { branch?: string; skipped: string[] };
  /** The newest audit entry's hash (printed on the 审批单). */
  auditHead?: string;
  state: { status: InstanceStatus; step: StepState; stepCount: number; touched: boolean; cc: string[]; version: number };
  createdAt: string;
  updatedAt: string;
  /** In lists (GET /api/me/instances). */
  overdue?: boolean;
}

export interface WorkflowEvent {
  type: EventType;
  actorId?: string;
  stepIndex: number;
  stepName?: string;
  comment?: string;
  subjects?: string[];
  /** 代理审批: the approver the actor acted for. */
  onBehalfOf?: string;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  event: {
    /** `nudge`: 催办, a note in the chain that moves nothing. */
    action: ActionType | "start" | "nudge";
    actorId?: string;
    /** 代理审批: the actor acted for this approver ("张三（代李四）"). */
    onBehalfOf?: string;
    /** A transfer that handed the task to the approver's delegate. */
    delegation?: boolean;
    fromStatus?: InstanceStatus;
    toStatus: InstanceStatus;
    stepIndex: number;
    comment?: string;
    to?: "submitter" | number | string;
    signer?: string;
    people?: string[];
    events: WorkflowEvent[];
  };
}

export interface AuditVerdict {
  valid: boolean;
  length: number;
  brokenAt?: number;
  reason?: string;
}

export interface InstanceView {
  instance: Instance;
  pending: string[];
  overdue: boolean;
  names: Record<string, string>;
  timeline: TimelineEntry[];
  audit: AuditVerdict;
  actions: ActionType[];
  /** The proposal itself, for everyone who may read the approval. */
  submission?: Submission | null;
}
