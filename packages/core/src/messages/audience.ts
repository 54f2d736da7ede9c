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
  if ("orgAdmins" in audience) {
    const items = await queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": `ORG#${audience.orgAdmins}`, ":prefix": "MEMBER#" },
      ProjectionExpression: "accountId, #roles",
      ExpressionAttributeNames: { "#roles": "roles" },
    });
    return items.filter((item) => Array.isArray(item.roles) && item.roles.includes("admin")).map((item) => item.accountId as string);
  }
  if ("activitySignups" in audience || "confirmedSignups" in audience) {
    const activityId = "activitySignups" in audience ? audience.activitySignups : audience.confirmedSignups;
    const items = await queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": `ACTIVITY#${activityId}`, ":prefix": "SIGNUP#" },
      ProjectionExpression: "accountId, #status",
      ExpressionAttributeNames: { "#status": "status" },
    });
    const wanted = "confirmedSignups" in audience ? (status: unknown) => status === "confirmed" : (status: unknown) => status !== "cancelled";
    return items.filter((item) => wanted(item.status)).map((item) => item.accountId as string);
  }
  return [];
}
