import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../access/policy";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { requireActivity } from "./activities";
import { mayManage, mayRead, type Activity } from "./model";
import { hasEnded } from "./time";

/**
 * Cancelling an approved activity (活动取消): its organizer or an admin of its unit, with a
 * reason, before it ends and before a summary is filed. One transaction sets the activity's
 * status (conditional on it still being open, so of two cancellations at once exactly one
 * lands) and marks its calendar entries up the tree. Sign-ups close with it (signups.ts). The
 * signed-up members are told by the stream consumer (messages/events.ts: `activity.cancelled`,
 * one message per member, keyed by the activity), never by this request.
 */
export const CANCEL_REASON_MAX = 200;

export interface Canceller extends Actor {
  name: string;
}

export async function cancelActivity(actor: Canceller, activityId: string, rawReason: string, now = new Date()): Promise<Activity> {
  const activity = await requireActivity(activityId, true);
  if (!mayRead(actor, activity)) throw new AppError("activity.not_found", "活动不存在");
  if (!mayManage(actor, activity)) throw new AppError("access.denied", "只有活动组织者或本单位管理员可以取消活动");
  const reason = rawReason.trim();
  if (!reason) throw new AppError("validation.failed", "请填写取消原因", { fields: { reason: ["请填写取消原因"] } });
  if (reason.length > CANCEL_REASON_MAX) throw new AppError("validation.failed", `取消原因最多${CANCEL_REASON_MAX}个字`, { fields: { reason: [`取消原因最多${CANCEL_REASON_MAX}个字`] } });
  if (activity.status === "cancelled") throw new AppError("activity.cancelled", "活动已取消");
  if (activity.status !== "open") throw new AppError("activity.closed", "活动已提交总结，不能再取消");
  if (hasEnded(activity, now)) throw new AppError("activity.closed", "活动已结束，不能再取消");
  const at = now.toISOString();
  const cancellation = { cancelledAt: at, cancelledBy: actor.accountId, cancelledByName: actor.name, cancelReason: reason };
  const chain = [...activity.unitPath, activity.orgId];
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: Keys.activity(activityId),
        UpdateExpression: "SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by, cancelledByName = :name, cancelReason = :reason",
        ConditionExpression: "#status = :open",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":cancelled": "cancelled", ":open": "open", ":at": at, ":by": actor.accountId, ":name": actor.name, ":reason": reason },
      },
    },
    ...chain.map((orgId): TransactItem => {
      const { pk, sk } = Keys.calendarEntry(activityId, orgId, activity.startsAt);
      return { Update: { TableName: tableName(), Key: { pk, sk }, UpdateExpression: "SET cancelled = :yes", ConditionExpression: "attribute_exists(pk)", ExpressionAttributeValues: { ":yes": true } } };
    }),
  ];
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      break;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0] === "ConditionalCheckFailed") {
        const latest = await requireActivity(activityId, true);
        if (latest.status === "cancelled") throw new AppError("activity.cancelled", "活动已取消");
        throw new AppError("activity.closed", "活动已提交总结，不能再取消");
      }
      // Another write to the activity was in flight (a sign-up, the other cancellation): try again.
      if (!reasons?.includes("TransactionConflict") || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
    }
  }
  return { ...activity, status: "cancelled", ...cancellation };
}
