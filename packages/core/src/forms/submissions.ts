import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { decodeCursor, encodeCursor, type Page } from "../db/paging";
import { cancellationReasons } from "../db/transactions";
import { AppError, fieldErrorsFromIssues } from "../errors";
import { newId, nowIso } from "../ids";
import { attachUploadItem, verifyUpload } from "../uploads/uploads";
import { attachedFiles, fileRule } from "./attachments";
import { requireOrg } from "../orgs/orgs";
import { act, onInstanceStatus, startInstance, type TransactItem as InstanceItem } from "../workflows/instances";
import type { InstanceStatus } from "../workflows/machine";
import { getWorkflow } from "../workflows/workflows";
import type { Form, FormVersion } from "./forms";
import { compileForm } from "./index";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** Statuses a submission moves through; approval workflows add their own after `submitted`. */
export type SubmissionStatus = "draft" | "submitted" | "in_review" | "returned" | "approved" | "rejected" | "withdrawn";

/** The submitter may change the answers only in these. */
const EDITABLE: readonly SubmissionStatus[] = ["draft", "returned"];

export interface Submission {
  submissionId: string;
  formId: string;
  formOrgId: string;
  /** Pinned at creation: the answers are always read against this version. */
  version: number;
  /** The submitter's own org (e.g. their 新空间) the submission is made for. */
  unitId: string;
  submitterId: string;
  submitterName: string;
  status: SubmissionStatus;
  data: Record<string, unknown>;
  /** Increases with every write; the client sends the one it loaded. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  /** The approval this submission went into, when its form has a chain. */
  instanceId?: string;
}

export interface Submitter {
  accountId: string;
  name: string;
}

const SUBMISSION_FIELDS = [
  "submissionId", "formId", "formOrgId", "version", "unitId", "submitterId", "submitterName",
  "status", "data", "revision", "createdAt", "updatedAt", "submittedAt", "instanceId",
] as const;

const STATUS_OF_INSTANCE: Record<InstanceStatus, SubmissionStatus> = {
  in_review: "in_review",
  returned: "returned",
  approved: "approved",
  rejected: "rejected",
  withdrawn: "withdrawn",
};

// The submission follows its approval: each transition writes the new status atomically
// (at the start, the submission is written with its status by the same transaction).
onInstanceStatus((instance, _previous, written) =>
  instance.subject.kind === "submission" && !written
    ? [
        {
          Update: {
            TableName: tableName(),
            Key: Keys.submission(instance.subject.submissionId),
            UpdateExpression: "SET #status = :status, gsi3pk = :byStatus, updatedAt = :now",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":status": STATUS_OF_INSTANCE[instance.state.status],
              ":byStatus": Keys.submissionsByForm(instance.subject.formId, STATUS_OF_INSTANCE[instance.state.status]).pk,
              ":now": instance.updatedAt,
            },
          },
        },
      ]
    : [],
);

/**
 * When the form has an approval chain, the items that start it for this submission, and the
 * status the submission takes (in review, or approved at once when no step has approvers).
 */
async function approvalFor(form: Form, submission: Submission, title: string): Promise<{ items: InstanceItem[]; status: SubmissionStatus; instanceId?: string }> {
  if (!form.workflowId) return { items: [], status: "submitted" };
  const workflow = await getWorkflow(form.workflowId);
  if (!workflow) return { items: [], status: "submitted" };
  const { instance, items } = await startInstance({
    workflow,
    unit: await requireOrg(submission.unitId),
    submitter: { accountId: submission.submitterId, name: submission.submitterName },
    subject: { kind: "submission", submissionId: submission.submissionId, formId: form.formId, title },
    subjectItem: { ...submission },
  });
  return { items, status: STATUS_OF_INSTANCE[instance.state.status], instanceId: instance.instanceId };
}

/** A short title for inboxes: the answer to the first text field, else the form's title. */
function subjectTitle(version: FormVersion, data: Record<string, unknown>): string {
  const first = version.definition.fields.find((field) => field.type === "text" && typeof data[field.key] === "string");
  return first ? String(data[first.key]) : version.definition.title;
}

function toSubmission(item: Record<string, unknown>): Submission {
  return Object.fromEntries(SUBMISSION_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Submission;
}

/** A campaign's entry form is filled through the campaign (its window and unit rules), never directly. */
function refuseCampaignForm(form: Form, viaCampaign: boolean | undefined): void {
  if (form.campaignId && !viaCampaign) throw new AppError("campaign.use_entry_route", "这是评选活动的申报表，请在评选活动页面申报", { details: { campaignId: form.campaignId } });
}

/** Validates answers against the pinned version: leniently for a draft, fully for a submission. */
function validateAnswers(version: FormVersion, data: unknown, draft: boolean): Record<string, unknown> {
  const result = compileForm(version.definition, { mode: draft ? "draft" : "submit" }).safeParse(data ?? {});
  if (!result.success) {
    const fields = fieldErrorsFromIssues(result.error.issues.map((issue) => ({ ...issue, path: ["data", ...issue.path] })));
    const first = Object.values(fields)[0]?.[0];
    throw new AppError("validation.failed", first ? `表单填写有误：${first}` : "表单填写有误", { fields });
  }
  return result.data as Record<string, unknown>;
}

/** Checks every attached file in S3 and returns the items that attach them to the submission. */
async function attachments(version: FormVersion, data: Record<string, unknown>, submissionId: string, ownerId: string): Promise<TransactItem[]> {
  const items: TransactItem[] = [];
  for (const attached of attachedFiles(version.definition, data)) {
    for (const ref of attached.refs) {
      let sealed;
      try {
        sealed = await verifyUpload(ref, { ownerId, formId: version.formId, fieldPath: attached.fieldPath, rule: fileRule(attached.field), label: attached.field.label, submissionId });
      } catch (error) {
        if (error instanceof AppError) throw new AppError("upload.rejected", error.message, { fields: { [`data.${attached.errorPath}`]: [error.message] } });
        throw error;
      }
      items.push(attachUploadItem(ref.uploadId, submissionId, ownerId, sealed));
    }
  }
  return items;
}

function indexKeys(submission: Submission) {
  return {
    ...Keys.submissionOfAccount(submission.submitterId, submission.formId, submission.createdAt, submission.submissionId),
    ...(submission.submittedAt ? Keys.submissionByForm(submission.formId, submission.status, submission.submittedAt, submission.submissionId) : {}),
  };
}

/**
 * Creates a draft or a submission against the form's published version. With an id derived
 * from the client's Idempotency-Key, a retried request finds its first result instead of
 * creating a second submission (`replayed: true`).
 */
export async function createSubmission(input: {
  form: Form;
  version: FormVersion;
  submitter: Submitter;
  unitId: string;
  data: unknown;
  draft: boolean;
  submissionId?: string;
  /** Set by the campaign module: a campaign's entry form takes entries through it only. */
  viaCampaign?: boolean;
  /** Writes that must hold in the same transaction (e.g. the campaign still collecting). */
  extraItems?: TransactItem[];
}): Promise<{ submission: Submission; replayed: boolean }> {
  refuseCampaignForm(input.form, input.viaCampaign);
  const submissionId = input.submissionId ?? newId();
  const data = validateAnswers(input.version, input.data, input.draft);
  const attach = input.draft ? [] : await attachments(input.version, data, submissionId, input.submitter.accountId);
  const now = nowIso();
  const submission: Submission = {
    submissionId,
    formId: input.form.formId,
    formOrgId: input.form.orgId,
    version: input.version.version,
    unitId: input.unitId,
    submitterId: input.submitter.accountId,
    submitterName: input.submitter.name,
    status: input.draft ? "draft" : "submitted",
    data,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    submittedAt: input.draft ? undefined : now,
  };
  const approval = input.draft ? { items: [], status: submission.status } : await approvalFor(input.form, submission, subjectTitle(input.version, data));
  submission.status = approval.status;
  submission.instanceId = approval.instanceId;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...Keys.submission(submissionId), ...indexKeys(submission), type: "submission", ...submission },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...attach,
          ...approval.items,
          ...(input.extraItems ?? []),
        ],
      }),
    );
  } catch (error) {
    if (cancellationReasons(error)?.[0] === "ConditionalCheckFailed") {
      const existing = await getSubmission(submissionId);
      if (existing && existing.submitterId === input.submitter.accountId) return { submission: existing, replayed: true };
    }
    throw error;
  }
  return { submission, replayed: false };
}

/**
 * Saves new answers to a draft (or a submission returned for revision) and optionally
 * submits it. `revision` is the one the client loaded: a save from a stale tab is refused.
 */
export async function updateSubmission(input: {
  form: Form;
  submission: Submission;
  version: FormVersion;
  data: unknown;
  draft: boolean;
  revision: number;
  viaCampaign?: boolean;
  extraItems?: TransactItem[];
}): Promise<Submission> {
  refuseCampaignForm(input.form, input.viaCampaign);
  const current = input.submission;
  if (!EDITABLE.includes(current.status)) throw new AppError("submission.not_editable", "已提交的表单不能再修改");
  const data = validateAnswers(input.version, input.data, input.draft);
  const attach = input.draft ? [] : await attachments(input.version, data, current.submissionId, current.submitterId);
  const now = nowIso();
  const submitting = !input.draft;
  const resubmitting = submitting && current.status === "returned" && current.instanceId !== undefined;
  const next: Submission = {
    ...current,
    data,
    status: submitting ? (resubmitting ? "in_review" : "submitted") : current.status,
    revision: current.revision + 1,
    updatedAt: now,
    submittedAt: submitting ? (current.submittedAt ?? now) : current.submittedAt,
  };
  const approval = submitting && !current.instanceId ? await approvalFor(input.form, next, subjectTitle(input.version, data)) : { items: [] as InstanceItem[] };
  if ("status" in approval) {
    next.status = approval.status;
    next.instanceId = approval.instanceId;
  }
  const put: TransactItem = {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.submission(current.submissionId), ...indexKeys(next), type: "submission", ...next },
      ConditionExpression: "revision = :revision AND #status IN (:draft, :returned)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":revision": input.revision, ":draft": "draft", ":returned": "returned" },
    },
  };
  try {
    if (resubmitting) {
      // The revised answers and the resubmission land together, or neither does.
      await act(current.instanceId!, { type: "resubmit", actorId: current.submitterId }, { extraItems: [put, ...attach, ...(input.extraItems ?? [])], subjectWritten: true });
    } else {
      await db().send(new TransactWriteCommand({ TransactItems: [put, ...attach, ...approval.items, ...(input.extraItems ?? [])] }));
    }
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons && reasons[0] === "ConditionalCheckFailed") {
      throw new AppError("conflict.stale", "内容已在别处更新，请刷新后再保存", { details: { revision: (await getSubmission(current.submissionId))?.revision } });
    }
    throw error;
  }
  return next;
}

export async function getSubmission(submissionId: string): Promise<Submission | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.submission(submissionId) }));
  return Item ? toSubmission(Item) : undefined;
}

export async function requireSubmission(submissionId: string): Promise<Submission> {
  const found = await getSubmission(submissionId);
  if (!found) throw new AppError("submission.not_found", "提交记录不存在");
  return found;
}

export interface SubmissionFilter {
  status?: SubmissionStatus;
  /** ISO dates or datetimes bounding `submittedAt`, inclusive. */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** One page of a form's submitted submissions, newest first: one Query on an index. */
export async function listSubmissions(formId: string, filter: SubmissionFilter = {}): Promise<Page<Submission>> {
  const { index, pk } = Keys.submissionsByForm(formId, filter.status);
  const pkName = `${index}pk`;
  const skName = `${index}sk`;
  const range = filter.from || filter.to ? ` AND ${skName} BETWEEN :from AND :to` : "";
  const result = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: `${pkName} = :pk${range}`,
      ExpressionAttributeValues: {
        ":pk": pk,
        ...(range ? { ":from": filter.from ?? "0000", ":to": `${filter.to ?? "9999"}\uffff` } : {}),
      },
      ScanIndexForward: false,
      Limit: filter.limit ?? 50,
      ExclusiveStartKey: decodeCursor(filter.cursor),
    }),
  );
  return { items: (result.Items ?? []).map(toSubmission), cursor: encodeCursor(result.LastEvaluatedKey) };
}

/** The caller's own drafts and submissions of a form (to resume a draft), newest first. */
export async function mySubmissions(accountId: string, formId?: string): Promise<Submission[]> {
  const key = Keys.submissionsOfAccount(accountId, formId);
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
  return (result.Items ?? []).map(toSubmission);
}
