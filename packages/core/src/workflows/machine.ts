import { AppError } from "../errors";
import type { StepMode } from "./definition";

/**
 * The approval instance as an explicit state machine. `transition` is pure: storage calls
 * it, then writes exactly the state and events it returns, guarded by the version it read.
 */
export type InstanceStatus = "in_review" | "returned" | "approved" | "rejected" | "withdrawn";

export interface StepState {
  index: number;
  name: string;
  mode: StepMode;
  /** Approvers resolved when the step began, in order. */
  assignees: string[];
  /** 加签: people added during the step who must also approve. */
  added: string[];
  approvals: string[];
  /** When the step is due (ISO). */
  dueAt: string;
  /** 代理审批: delegate → the approver they act for (a task that went to the delegate). */
  onBehalfOf?: Record<string, string>;
}

export interface InstanceState {
  status: InstanceStatus;
  submitterId: string;
  stepCount: number;
  step: StepState;
  /** Set once any approver acts: the submitter may withdraw only before. */
  touched: boolean;
  /** The step a returned instance goes back to when resubmitted. */
  resumeAt?: number;
  cc: string[];
  version: number;
}

export type Action =
  | { type: "approve"; actorId: string; comment?: string }
  | { type: "reject"; actorId: string; comment: string }
  | { type: "return"; actorId: string; comment: string; to: "submitter" | number }
  | { type: "resubmit"; actorId: string; comment?: string }
  | { type: "transfer"; actorId: string; to: string; comment?: string; /** Handing a waiting task to one's delegate: they act for the approver. */ delegation?: boolean }
  | { type: "add_signer"; actorId: string; signer: string; comment?: string }
  | { type: "withdraw"; actorId: string; comment?: string }
  | { type: "comment"; actorId: string; comment: string }
  | { type: "cc"; actorId: string; people: string[]; comment?: string };

export type ActionType = Action["type"];
export const ACTION_TYPES: readonly ActionType[] = ["approve", "reject", "return", "resubmit", "transfer", "add_signer", "withdraw", "comment", "cc"];

/** What happened, for the audit log and the timeline. */
export interface WorkflowEvent {
  type: ActionType | "started" | "step_started" | "step_skipped" | "approved";
  actorId?: string;
  stepIndex: number;
  stepName?: string;
  comment?: string;
  /** Who an action concerned: the new assignee of a transfer, the added signer, the cc'd people. */
  subjects?: string[];
  /** 代理审批: the approver the actor acted for. */
  onBehalfOf?: string;
}

/** Resolves step `index` when it begins: its approvers (the submitter already removed) and due time. */
export type StepResolver = (index: number) => Omit<StepState, "added" | "approvals">;

export interface TransitionResult {
  state: InstanceState;
  events: WorkflowEvent[];
}

const unique = (ids: string[]) => [...new Set(ids)];

/** Who must act now: the people whose inbox shows the instance. */
export function pendingApprovers(state: InstanceState): string[] {
  if (state.status !== "in_review") return [];
  const { mode, assignees, added, approvals } = state.step;
  const approved = new Set(approvals);
  const addedPending = added.filter((id) => !approved.has(id));
  if (mode === "any") {
    const someoneApproved = assignees.some((id) => approved.has(id));
    return unique([...(someoneApproved ? [] : assignees), ...addedPending]);
  }
  if (mode === "all") return unique([...assignees, ...added].filter((id) => !approved.has(id)));
  const next = [...assignees, ...added].find((id) => !approved.has(id));
  return next ? [next] : [];
}

function stepComplete(step: StepState): boolean {
  const approved = new Set(step.approvals);
  const addedDone = step.added.every((id) => approved.has(id));
  if (step.mode === "any") return addedDone && step.assignees.some((id) => approved.has(id));
  return addedDone && step.assignees.every((id) => approved.has(id));
}

/**
 * Begins step `index`, skipping steps with nobody to approve (e.g. the submitter is the
 * only approver of their own unit's step), and approving the instance after the last.
 */
function begin(state: InstanceState, index: number, resolve: StepResolver, events: WorkflowEvent[]): InstanceState {
  for (let i = index; i < state.stepCount; i += 1) {
    const resolved = resolve(i);
    const assignees = unique(resolved.assignees.filter((id) => id !== state.submitterId));
    if (assignees.length === 0) {
      events.push({ type: "step_skipped", stepIndex: i, stepName: resolved.name });
      continue;
    }
    events.push({ type: "step_started", stepIndex: i, stepName: resolved.name, subjects: assignees });
    return { ...state, status: "in_review", step: { ...resolved, index: i, assignees, added: [], approvals: [] } };
  }
  events.push({ type: "approved", stepIndex: state.stepCount - 1 });
  return { ...state, status: "approved" };
}

/** The first state of a new instance. */
export function start(submitterId: string, stepCount: number, resolve: StepResolver): TransitionResult {
  const events: WorkflowEvent[] = [{ type: "started", actorId: submitterId, stepIndex: 0 }];
  const initial: InstanceState = {
    status: "in_review",
    submitterId,
    stepCount,
    step: { index: 0, name: "", mode: "any", assignees: [], added: [], approvals: [], dueAt: "" },
    touched: false,
    cc: [],
    version: 1,
  };
  return { state: begin(initial, 0, resolve, events), events };
}

function refuse(message: string, code: "workflow.invalid_action" | "workflow.not_assignee" = "workflow.invalid_action", actorId?: string): never {
  throw new AppError(code, message, { details: actorId ? { actorId } : undefined });
}

function requirePending(state: InstanceState, actorId: string): void {
  if (state.status !== "in_review") refuse("该事项当前不在审批中");
  if (!pendingApprovers(state).includes(actorId)) refuse("您不是当前步骤的审批人", "workflow.not_assignee", actorId);
}

/**
 * Applies one action. Throws `workflow.invalid_action` when the action does not fit the
 * state (approving a finished instance, withdrawing after someone acted) and
 * `workflow.not_assignee` when the actor may not take it.
 */
export function transition(state: InstanceState, action: Action, resolve: StepResolver): TransitionResult {
  const events: WorkflowEvent[] = [];
  const principal = state.status === "in_review" ? state.step.onBehalfOf?.[action.actorId] : undefined;
  const event = (extra: Partial<WorkflowEvent> = {}): WorkflowEvent => ({
    type: action.type,
    actorId: action.actorId,
    stepIndex: state.step.index,
    stepName: state.step.name,
    comment: action.comment,
    ...(principal && { onBehalfOf: principal }),
    ...extra,
  });
  const next = (s: InstanceState): TransitionResult => ({ state: { ...s, version: state.version + 1 }, events });

  switch (action.type) {
    case "approve": {
      requirePending(state, action.actorId);
      events.push(event());
      const step = { ...state.step, approvals: unique([...state.step.approvals, action.actorId]) };
      const touched = { ...state, step, touched: true };
      return next(stepComplete(step) ? begin(touched, step.index + 1, resolve, events) : touched);
    }
    case "reject":
      requirePending(state, action.actorId);
      if (!action.comment.trim()) refuse("驳回须填写理由");
      events.push(event());
      return next({ ...state, status: "rejected", touched: true });
    case "return": {
      requirePending(state, action.actorId);
      if (!action.comment.trim()) refuse("退回须填写理由");
      if (action.to === "submitter") {
        events.push(event({ subjects: [state.submitterId] }));
        return next({ ...state, status: "returned", resumeAt: state.step.index, touched: true });
      }
      if (!Number.isInteger(action.to) || action.to < 0 || action.to >= state.step.index) refuse("只能退回到之前的步骤");
      events.push(event());
      return next(begin({ ...state, touched: true }, action.to, resolve, events));
    }
    case "resubmit":
      if (state.status !== "returned") refuse("只有被退回的事项才能重新提交");
      if (action.actorId !== state.submitterId) refuse("只有提交人可以重新提交", "workflow.not_assignee");
      events.push(event({ stepIndex: state.resumeAt ?? 0 }));
      return next(begin({ ...state, resumeAt: undefined }, state.resumeAt ?? 0, resolve, events));
    case "transfer": {
      requirePending(state, action.actorId);
      const { assignees, added } = state.step;
      if (action.to === action.actorId || action.to === state.submitterId || assignees.includes(action.to) || added.includes(action.to)) {
        refuse("不能转交给此人");
      }
      events.push(event({ subjects: [action.to] }));
      const swap = (ids: string[]) => ids.map((id) => (id === action.actorId ? action.to : id));
      // A delegate acts for the approver (or for whom the one handing over was acting); anyone else given the task acts as themself.
      const { [action.actorId]: _handedOn, ...others } = state.step.onBehalfOf ?? {};
      const onBehalfOf = action.delegation ? { ...others, [action.to]: principal ?? action.actorId } : others;
      const step: StepState = { ...state.step, assignees: swap(assignees), added: swap(added), onBehalfOf };
      if (Object.keys(onBehalfOf).length === 0) delete step.onBehalfOf;
      // Handing over to one's delegate is not acting on the approval: the submitter may still withdraw.
      return next({ ...state, step, touched: action.delegation ? state.touched : true });
    }
    case "add_signer": {
      requirePending(state, action.actorId);
      const { assignees, added } = state.step;
      if (action.signer === state.submitterId || assignees.includes(action.signer) || added.includes(action.signer)) refuse("此人已在本步骤中或不能加签");
      events.push(event({ subjects: [action.signer] }));
      return next({ ...state, step: { ...state.step, added: [...added, action.signer] }, touched: true });
    }
    case "withdraw":
      if (action.actorId !== state.submitterId) refuse("只有提交人可以撤回", "workflow.not_assignee");
      if (state.status !== "in_review" || state.touched) refuse("审批人已处理，不能撤回");
      events.push(event());
      return next({ ...state, status: "withdrawn" });
    case "comment":
      if (!action.comment.trim()) refuse("评论不能为空");
      events.push(event());
      return next(state);
    case "cc": {
      if (action.actorId !== state.submitterId && !pendingApprovers(state).includes(action.actorId)) refuse("只有提交人或当前审批人可以抄送", "workflow.not_assignee");
      const people = action.people.filter((id) => id !== state.submitterId);
      if (people.length === 0) refuse("请选择抄送对象");
      events.push(event({ subjects: people }));
      return next({ ...state, cc: unique([...state.cc, ...people]) });
    }
  }
}

/** Whether the current step is past its due time. */
export function isOverdue(state: InstanceState, now: Date): boolean {
  return state.status === "in_review" && state.step.dueAt !== "" && new Date(state.step.dueAt) < now;
}
