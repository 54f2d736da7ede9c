import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import { requireActivity } from "./activities";
import { names } from "./expressions";
import { getSignup } from "./signups";
import { withRetries } from "./retry";

/**
 * Check-in (签到): the organizer scans the QR code of a confirmed member's token. A token
 * checks in once; an unknown (or cancelled) token is 404, a second scan 409.
 */
export interface CheckinResult {
  accountId: string;
  name: string;
  checkedInAt: string;
}

const unknownToken = () => new AppError("checkin.token_invalid", "签到码无效或已失效");

export async function checkIn(activityId: string, token: string, byAccountId: string): Promise<CheckinResult> {
  return withRetries(async () => {
    const activity = await requireActivity(activityId, true);
    if (activity.status !== "open") throw new AppError("activity.closed", "活动已提交总结，不能再签到");
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.checkinToken(activityId, token), ConsistentRead: true }));
    if (!Item) throw unknownToken();
    const accountId = Item.accountId as string;
    const signup = await getSignup(activityId, accountId);
    if (!signup || signup.status !== "confirmed" || signup.checkinToken !== token) throw unknownToken();
    if (signup.checkedInAt) throw new AppError("checkin.duplicate", `${signup.name} 已于 ${shanghaiTime(signup.checkedInAt)} 签到`, { details: { accountId, checkedInAt: signup.checkedInAt } });
    const at = new Date().toISOString();
    // Of two scans at once, one wins; the other reads again and gets 409.
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: Keys.signup(activityId, accountId),
              UpdateExpression: "SET #checkedInAt = :at, #checkedInBy = :by",
              ConditionExpression: "#status = :confirmed AND #checkinToken = :token AND attribute_not_exists(#checkedInAt)",
              ExpressionAttributeNames: names("status", "checkedInAt", "checkedInBy", "checkinToken"),
              ExpressionAttributeValues: { ":at": at, ":by": byAccountId, ":confirmed": "confirmed", ":token": token },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: Keys.activity(activityId),
              UpdateExpression: "SET #checkedIn = #checkedIn + :one",
              ConditionExpression: "#status = :open",
              ExpressionAttributeNames: names("checkedIn", "status"),
              ExpressionAttributeValues: { ":one": 1, ":open": "open" },
            },
          },
        ],
      }),
    );
    return { accountId, name: signup.name, checkedInAt: at };
  });
}

/** "14:05" in China time, for messages read at the door. */
function shanghaiTime(iso: string): string {
  return new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));
}
