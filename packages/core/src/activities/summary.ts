import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import type { FileRef } from "../forms/attachments";
import { IMAGE_TYPES } from "../forms/limits";
import { attachUploadItem, getUpload, verifyUpload } from "../uploads/uploads";
import type { TransactItem } from "../db/transactions";
import { requireActivity } from "./activities";
import type { Activity, ActivitySummary } from "./model";
import { names } from "./expressions";
import { Contention, withRetries } from "./retry";
import { contributionItems, contributionOf } from "./stats";
import { hasStarted, yearOf } from "./time";

/**
 * The post-event summary (活动总结): actual attendance, money spent, photos, notes. Filing it
 * closes the activity and, in the same transaction, adds it to the statistics of its unit
 * and of every org above; distinct people (from the check-ins) are then counted per org
 * with idempotent markers.
 */
export interface SummaryInput {
  /** 实际参加人次; defaults to the number checked in. */
  attendance?: number;
  spentFen: number;
  photos?: FileRef[];
  notes: string;
}

/** Summary photos: images uploaded by the filer against the activity's proposal form. */
const PHOTO_RULE = { accept: IMAGE_TYPES, maxSizeMB: 10 };

async function photoItems(activity: Activity, photos: FileRef[], ownerId: string): Promise<TransactItem[]> {
  const items: TransactItem[] = [];
  for (const [index, ref] of photos.entries()) {
    const upload = await getUpload(ref.uploadId);
    const reject = (message: string) => new AppError("upload.rejected", message, { fields: { [`photos.${index}`]: [message] } });
    if (!upload || upload.formId !== activity.formId || upload.ownerId !== ownerId) throw reject("活动照片不存在或不属于本人");
    try {
      await verifyUpload(ref, { ownerId, formId: activity.formId, fieldPath: upload.fieldPath, rule: PHOTO_RULE, label: "活动照片", submissionId: activity.submissionId });
    } catch (error) {
      if (error instanceof AppError) throw reject(error.message);
      throw error;
    }
    items.push(attachUploadItem(ref.uploadId, activity.submissionId, ownerId));
  }
  return items;
}

export interface SummaryOutcome {
  activity: Activity;
  replayed: boolean;
}

/**
 * Files the summary once. A retry of the request that filed it (`requestId`) gets it back
 * (and finishes counting people if that was interrupted); any other second summary is 409.
 */
export async function fileSummary(activityId: string, input: SummaryInput, filer: { accountId: string; name: string }, requestId?: string): Promise<SummaryOutcome> {
  const initial = await requireActivity(activityId, true);
  if (initial.summary) return alreadyFiled(initial, requestId);
  if (!hasStarted(initial, new Date())) throw new AppError("activity.not_started", "活动尚未开始，不能提交总结");
  const photos = await photoItems(initial, input.photos ?? [], filer.accountId);

  const filed = await withRetries(async () => {
    const activity = await requireActivity(activityId, true);
    if (activity.summary) return { activity, mine: false };
    if (activity.status !== "open") throw new AppError("activity.closed", "活动已关闭");
    const attendance = input.attendance ?? activity.checkedIn;
    if (attendance < activity.checkedIn) {
      const message = `实际参加人次不能少于已签到的 ${activity.checkedIn} 人`;
      throw new AppError("validation.failed", message, { fields: { attendance: [message] } });
    }
    const summary: ActivitySummary = {
      attendance,
      checkedIn: activity.checkedIn,
      spentFen: input.spentFen,
      photos: input.photos ?? [],
      notes: input.notes,
      filedBy: filer.accountId,
      filedByName: filer.name,
      filedAt: new Date().toISOString(),
    };
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: Keys.activity(activityId),
              UpdateExpression: "SET #summary = :summary, #status = :closed, #peopleCounted = :false, #summaryRequestId = :request",
              // A check-in landing meanwhile changes who is counted: read again.
              ConditionExpression: "#status = :open AND #checkedIn = :checkedIn AND attribute_not_exists(#summary)",
              ExpressionAttributeNames: names("summary", "status", "peopleCounted", "summaryRequestId", "checkedIn"),
              ExpressionAttributeValues: { ":summary": summary, ":closed": "closed", ":false": false, ":request": requestId ?? null, ":open": "open", ":checkedIn": activity.checkedIn },
            },
          },
          ...contributionItems(contributionOf(activity, attendance)),
          ...photos,
        ],
      }),
    );
    return { activity: { ...activity, summary, status: "closed" as const, peopleCounted: false }, mine: true };
  });
  if (!filed.mine) return alreadyFiled(filed.activity, requestId);
  await countPeople(filed.activity);
  return { activity: { ...filed.activity, peopleCounted: true }, replayed: false };
}

async function alreadyFiled(activity: Activity, requestId: string | undefined): Promise<SummaryOutcome> {
  const item = await requireActivity(activity.activityId, true);
  if (!requestId || requestId !== item.summaryRequestId) {
    // Whoever asks, a summary whose people were not all counted gets finished.
    if (item.peopleCounted === false) await countPeople(item);
    throw new AppError("activity.summary_exists", "该活动已提交总结", { details: { summary: item.summary } });
  }
  if (item.peopleCounted === false) await countPeople(item);
  return { activity: { ...item, peopleCounted: true }, replayed: true };
}

/** Who checked in (one consistent Query on the activity's partition). */
export async function checkedInPeople(activityId: string): Promise<string[]> {
  const key = Keys.signupsOf(activityId);
  const items = await queryAll({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    FilterExpression: "attribute_exists(checkedInAt)",
    ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix },
    ProjectionExpression: "accountId",
    ConsistentRead: true,
  });
  return items.map((item) => item.accountId as string);
}

/**
 * Counts the checked-in people as distinct people of the year for the unit and every org
 * above: a marker per person per org per year, put only if new, with the org's `people`
 * counter raised by the number of new markers in the same transaction. Idempotent, so an
 * interrupted run is finished by running it again.
 */
export async function countPeople(activity: Activity): Promise<void> {
  const people = await checkedInPeople(activity.activityId);
  const year = yearOf(activity.startsAt);
  for (const orgId of [...activity.unitPath, activity.orgId]) {
    for (let i = 0; i < people.length; i += 99) await markPeople(orgId, year, people.slice(i, i + 99));
  }
  await db().send(
    new UpdateCommand({ TableName: tableName(), Key: Keys.activity(activity.activityId), UpdateExpression: "SET #peopleCounted = :true", ExpressionAttributeNames: names("peopleCounted"), ExpressionAttributeValues: { ":true": true } }),
  );
}

async function markPeople(orgId: string, year: string, people: string[]): Promise<void> {
  const known = new Set((await batchGetAll(people.map((id) => Keys.statsPerson(orgId, year, id)), "sk")).map((item) => String(item.sk)));
  let fresh = people.filter((id) => !known.has(Keys.statsPerson(orgId, year, id).sk));
  await withRetries(async () => {
    if (fresh.length === 0) return;
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            ...fresh.map((accountId) => ({
              Put: {
                TableName: tableName(),
                Item: { ...Keys.statsPerson(orgId, year, accountId), type: "statsPerson", orgId, year, accountId },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            })),
            {
              Update: {
                TableName: tableName(),
                Key: Keys.statsYear(orgId, year),
                UpdateExpression: "SET #type = :total, #orgId = :org, #year = :year ADD #people :k",
                ExpressionAttributeNames: names("type", "orgId", "year", "people"),
                ExpressionAttributeValues: { ":total": "statsYear", ":org": orgId, ":year": year, ":k": fresh.length },
              },
            },
          ],
        }),
      );
    } catch (error) {
      // Markers someone else put meanwhile are dropped; then try again with the rest.
      const reasons = cancellationReasons(error);
      if (reasons) fresh = fresh.filter((_, index) => reasons[index] !== "ConditionalCheckFailed");
      throw reasons ? new Contention("people markers") : error;
    }
  });
}
