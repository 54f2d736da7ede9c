import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { ApprovalKind } from "../approvals/kinds";
import type { Overrides } from "../calendar/working-days";
import { can, type Actor } from "../access/policy";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { readAuditLog } from "../db/audit-log";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { newId } from "../ids";
import type { Org } from "../orgs/orgs";
import { nextEntry, verifyChain, type AuditEntry, type ChainVerdict } from "./audit";
import { inboxCountItems } from "./inbox-store";
import { isConditional, type StepMode } from "./definition";
import { pendingApprovers, start, transition, type Action, type InstanceState, type InstanceStatus, type StepResolver, type WorkflowEvent } from "./machine";
import { dueCalendar, stepDueAt } from "./due";
import { resumeIndex, routeOf } from "./route";
import { resolveApprovers, type Workflow } from "./workflows";


/** What is being approved: a form submission (an activity proposal, a case entry, ...). */
export interface InstanceSubject {
  kind: "submission";
  /** What else the approval writes (approvals/outcomes.ts); recorded at the start. */
  approvalKind: ApprovalKind;
  submissionId: string;
  formId: string;
  title: string;
}

export interface InstanceStep {
  name: string;
  mode: StepMode;
  dueDays: number;
  assignees: string[];
  /** Which step of the chain this is (`s1`, `b0.s2`: route.ts), so a new route on resubmission keeps what was approved. */
  key?: string;
}

/** 条件分支: how the answers routed a conditional chain (absent for a chain without conditions). */
export interface InstanceRoute {
  branch?: string;
  /** Steps of the chain left out because their condition does not hold. */
  skipped: string[];
}

export interface Instance {
  instanceId: string;
  workflowId: string;
  workflowName: string;
  /** The org whose chain this is. */
  orgId: string;
  unitId: string;
  unitName: string;
  /** The unit's ancestors, root first: supervising offices may look in. */
  unitPath: string[];
  submitterId: string;
  submitterName: string;
  subject: InstanceSubject;
  steps: InstanceStep[];
  route?: InstanceRoute;
  /** 代理审批: people who have held a task of this approval as someone's delegate. */
  delegates?: string[];
  state: InstanceState;
  /** The newest audit entry's hash, so the next entry links to it without a read. */
  auditHead: string;
  /**
   * The newest audit entry's number. Notes that change no state (催办) join the chain too, so it
   * can run ahead of `state.version`; absent on instances no note has touched (then it is the version).
   */
  auditSeq?: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * What else the transaction of a status change writes (approvals/outcomes.ts). `previous` is
 * undefined when the instance finishes at its start (no step had an approver).
 */
export type OutcomeWrites = (instance: Instance, previous: InstanceStatus | undefined) => Promise<TransactItem[]>;

/**
 * 代理审批: for the approvers of an instance, who acts for them now (approver → delegate), only
 * where the delegation holds today, the delegate has standing in the submitter's unit and is not
 * the submitter. Supplied by the approvals module; the engine knows nothing of how it is kept.
 */
export type DelegationLookup = (approvers: string[], where: { unitId: string; unitPath: string[]; submitterId: string }, now: Date) => Promise<ReadonlyMap<string, string>>;

/** Resolves a step as it begins: a task arriving for an approver away goes to their delegate (unless already on the step). */
function resolverFor(steps: InstanceStep[], now: Date, delegates: ReadonlyMap<string, string> = new Map(), calendar?: Overrides): StepResolver {
  return (index) => {
    const step = steps[index]!;
    const onBehalfOf: Record<string, string> = {};
    const assignees = step.assignees.map((id) => {
      const delegate = delegates.get(id);
      if (!delegate || step.assignees.includes(delegate) || onBehalfOf[delegate]) return id;
      onBehalfOf[delegate] = id;
      return delegate;
    });
    const dueAt = stepDueAt(now, step.dueDays, calendar);
    return { index, name: step.name, mode: step.mode, assignees, dueAt, ...(Object.keys(onBehalfOf).length > 0 && { onBehalfOf }) };
  };
}

async function delegatesFor(lookup: DelegationLookup | undefined, steps: InstanceStep[], where: { unitId: string; unitPath: string[]; submitterId: string }, now: Date) {
  return lookup ? lookup([...new Set(steps.flatMap((step) => step.assignees))], where, now) : new Map<string, string>();
}

/** Everyone who has held a task as a delegate, so they may still read the approval afterwards. */
function delegatesOf(previous: string[] | undefined, state: InstanceState): string[] | undefined {
  const all = [...new Set([...(previous ?? []), ...Object.keys(state.step.onBehalfOf ?? {})])];
  return all.length > 0 ? all : undefined;
}

function auditItem(instanceId: string, previous: Pick<AuditEntry, "seq" | "hash"> | undefined, event: Record<string, unknown>, at: string): { entry: AuditEntry; item: TransactItem } {
  const entry = nextEntry(previous, event, at);
  return {
    entry,
    item: { Put: { TableName: tableName(), Item: { ...Keys.auditEntry(instanceId, entry.seq), type: "audit", instanceId, ...entry }, ConditionExpression: "attribute_not_exists(pk)" } },
  };
}

/** Where the audit chain of an instance ends: the next entry links to this. */
const auditTail = (instance: Instance) => ({ seq: instance.auditSeq ?? instance.state.version, hash: instance.auditHead });

/**
 * The writes that append a note to an instance's audit chain without moving its state (催办):
 * the entry, and the instance's new chain end, conditional on the end it was read at. A note
 * racing an action or another note loses one of the two conditions; the caller reads again.
 */
export function auditNoteItems(instance: Instance, event: Record<string, unknown>, at: string): TransactItem[] {
  const audit = auditItem(instance.instanceId, auditTail(instance), event, at);
  return [
    audit.item,
    {
      Update: {
        TableName: tableName(),
        Key: Keys.instance(instance.instanceId),
        UpdateExpression: "SET auditHead = :head, auditSeq = :seq",
        ConditionExpression: "auditHead = :previous",
        ExpressionAttributeValues: { ":head": audit.entry.hash, ":seq": audit.entry.seq, ":previous": instance.auditHead },
      },
    },
  ];
}

/** gsi3: open tasks by the day they fall due, so the reminder job finds overdue ones by Query. */
export function taskDue(dueAt: string, instanceId: string, accountId: string) {
  return { gsi3pk: `DUE#${dueAt.slice(0, 10)}`, gsi3sk: `${dueAt}#${instanceId}#${accountId}` };
}

/**
 * `origin`: the action that put the task there (a 转交 or 加签 is told differently from a new step).
 * The inbox badges of the people concerned move in the same transaction (inbox-store.ts).
 */
function taskItems(instance: Instance, before: string[], after: string[], origin: string): TransactItem[] {
  const removed = before.filter((id) => !after.includes(id));
  const added = after.filter((id) => !before.includes(id));
  const { state } = instance;
  return [
    ...inboxCountItems([...removed.map((accountId) => ({ accountId, delta: -1 })), ...added.map((accountId) => ({ accountId, delta: 1 }))]),
    ...removed.map((accountId) => ({ Delete: { TableName: tableName(), Key: Keys.task(instance.instanceId, accountId) } })),
    ...added.map((accountId) => ({
      Put: {
        TableName: tableName(),
        Item: {
          ...Keys.task(instance.instanceId, accountId),
          ...Keys.taskInInbox(accountId, state.step.dueAt, instance.instanceId),
          ...taskDue(state.step.dueAt, instance.instanceId, accountId),
          type: "task",
          accountId,
          instanceId: instance.instanceId,
          title: instance.subject.title,
          approvalKind: instance.subject.approvalKind,
          stepName: state.step.name,
          submitterName: instance.submitterName,
          unitName: instance.unitName,
          dueAt: state.step.dueAt,
          assignedAt: instance.updatedAt,
          origin,
        },
      },
    })),
  ];
}

function ccItems(instance: Instance, before: string[]): TransactItem[] {
  return instance.state.cc
    .filter((id) => !before.includes(id))
    .map((accountId) => ({
      Put: {
        TableName: tableName(),
        Item: { ...Keys.ccEntry(instance.instanceId, accountId), ...Keys.ccInList(accountId, instance.updatedAt, instance.instanceId), type: "cc", accountId, instanceId: instance.instanceId, title: instance.subject.title, unitName: instance.unitName },
      },
    }));
}

function eventRecord(action: string, actorId: string | undefined, from: InstanceStatus | undefined, state: InstanceState, events: WorkflowEvent[]) {
  // 代理审批: "张三（代李四）" — the approver the actor acted for, as the machine recorded it.
  const onBehalfOf = events.find((event) => event.actorId === actorId && event.onBehalfOf)?.onBehalfOf;
  return { action, actorId, ...(onBehalfOf && { onBehalfOf }), fromStatus: from, toStatus: state.status, stepIndex: state.step.index, version: state.version, events };
}

/**
 * The steps an instance runs for these answers, with their approvers resolved from `unit`: every
 * step of a chain without conditions, else the route the answers take (route.ts).
 */
export async function plannedSteps(workflow: Workflow, unit: Org, answers: Record<string, unknown>): Promise<{ steps: InstanceStep[]; route?: InstanceRoute }> {
  const conditional = isConditional(workflow);
  const route = conditional ? routeOf(workflow, answers) : { steps: workflow.steps.map((step, index) => ({ ...step, key: `s${index}` })), skipped: [] };
  const approvers = await resolveApprovers(route, unit);
  const steps = route.steps.map((step, index) => ({ name: step.name, mode: step.mode, dueDays: step.dueDays, assignees: approvers[index] ?? [], key: step.key }));
  return { steps, ...(conditional && { route: { ...(route.branch !== undefined && { branch: route.branch }), skipped: route.skipped.map((s) => s.name) } }) };
}

/** What the audit records of a route: the steps in order, the branch and what was left out. */
function routeRecord(steps: InstanceStep[], route: InstanceRoute | undefined): Record<string, unknown> {
  return route ? { route: { steps: steps.map((step) => step.name), ...route } } : {};
}

/**
 * Starts an approval for a subject submitted from `unit`. Returns the writes to make in
 * the subject's own transaction, so a submission and its approval exist together or not at all.
 * A chain in which no step has anyone to approve finishes at once, and its `outcome` writes (an
 * approved proposal opening its activity) are among the writes.
 */
export async function startInstance(input: {
  workflow: Workflow;
  unit: Org;
  submitter: { accountId: string; name: string };
  subject: InstanceSubject;
  /** The submitted answers (as stored, of the pinned version): a conditional chain routes on them. */
  answers: Record<string, unknown>;
  outcome: OutcomeWrites;
  delegations?: DelegationLookup;
  instanceId?: string;
}): Promise<{ instance: Instance; items: TransactItem[] }> {
  const { steps, route } = await plannedSteps(input.workflow, input.unit, input.answers);
  const now = new Date();
  const delegates = await delegatesFor(input.delegations, steps, { unitId: input.unit.orgId, unitPath: input.unit.path, submitterId: input.submitter.accountId }, now);
  const { state, events } = start(input.submitter.accountId, steps.length, resolverFor(steps, now, delegates, await dueCalendar(now)));
  const delegated = delegatesOf(undefined, state);
  const at = now.toISOString();
  const instance: Instance = {
    instanceId: input.instanceId ?? newId(),
    workflowId: input.workflow.workflowId,
    workflowName: input.workflow.name,
    orgId: input.workflow.orgId,
    unitId: input.unit.orgId,
    unitName: input.unit.name,
    unitPath: input.unit.path,
    submitterId: input.submitter.accountId,
    submitterName: input.submitter.name,
    subject: input.subject,
    steps,
    ...(route && { route }),
    ...(delegated && { delegates: delegated }),
    state,
    auditHead: "",
    createdAt: at,
    updatedAt: at,
  };
  const audit = auditItem(instance.instanceId, undefined, { ...eventRecord("start", input.submitter.accountId, undefined, state, events), ...routeRecord(steps, route) }, at);
  instance.auditHead = audit.entry.hash;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: { ...Keys.instance(instance.instanceId), ...Keys.instanceOfSubmitter(instance.submitterId, at, instance.instanceId), type: "instance", ...instance },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    audit.item,
    ...taskItems(instance, [], pendingApprovers(state), "start"),
  ];
  if (state.status !== "in_review") items.push(...(await input.outcome(instance, undefined)));
  return { instance, items };
}

export async function getInstance(instanceId: string): Promise<Instance | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.instance(instanceId), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, type: _type, ...instance } = Item;
  return instance as unknown as Instance;
}

export async function requireInstance(instanceId: string): Promise<Instance> {
  const found = await getInstance(instanceId);
  if (!found) throw new AppError("instance.not_found", "审批事项不存在");
  return found;
}

/** How often an action is re-decided when only an effect's item changed meanwhile (see `act`). */
const EFFECT_ATTEMPTS = 4;

/**
 * Applies one action: one transaction that moves the instance on only if it is still at the
 * version it was read at, appends the audit entry, and moves the tasks. Of two reviewers
 * acting at once, one wins; the other gets 409 with the state as it now is.
 *
 * When the instance was not touched but an effect's write lost a race (an approved nomination
 * adding a candidate while another approval changed the same election), nobody acted on this
 * approval: the action is applied again from fresh reads, so the effect decides again on what
 * its subject now is. Should that keep losing, the 409 says so (`workflow.subject_busy`).
 */
export interface ActOptions {
  /** What else a status change writes; omitted when the caller writes the subject itself (a resubmission). */
  outcome?: OutcomeWrites;
  /** Writes that must hold in the same transaction (a function is given the instance as the action leaves it). */
  extraItems?: TransactItem[] | ((next: Instance) => TransactItem[]);
  /**
   * A resubmission with revised answers: the route they take (undefined: the route stays). The
   * instance then runs the new steps, resuming at the first one not approved before the return.
   */
  reroute?: (current: Instance) => Promise<{ steps: InstanceStep[]; route?: InstanceRoute } | undefined>;
  /** Who acts for an approver away (代理审批) when a step begins. */
  delegations?: DelegationLookup;
  /** The instance as the caller just read it (strongly consistent), so the first attempt does not read it again. */
  current?: Instance;
}

export async function act(instanceId: string, action: Action, options: ActOptions = {}): Promise<Instance> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await actOnce(instanceId, action, attempt === 1 ? options : { ...options, current: undefined });
    } catch (error) {
      if (error instanceof Contended) {
        // Another transaction held an item this one writes (a count shard of the same next approver): nothing was written.
        if (attempt >= EFFECT_ATTEMPTS) throw error.cause;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      if (!(error instanceof EffectLostRace)) throw error;
      if (attempt >= EFFECT_ATTEMPTS) {
        throw new AppError("workflow.subject_busy", "审批关联的事项（如选举）正被同时修改，本次操作未生效，请稍后重试", { details: { attempts: attempt } });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** Only an effect's condition failed: the instance is as it was read. */
class EffectLostRace extends Error {}

/** The transaction was cancelled for contention only (no condition failed): it may be sent again from fresh reads. */
class Contended extends Error {}

/** The instance on a new route, its state resuming where route.ts says (only a returned instance, whose steps all have keys). */
async function rerouted(current: Instance, options: ActOptions): Promise<{ base: Instance; routed: boolean }> {
  const { state } = current;
  if (!options.reroute || state.status !== "returned" || current.steps.some((step) => !step.key)) return { base: current, routed: false };
  const planned = await options.reroute(current);
  if (!planned) return { base: current, routed: false };
  const resumeAt = resumeIndex(current.steps.map((step) => step.key!), state.resumeAt ?? 0, planned.steps.map((step) => step.key!));
  return { base: { ...current, steps: planned.steps, route: planned.route, state: { ...state, stepCount: planned.steps.length, resumeAt } }, routed: true };
}

async function actOnce(instanceId: string, action: Action, options: ActOptions): Promise<Instance> {
  const current = options.current ?? (await requireInstance(instanceId));
  const { base, routed } = await rerouted(current, options);
  const now = new Date();
  const decide = (delegates?: ReadonlyMap<string, string>, calendar?: Overrides) => stale(base, () => transition(base.state, action, resolverFor(base.steps, now, delegates, calendar)));
  let decided = decide();
  // Delegations and the calendar's overrides (for the due time) matter only to a step that begins: only then are they read.
  if (decided.events.some((event) => event.type === "step_started")) {
    const [delegates, calendar] = await Promise.all([options.delegations ? delegatesFor(options.delegations, base.steps, base, now) : undefined, dueCalendar(now)]);
    decided = decide(delegates, calendar);
  }
  const { state, events } = decided;
  const updatedAt = now.toISOString();
  const lastAudit = auditTail(current);
  const record = { ...eventRecord(action.type, action.actorId, current.state.status, state, events), ...actionDetails(action), ...(routed ? routeRecord(base.steps, base.route) : {}) };
  const audit = auditItem(instanceId, lastAudit, record, updatedAt);
  const delegated = delegatesOf(base.delegates, state);
  const next: Instance = { ...base, state, auditHead: audit.entry.hash, auditSeq: audit.entry.seq, updatedAt, ...(delegated && { delegates: delegated }) };
  const effects = state.status !== current.state.status && options.outcome ? await options.outcome(next, current.state.status) : [];
  const extra = typeof options.extraItems === "function" ? options.extraItems(next) : (options.extraItems ?? []);
  const own = [audit.item, ...taskItems(next, pendingApprovers(current.state), pendingApprovers(state), action.type), ...ccItems(next, current.state.cc)];
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: Keys.instance(instanceId),
              UpdateExpression: `SET #state = :state, updatedAt = :now, auditHead = :head, auditSeq = :seq${routed ? ", steps = :steps, #route = :route" : ""}${delegated ? ", delegates = :delegates" : ""}`,
              ConditionExpression: "#state.version = :version",
              ExpressionAttributeNames: { "#state": "state", ...(routed && { "#route": "route" }) },
              ExpressionAttributeValues: {
                ":state": state,
                ":now": next.updatedAt,
                ":version": current.state.version,
                ":head": next.auditHead,
                ":seq": audit.entry.seq,
                ...(routed && { ":steps": next.steps, ":route": next.route ?? null }),
                ...(delegated && { ":delegates": delegated }),
              },
            },
          },
          ...own,
          ...effects,
          ...extra,
        ],
      }),
    );
  } catch (error) {
    const reasons = cancellationReasons(error);
    // Only a failed condition means someone else moved first; contention is retried as a 503.
    if (reasons?.includes("ConditionalCheckFailed")) {
      const failed = (from: number, count: number) => reasons.slice(from, from + count).includes("ConditionalCheckFailed");
      const instanceMoved = failed(0, 1 + own.length);
      if (!instanceMoved && failed(1 + own.length, effects.length) && !failed(1 + own.length + effects.length, reasons.length)) throw new EffectLostRace();
      const latest = await getInstance(instanceId);
      // A note (催办) took the chain's next place while nobody acted: decide again on the chain as it now ends.
      if (latest && latest.state.version === current.state.version && latest.auditHead !== current.auditHead) throw new EffectLostRace();
      throw new AppError("workflow.conflict", "该事项刚被他人处理，请刷新后查看最新状态", { details: { state: latest?.state } });
    }
    if (reasons?.includes("TransactionConflict") || (error as { name?: string })?.name === "TransactionConflictException") throw new Contended("contended", { cause: error });
    throw error;
  }
  return next;
}

/**
 * An approver of this chain acting on a step that has already moved on (the other 或签
 * approver was faster) is told so as a conflict with the current state, not as a stranger.
 */
function stale<T>(instance: Instance, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AppError && error.code === "workflow.not_assignee") {
      const { state } = instance;
      const passed = instance.steps.slice(0, state.status === "in_review" ? state.step.index : instance.steps.length);
      const wasApprover = (id: string) => passed.some((step) => step.assignees.includes(id));
      const actorId = (error.details?.actorId as string | undefined) ?? "";
      if (wasApprover(actorId)) throw new AppError("workflow.conflict", "该步骤已由他人处理，请刷新后查看最新状态", { details: { state: instance.state } });
    }
    throw error;
  }
}

function actionDetails(action: Action): Record<string, unknown> {
  switch (action.type) {
    case "return":
      return { to: action.to };
    case "transfer":
      return { to: action.to, ...(action.delegation && { delegation: true }) };
    case "add_signer":
      return { signer: action.signer };
    case "cc":
      return { people: action.people };
    default:
      return {};
  }
}

/** The whole audit trail, oldest first. */
export function auditTrail(instanceId: string): Promise<AuditEntry[]> {
  return readAuditLog(Keys.auditOf(instanceId));
}

export async function verifyAudit(instanceId: string): Promise<ChainVerdict> {
  return verifyChain(await auditTrail(instanceId));
}

/** What a person submitted for approval, newest first. */
export async function instancesOf(accountId: string): Promise<Instance[]> {
  const key = Keys.instancesOfSubmitter(accountId);
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
      ExpressionAttributeValues: { ":pk": key.gsi1pk, ":prefix": key.gsi1skPrefix },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  return (result.Items ?? []).map(({ pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, type: _t, ...rest }) => rest as unknown as Instance);
}

/** Participants, and the unit's supervising admins and reviewers, may read an instance. */
export function mayReadInstance(actor: Actor, instance: Instance): boolean {
  return participants(instance).has(actor.accountId) || can(actor, "submissions.read", { orgId: instance.unitId, path: instance.unitPath });
}

/** Everyone who took part in an instance: they may read it. */
export function participants(instance: Instance): Set<string> {
  return new Set([
    instance.submitterId,
    ...instance.steps.flatMap((step) => step.assignees),
    ...instance.state.step.assignees,
    ...instance.state.step.added,
    ...instance.state.cc,
    ...(instance.delegates ?? []),
  ]);
}
