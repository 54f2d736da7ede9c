import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import { getFormVersion } from "../forms/forms";
import type { TransactItem } from "../db/transactions";
import { getSubmission, type Submission } from "../forms/submission-store";
import type { Instance } from "../workflows/instances";
import { ACTIVITY_FIELDS, activityFromProposal, pickFields, type Activity } from "./model";
import { isActivityProposal, themeLabel } from "./proposal-form";

/**
 * Opening activities: when an activity proposal's approval completes, the activity and its
 * calendar entries are written in the same transaction as the approval itself (the outcome
 * table, approvals/outcomes.ts).
 */

export async function getActivity(activityId: string, consistent = false): Promise<Activity | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.activity(activityId), ConsistentRead: consistent }));
  return Item ? pickFields<Activity>(Item, ACTIVITY_FIELDS) : undefined;
}

export async function requireActivity(activityId: string, consistent = false): Promise<Activity> {
  const found = await getActivity(activityId, consistent);
  if (!found) throw new AppError("activity.not_found", "活动不存在");
  return found;
}

/** The activity item and one calendar entry per org from the unit up to the root. */
export function openingItems(activity: Activity): TransactItem[] {
  const chain = [...activity.unitPath, activity.orgId];
  const listed = { activityId: activity.activityId, unitId: activity.orgId, unitName: activity.unitName, title: activity.title, theme: activity.theme, startsAt: activity.startsAt, endsAt: activity.endsAt };
  return [
    { Put: { TableName: tableName(), Item: { ...Keys.activity(activity.activityId), type: "activity", ...activity }, ConditionExpression: "attribute_not_exists(pk)" } },
    ...chain.map((orgId) => ({
      Put: { TableName: tableName(), Item: { ...Keys.calendarEntry(activity.activityId, orgId, activity.startsAt), type: "calendarEntry", calendarOrgId: orgId, ...listed } },
    })),
  ];
}

/**
 * The activity an approved instance opens, if its subject is an activity proposal
 * (`written`: the submission as the same transaction writes it, when it does).
 */
export async function activityForApproval(instance: Instance, written?: Submission): Promise<Activity | undefined> {
  if (instance.subject.kind !== "submission") return undefined;
  const submission = written ?? (await getSubmission(instance.subject.submissionId));
  if (!submission) return undefined;
  const version = await getFormVersion(submission.formId, submission.version);
  if (!version || !isActivityProposal(version.definition)) return undefined;
  return activityFromProposal(submission.data, {
    submissionId: submission.submissionId,
    formId: submission.formId,
    instanceId: instance.instanceId,
    unitId: instance.unitId,
    unitName: instance.unitName,
    unitPath: instance.unitPath,
    organizerId: submission.submitterId,
    organizerName: submission.submitterName,
    themeLabel: themeLabel(version.definition, String(submission.data.theme ?? "")),
    createdAt: instance.updatedAt,
  });
}

