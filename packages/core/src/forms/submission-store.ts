import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import type { Page } from "../db/paging";
import { queryPage } from "../db/query";
import type { TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import type { InstanceStatus } from "../workflows/machine";
import type { ConsentRecord } from "./consent";
import type { PersonalField } from "./personal-fields";
import { openAnswers, sealAnswers } from "./sealed-answers";

/**
 * Submissions as stored: the item's fields, its index keys, reads, and the status write an
 * approval makes. Creating and revising a submission (validation, attachments, starting its
 * approval) is `submissions.ts`.
 */

/** Statuses a submission moves through; approval workflows add their own after `submitted`. */
export type SubmissionStatus = "draft" | "submitted" | "in_review" | "returned" | "approved" | "rejected" | "withdrawn";

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
  /** Which answers are personal (paths, kinds, levels; never values), from the pinned version's marking. */
  personal?: PersonalField[];
  /** What the submitter accepted (个人信息收集告知 version, time, separate consent), when the form collects personal data. */
  consent?: ConsentRecord;
}

export interface Submitter {
  accountId: string;
  name: string;
}

const SUBMISSION_FIELDS = [
  "submissionId", "formId", "formOrgId", "version", "unitId", "submitterId", "submitterName",
  "status", "data", "revision", "createdAt", "updatedAt", "submittedAt", "instanceId", "personal", "consent",
] as const;

export const STATUS_OF_INSTANCE: Record<InstanceStatus, SubmissionStatus> = {
  in_review: "in_review",
  returned: "returned",
  approved: "approved",
  rejected: "rejected",
  withdrawn: "withdrawn",
};

/** The submission following its approval's new status, written in the approval's own transaction. */
export function submissionStatusItem(subject: { submissionId: string; formId: string }, status: InstanceStatus, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: Keys.submission(subject.submissionId),
      UpdateExpression: "SET #status = :status, gsi3pk = :byStatus, updatedAt = :now",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":status": STATUS_OF_INSTANCE[status],
        ":byStatus": Keys.submissionsByForm(subject.formId, STATUS_OF_INSTANCE[status]).pk,
        ":now": at,
      },
    },
  };
}

/** A stored item as a submission, its sealed answers opened (sealed-answers.ts). */
export async function toSubmission(item: Record<string, unknown>): Promise<Submission> {
  const submission = Object.fromEntries(SUBMISSION_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Submission;
  return { ...submission, data: await openAnswers(submission.submissionId, submission.data ?? {}, item.sealed) };
}

/** Stored items (read by another module's Query) as submissions. */
export function toSubmissions(items: Array<Record<string, unknown>>): Promise<Submission[]> {
  return Promise.all(items.map(toSubmission));
}

/** The item to put for a submission: keys, indexes, and its sensitive answers sealed. */
export async function submissionItem(submission: Submission): Promise<Record<string, unknown>> {
  const { data, sealed, sealedHashes } = await sealAnswers(submission.submissionId, submission.data, submission.personal);
  return { ...Keys.submission(submission.submissionId), ...indexKeys(submission), type: "submission", ...submission, data, ...(sealed ? { sealed, sealedHashes } : {}) };
}

export function indexKeys(submission: Submission) {
  return {
    ...Keys.submissionOfAccount(submission.submitterId, submission.formId, submission.createdAt, submission.submissionId),
    ...(submission.submittedAt ? Keys.submissionByForm(submission.formId, submission.status, submission.submittedAt, submission.submissionId) : {}),
  };
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
  const page = await queryPage(
    {
      IndexName: index,
      KeyConditionExpression: `${pkName} = :pk${range}`,
      ExpressionAttributeValues: {
        ":pk": pk,
        ...(range ? { ":from": filter.from ?? "0000", ":to": `${filter.to ?? "9999"}\uffff` } : {}),
      },
      ScanIndexForward: false,
    },
    { cursor: filter.cursor, limit: filter.limit },
  );
  return { items: await toSubmissions(page.items), cursor: page.cursor };
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
  return toSubmissions(result.Items ?? []);
}
