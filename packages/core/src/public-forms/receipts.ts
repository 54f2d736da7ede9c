import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { nowIso } from "../ids";
import { getFormVersion } from "../forms/forms";
import { getSubmission, type Submission } from "../forms/submissions";
import type { FormVersion } from "../forms/forms";
import { placeCounters, receiptHash } from "./filling";

/**
 * The filler's receipt: a random token (stored only as its SHA-256) that opens their own
 * submission to view it, or withdraw it while it is not in an approval; withdrawing gives its
 * places (total, phone, option) back, in the same transaction as the status change.
 */
interface ReceiptItem {
  submissionId: string;
  linkId: string;
  formId: string;
  phoneHash?: string;
  options: Array<{ field: string; option: string }>;
  withdrawnAt?: string;
}

const gone = () => new AppError("public_form.not_found", "回执不存在");

async function receiptOf(token: string): Promise<ReceiptItem> {
  if (!/^[\w-]{20,64}$/.test(token)) throw gone();
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `PUBLICRECEIPT#${receiptHash(token)}`, sk: "RECEIPT" }, ConsistentRead: true }));
  if (!Item) throw gone();
  return Item as unknown as ReceiptItem;
}

export interface ReceiptView {
  submission: Pick<Submission, "submissionId" | "status" | "data" | "submittedAt" | "submitterName">;
  version: Pick<FormVersion, "version" | "definition">;
  withdrawable: boolean;
}

/** The submission a receipt opens, with the version it was filled against. */
export async function readReceipt(token: string): Promise<ReceiptView> {
  const receipt = await receiptOf(token);
  const submission = await getSubmission(receipt.submissionId);
  if (!submission) throw gone();
  const version = await getFormVersion(submission.formId, submission.version);
  if (!version) throw gone();
  const { submissionId, status, data, submittedAt, submitterName } = submission;
  return { submission: { submissionId, status, data, submittedAt, submitterName }, version: { version: version.version, definition: version.definition }, withdrawable: status === "submitted" };
}

/** Withdraws the receipt's submission (only while it is `submitted`, not in an approval); its places go back. */
export async function withdrawByReceipt(token: string): Promise<{ status: "withdrawn" }> {
  const receipt = await receiptOf(token);
  const submission = await getSubmission(receipt.submissionId);
  if (!submission) throw gone();
  const notWithdrawable = () => new AppError("public_form.not_withdrawable", submission.status === "withdrawn" ? "已经撤回" : "已进入审批，不能自行撤回，请联系主办方");
  if (submission.status !== "submitted") throw notWithdrawable();
  const now = nowIso();
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: Keys.submission(submission.submissionId),
              UpdateExpression: "SET #status = :withdrawn, gsi3pk = :byStatus, updatedAt = :now, revision = revision + :one",
              ConditionExpression: "#status = :submitted",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":withdrawn": "withdrawn", ":submitted": "submitted", ":byStatus": Keys.submissionsByForm(submission.formId, "withdrawn").pk, ":now": now, ":one": 1 },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: { pk: `PUBLICRECEIPT#${receiptHash(token)}`, sk: "RECEIPT" },
              UpdateExpression: "SET withdrawnAt = :now",
              ConditionExpression: "attribute_not_exists(withdrawnAt)",
              ExpressionAttributeValues: { ":now": now },
            },
          },
          ...placeCounters(receipt.linkId, receipt.phoneHash, receipt.options).map((key) => ({
            Update: { TableName: tableName(), Key: key, UpdateExpression: "ADD n :minus", ConditionExpression: "n > :zero", ExpressionAttributeValues: { ":minus": -1, ":zero": 0 } },
          })),
        ],
      }),
    );
  } catch (error) {
    if (cancellationReasons(error)?.includes("ConditionalCheckFailed")) throw new AppError("public_form.not_withdrawable", "已经撤回或已进入审批");
    throw error;
  }
  return { status: "withdrawn" };
}
