import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { isConditionFailure } from "../db/transactions";
import { deliverEvent, type Channels } from "./deliver";
import { beijingDay, beijingTime, shownTime } from "./events";
import { MessageKeys } from "./keys";
import type { DomainEvent } from "./model";
import type { DueItem, DueKind, ScheduleChange } from "./schedule";

/** How many days back the job looks for due items it has not sent yet (a job that was down catches up). */
export const DUE_LOOKBACK_DAYS = 14;

/** Stream sequence numbers compared as strings: zero-padded to one width. */
const ordered = (sequence: string) => sequence.padStart(40, "0");

/**
 * Applies a schedule change from the stream record `sequence`. Conditional on the stored item
 * coming from an earlier record, so a lagging consumer or a replay never puts back an older time.
 */
export async function applySchedule(change: ScheduleChange, sequence: string): Promise<void> {
  const { kind, subjectId } = "set" in change ? change.set : change.cancel;
  const common = { ":seq": ordered(sequence) };
  const update =
    "set" in change
      ? {
          UpdateExpression: "SET #type = :type, kind = :kind, subjectId = :subject, dueAt = :due, basis = :basis, sourceSeq = :seq, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk REMOVE doneAt",
          ExpressionAttributeValues: {
            ...common,
            ":type": "message_due",
            ":kind": kind,
            ":subject": subjectId,
            ":due": change.set.dueAt,
            ":basis": change.set.basis,
            ":gsi3pk": MessageKeys.dueOnDay(change.set.dueAt, kind, subjectId).gsi3pk,
            ":gsi3sk": MessageKeys.dueOnDay(change.set.dueAt, kind, subjectId).gsi3sk,
          },
        }
      : { UpdateExpression: "SET #type = :type, kind = :kind, subjectId = :subject, sourceSeq = :seq REMOVE gsi3pk, gsi3sk", ExpressionAttributeValues: { ...common, ":type": "message_due", ":kind": kind, ":subject": subjectId } };
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: MessageKeys.dueItem(kind, subjectId),
        ...update,
        ConditionExpression: "attribute_not_exists(sourceSeq) OR sourceSeq < :seq",
        ExpressionAttributeNames: { "#type": "type" },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

async function read(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  return (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
}

/**
 * The message a due item stands for, judged on its subject as it is now — or nothing: the
 * activity has started or moved, its summary is in, the 公示 was already closed.
 */
async function dueEvent(item: DueItem, now: Date): Promise<DomainEvent | undefined> {
  const id = item.subjectId;
  if (item.kind === "activity.tomorrow") {
    const activity = await read(Keys.activity(id));
    const startsAt = String(activity?.startsAt ?? "");
    // Only on the day before (Beijing): a job that was down, or an activity approved on its own
    // day, sends no "明天" on the day itself.
    if (!activity || activity.status === "cancelled" || startsAt !== item.basis || beijingDay(now) >= startsAt.slice(0, 10)) return undefined;
    return {
      eventId: `tomorrow#${id}#${startsAt}`,
      template: "activity.tomorrow",
      recipients: [],
      audience: { confirmedSignups: id },
      params: { title: String(activity.title), startsAt: shownTime(startsAt), venue: String(activity.venue ?? "") },
      link: `/activities/${id}`,
    };
  }
  if (item.kind === "activity.summary_overdue") {
    const activity = await read(Keys.activity(id));
    if (!activity || activity.summary || activity.status === "cancelled" || activity.endsAt !== item.basis) return undefined;
    return {
      eventId: `summary-overdue#${id}#${item.basis}`,
      template: "activity.summary_overdue",
      recipients: [String(activity.organizerId)],
      params: { title: String(activity.title), due: beijingTime(item.dueAt) },
      link: `/activities/${id}`,
    };
  }
  const campaign = await read(Keys.campaign(id));
  if (!campaign || campaign.status !== "notice" || campaign.noticeEndsAt !== item.basis) return undefined;
  return {
    eventId: `notice-ended#${id}#${item.basis}`,
    template: "campaign.notice_ended",
    // The office that runs the campaign: whoever set it up and the campaign org's admins.
    recipients: [String(campaign.createdBy)],
    audience: { orgAdmins: String(campaign.orgId) },
    params: { title: String(campaign.title), endedAt: beijingTime(item.basis), openObjections: String(campaign.openObjections ?? 0) },
    link: `/campaigns/${id}`,
  };
}

/** Takes a handled item off the due index, unless it was re-set meanwhile (its time moved). */
async function markDone(item: DueItem, now: Date): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: MessageKeys.dueItem(item.kind, item.subjectId),
        UpdateExpression: "SET doneAt = :now REMOVE gsi3pk, gsi3sk",
        ConditionExpression: "dueAt = :due AND attribute_exists(gsi3pk)",
        ExpressionAttributeValues: { ":now": now.toISOString(), ":due": item.dueAt },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Sends every scheduled message that is due: one Query per day on the due index (gsi3
 * `REMIND#<day>`), never a Scan. Each message's event id names its subject and time, so a job
 * run twice — or a crash between sending and taking the item off the index — sends nothing twice.
 * @returns how many due items were handled.
 */
export async function sendDueMessages(now = new Date(), channels?: Channels): Promise<Record<DueKind, number>> {
  const counts: Record<DueKind, number> = { "activity.tomorrow": 0, "activity.summary_overdue": 0, "campaign.notice_ended": 0 };
  const failures: unknown[] = [];
  for (let back = DUE_LOOKBACK_DAYS; back >= 0; back -= 1) {
    const day = new Date(now.getTime() - back * 86_400_000).toISOString();
    const items = await queryAll({
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :pk AND gsi3sk <= :now",
      ExpressionAttributeValues: { ":pk": MessageKeys.dueOnDay(day, "", "").gsi3pk, ":now": now.toISOString() },
    });
    for (const item of items.filter((found) => found.type === "message_due") as unknown as DueItem[]) {
      try {
        const event = await dueEvent(item, now);
        if (event) {
          await deliverEvent(event, channels);
          counts[item.kind] += 1;
        }
        await markDone(item, now);
      } catch (error) {
        // Left on the index for the next run; the others go out now.
        failures.push(error);
      }
    }
  }
  throwIfAny(failures);
  return counts;
}

/**
 * After a job has tried everything: one failure (a provider down for one phone) must not hold
 * back everyone else's messages, but the run still fails, so the scheduler shows it and retries.
 */
export function throwIfAny(failures: unknown[]): void {
  if (failures.length === 0) return;
  const first = failures[0] as Error;
  throw new Error(`${failures.length} message(s) not sent, retried on the next run: ${first?.message ?? String(first)}`, { cause: first });
}
