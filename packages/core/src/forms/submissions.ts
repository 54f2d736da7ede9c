import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { resubmitApproval, startApproval } from "../approvals/approvals";
import { db, tableName } from "../db/client";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import { AppError, fieldErrorsFromIssues } from "../errors";
import { newId, nowIso } from "../ids";
import { attachUploadItem, verifyUpload } from "../uploads/uploads";
import { attachedFiles, fileRule } from "./attachments";
import type { Form, FormVersion } from "./forms";
import { compileForm } from "./index";
import { checkConsent, type ConsentGiven, type ConsentNotice } from "./consent";
import { personalAnswers } from "./personal-fields";
import { retentionItem } from "../privacy/retention";
import { getSubmission, indexKeys, STATUS_OF_INSTANCE, submissionItem, type Submission, type SubmissionStatus, type Submitter } from "./submission-store";

/**
 * Creating and revising submissions: answers validated against the pinned version, attached
 * files checked, and the approval started (approvals/approvals.ts), all in one transaction.
 */
export { getSubmission, listSubmissions, mySubmissions, requireSubmission, type Submission, type SubmissionFilter, type SubmissionStatus, type Submitter } from "./submission-store";

/** The submitter may change the answers only in these. */
const EDITABLE: readonly SubmissionStatus[] = ["draft", "returned"];




/** A short title for inboxes: the answer to the first text field, else the form's title. */
function subjectTitle(version: FormVersion, data: Record<string, unknown>): string {
  const first = version.definition.fields.find((field) => field.type === "text" && typeof data[field.key] === "string");
  return first ? String(data[first.key]) : version.definition.title;
}


/** A campaign's entry form is filled through the campaign (its window and unit rules), never directly. */
function refuseCampaignForm(form: Form, viaCampaign: boolean | undefined): void {
  if (form.campaignId && !viaCampaign) throw new AppError("campaign.use_entry_route", "这是评选活动的申报表，请在评选活动页面申报", { details: { campaignId: form.campaignId } });
}

/** The retention marker of a submitted submission whose form sets `retentionDays` (privacy/retention.ts). */
function retention(version: FormVersion, submission: Submission): TransactItem[] {
  const days = version.definition.retentionDays;
  return days && submission.submittedAt && submission.status !== "draft" ? [retentionItem(submission.submissionId, submission.submittedAt, days)] : [];
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
  /** The form's 个人信息收集告知 and what the submitter gave: checked when submitting (forms/consent.ts). */
  consent?: { notice: ConsentNotice; given?: ConsentGiven };
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
    personal: personalAnswers(input.version.definition, data),
  };
  if (input.consent && !input.draft) submission.consent = checkConsent(input.consent.notice, input.consent.given, submission.personal!, now);
  const approval = input.draft ? { items: [], status: submission.status } : await startApproval({ form: input.form, version: input.version, submission, title: subjectTitle(input.version, data) });
  submission.status = approval.status;
  submission.instanceId = approval.instanceId;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: await submissionItem(submission),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...attach,
          ...approval.items,
          ...(input.extraItems ?? []),
          ...retention(input.version, submission),
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
  consent?: { notice: ConsentNotice; given?: ConsentGiven };
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
    personal: personalAnswers(input.version.definition, data),
  };
  if (input.consent && submitting) next.consent = checkConsent(input.consent.notice, input.consent.given, next.personal!, now);
  const approval = submitting && !current.instanceId ? await startApproval({ form: input.form, version: input.version, submission: next, title: subjectTitle(input.version, data) }) : { items: [] as TransactItem[] };
  if ("status" in approval) {
    next.status = approval.status;
    next.instanceId = approval.instanceId;
  }
  // Sealed once (sensitive answers encrypted); the status, and the index keys that follow it, per write.
  const stored = await submissionItem(next);
  const putOf = (written: Submission): TransactItem => ({
    Put: {
      TableName: tableName(),
      Item: { ...stored, ...indexKeys(written), status: written.status },
      ConditionExpression: "revision = :revision AND #status IN (:draft, :returned)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":revision": input.revision, ":draft": "draft", ":returned": "returned" },
    },
  });
  const put = putOf(next);
  try {
    if (resubmitting) {
      // The revised answers and the resubmission land together, or neither does; the submission
      // takes the status the approval leaves it in (approved, when the new route needs no more steps).
      const revised = (status: SubmissionStatus) => {
        const written = { ...next, status };
        return { written, items: [putOf(written), ...attach, ...(input.extraItems ?? []), ...retention(input.version, written)] };
      };
      const instance = await resubmitApproval(current.instanceId!, current.submitterId, revised, data);
      next.status = STATUS_OF_INSTANCE[instance.state.status];
    } else {
      await db().send(new TransactWriteCommand({ TransactItems: [put, ...attach, ...approval.items, ...(input.extraItems ?? []), ...retention(input.version, next)] }));
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

