import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { AppError } from "../errors";
import { createForm } from "../forms/forms";
import { getSubmission, listSubmissions, type Submission, type SubmissionStatus } from "../forms/submission-store";
import { idFromIdempotencyKey, nowIso } from "../ids";
import { getMember, type Member } from "../members/members";
import { requireOrg } from "../orgs/orgs";
import type { TransactItem } from "../db/transactions";
import type { Instance } from "../workflows/instances";
import { createWorkflow, getWorkflow, resolveApprovers, type Workflow } from "../workflows/workflows";
import { isConditional, type WorkflowDefinition } from "../workflows/definition";
import { decideNomination, NOMINATION_KEYS, nominationForm, nominationRequest, withCandidate } from "./nomination-rules";
import { expectStatus, getElection, transition, transitionItems, type Election } from "./store";

/**
 * 候选人提名: candidates that come from a nomination form vetted by an approval chain.
 *
 * While the election is being set up (`draft`, before the roll is frozen) its admin turns
 * nominations on: that creates a published 候选人提名表 owned by the election's org and carrying
 * the election's id, routed through an approval chain (one step, the org's admins, unless an
 * existing chain is chosen). Members submit nominations; the chain approves, returns or
 * rejects them in the ordinary workflow inbox. When a nomination's approval completes, the
 * effect below — in the approval's own transaction — either adds the nominee as a candidate of
 * the position (an audited change of the election, conditional on the version it read), or
 * records why not: the election is past setup, the nominee is not a member, is already a
 * candidate there, is a scrutineer, or an 等额 position is full. Either way the outcome is stored
 * (`NOMINATION#<submissionId>` under the election), never dropped silently.
 */

/**
 * One step, 或签: the org's admins as they are when nominations open (named people, so a
 * nomination from a member of a unit beneath the org still goes to this org's admins), or the
 * election admin who turned nominations on when the org has no admins of its own.
 */
function defaultChain(approvers: string[]): WorkflowDefinition {
  return {
    name: "候选人提名审核",
    steps: [{ name: "组织管理员审核", approvers: { kind: "people", accountIds: approvers.slice(0, 20) }, mode: "any", dueDays: 5 }],
  };
}

/** Turns nominations on (draft only; a second call returns the election as it is). */
export async function openNominations(election: Election, actor: { accountId: string }, workflowId?: string): Promise<Election> {
  if (election.nomination) return election;
  expectStatus(election, ["draft"], "开启候选人提名");
  if (election.config.positions.length === 0) throw new AppError("election.invalid_state", "本次选举没有设置职务，无需提名候选人");
  const org = await requireOrg(election.orgId);
  let workflow: Workflow | undefined;
  if (workflowId) {
    workflow = await getWorkflow(workflowId);
    if (!workflow || workflow.orgId !== election.orgId) throw new AppError("validation.failed", "请选择本组织的审批流程", { fields: { workflowId: ["审批流程不存在或不属于本组织"] } });
    // Its conditions read another form's answers; the nomination form has none of them.
    if (isConditional(workflow)) throw new AppError("validation.failed", "提名审核不能使用带条件分支的审批流程", { fields: { workflowId: ["该流程带条件分支"] } });
  } else {
    const admins = (await resolveApprovers({ steps: [{ name: "", approvers: { kind: "role", role: "admin", at: { kind: "unit" } }, mode: "any", dueDays: 5 }] }, org))[0] ?? [];
    workflow = await createWorkflow(election.orgId, defaultChain(admins.length > 0 ? admins : [actor.accountId]), idFromIdempotencyKey("nomination-chain", election.electionId, "1"));
  }
  // A step nobody can act on would approve nominations at once, without anyone vetting them.
  const approvers = await resolveApprovers(workflow, org);
  const empty = approvers.findIndex((people) => people.length === 0);
  if (empty >= 0) throw new AppError("validation.failed", `审批流程第${empty + 1}步“${workflow.steps[empty]!.name}”在本组织没有审批人`, { fields: { workflowId: ["该流程有步骤没有审批人"] } });
  const { form } = await createForm(election.orgId, nominationForm(election), {
    publish: true,
    formId: idFromIdempotencyKey("nomination-form", election.electionId, "1"),
    workflowId: workflow.workflowId,
    electionId: election.electionId,
  });
  const nomination = { formId: form.formId, workflowId: workflow.workflowId, workflowName: workflow.name, openedAt: nowIso(), openedBy: actor.accountId };
  return transition(election, { nomination }, { action: "nominations_opened", actorId: actor.accountId, formId: form.formId, workflowId: workflow.workflowId });
}

export interface NominationOutcome {
  submissionId: string;
  instanceId: string;
  positionId: string;
  name: string;
  accountId?: string;
  outcome: "added" | "refused";
  candidateId?: string;
  reason?: string;
  at: string;
}

const SUBMISSION_LABELS: Record<SubmissionStatus, string> = {
  draft: "草稿",
  submitted: "已提交",
  in_review: "审核中",
  returned: "已退回",
  approved: "已通过",
  rejected: "未通过",
  withdrawn: "已撤回",
};

export interface NominationView {
  submissionId: string;
  submitterName: string;
  submittedAt?: string;
  positionId: string;
  positionTitle: string;
  name: string;
  reasons: string;
  referee?: string;
  status: SubmissionStatus;
  statusLabel: string;
  instanceId?: string;
  outcome?: Pick<NominationOutcome, "outcome" | "candidateId" | "reason" | "at">;
}

/** Every nomination submitted, newest first, with its approval status and what became of it. */
export async function listNominations(election: Election): Promise<NominationView[]> {
  if (!election.nomination) return [];
  const submissions: Submission[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSubmissions(election.nomination.formId, { cursor, limit: 100 });
    submissions.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const key = Keys.electionNominationsOf(election.electionId);
  const outcomes = new Map(
    (await queryAll({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix }, ConsistentRead: true })).map((item) => [
      item.submissionId as string,
      item as unknown as NominationOutcome,
    ]),
  );
  const titles = new Map(election.config.positions.map((p) => [p.id, p.title]));
  return submissions
    .filter((s) => s.status !== "draft")
    .map((s) => {
      const request = nominationRequest(s.data);
      const outcome = outcomes.get(s.submissionId);
      return {
        submissionId: s.submissionId,
        submitterName: s.submitterName,
        submittedAt: s.submittedAt,
        positionId: request.positionId,
        positionTitle: titles.get(request.positionId) ?? request.positionId,
        name: request.name,
        reasons: String(s.data[NOMINATION_KEYS.reasons] ?? ""),
        referee: s.data[NOMINATION_KEYS.referee] ? String(s.data[NOMINATION_KEYS.referee]) : undefined,
        status: s.status,
        statusLabel: SUBMISSION_LABELS[s.status],
        instanceId: s.instanceId,
        outcome: outcome ? { outcome: outcome.outcome, candidateId: outcome.candidateId, reason: outcome.reason, at: outcome.at } : undefined,
      };
    });
}

async function memberByPhone(orgId: string, phone: string): Promise<Member | undefined> {
  if (!phone) return undefined;
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.login(phone), ConsistentRead: true }));
  return Item?.accountId ? getMember(orgId, Item.accountId as string) : undefined;
}

/** The writes an approved nomination makes, in the approval's transaction. */
export async function nominationItems(instance: Instance, written?: Submission): Promise<TransactItem[]> {
  if (instance.state.status !== "approved" || instance.subject.kind !== "submission") return [];
  const { Item: form } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.form(instance.subject.formId), ProjectionExpression: "electionId" }));
  const electionId = form?.electionId as string | undefined;
  if (!electionId) return [];
  const [submission, election] = await Promise.all([written ?? getSubmission(instance.subject.submissionId), getElection(electionId, true)]);
  if (!submission || !election) return [];
  const request = nominationRequest(submission.data);
  const member = await memberByPhone(election.orgId, request.phone);
  const decision = decideNomination(election, request, member, submission.submissionId);
  const outcome: NominationOutcome = {
    submissionId: submission.submissionId,
    instanceId: instance.instanceId,
    positionId: decision.positionId,
    name: request.name,
    accountId: member?.accountId,
    outcome: "add" in decision ? "added" : "refused",
    candidateId: "add" in decision ? decision.add.id : undefined,
    reason: "refused" in decision ? decision.refused : undefined,
    at: instance.updatedAt,
  };
  const record: TransactItem = {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.electionNomination(electionId, submission.submissionId), type: "election_nomination", electionId, ...outcome },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
  if (!("add" in decision)) return [record];
  const { items } = transitionItems(
    election,
    { config: withCandidate(election.config, decision.positionId, decision.add) },
    { action: "candidate_nominated", positionId: decision.positionId, candidate: decision.add, nominationId: submission.submissionId, instanceId: instance.instanceId },
  );
  return [...items, record];
}
