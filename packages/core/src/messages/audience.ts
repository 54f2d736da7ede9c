import { queryAll } from "../db/query";
import type { Audience } from "./model";

/**
 * The people an event reaches when the record does not name them. Reads memberships and
 * sign-ups only: never the election roll, ballots or voting codes.
 */
export async function audienceOf(audience: Audience): Promise<string[]> {
  if ("orgMembers" in audience) {
    const items = await queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": `ORG#${audience.orgMembers}`, ":prefix": "MEMBER#" },
      ProjectionExpression: "accountId",
    });
    return items.map((item) => item.accountId as string);
  }
  if ("activitySignups" in audience) {
    const items = await queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": `ACTIVITY#${audience.activitySignups}`, ":prefix": "SIGNUP#" },
      ProjectionExpression: "accountId, #status",
      ExpressionAttributeNames: { "#status": "status" },
    });
    return items.filter((item) => item.status !== "cancelled").map((item) => item.accountId as string);
  }
  return [];
}
