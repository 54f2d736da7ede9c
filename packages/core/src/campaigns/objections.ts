import type { Actor } from "../access/policy";
import { tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { AppError } from "../errors";
import { newId, nowIso } from "../ids";
import { getEntrySubmission } from "./entries";
import { entryText } from "./entry-form";
import type { Objection } from "./model";
import type { ObjectionInput, ResolveInput } from "./inputs";
import { changeCampaign, expectStatus, isOffice, type StoredCampaign } from "./store";

/**
 * 异议 during the 公示: filed with the campaign's open count raised in the same transaction,
 * resolved with a recorded answer and the count lowered, conditional on the objection still
 * being open (of two resolvers, one wins). Finalizing needs the count at zero.
 */
const FIELDS = ["objectionId", "campaignId", "campaignTitle", "entryId", "entryTitle", "filerId", "filerName", "reasons", "status", "createdAt", "answer", "upheld", "resolvedAt", "resolvedBy", "resolverName"] as const;
const toObjection = (item: Record<string, unknown>): Objection =>
  Object.fromEntries(FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Objection;

/**
 * Files an objection. With `objectionId` (from the request's Idempotency-Key) a retried
 * request whose first try landed returns that objection (`replayed`) instead of a second one.
 */
export async function fileObjection(
  campaignId: string,
  filer: { accountId: string; name: string },
  input: Required<Pick<ObjectionInput, "reasons">> & { entryId?: string },
  objectionId?: string,
): Promise<{ objection: Objection; replayed: boolean }> {
  let objection: Objection | undefined;
  let replayed = false;
  await changeCampaign(campaignId, async (campaign) => {
    const earlier = objectionId ? await getObjection(campaignId, objectionId) : undefined;
    if (earlier) {
      if (earlier.filerId !== filer.accountId) throw new AppError("conflict.stale", "数据已在别处更新，请刷新后重试");
      objection = earlier;
      replayed = true;
      return null;
    }
    expectStatus(campaign, ["notice"], "提出异议（仅公示期内可以）");
    let entryTitle: string | undefined;
    if (input.entryId) {
      const awarded = (campaign.awards ?? []).some((a) => a.entryIds.includes(input.entryId!));
      const entry = awarded ? await getEntrySubmission(campaign, input.entryId) : undefined;
      if (!entry) throw new AppError("validation.failed", "只能对公示中的案例提出异议", { fields: { entryId: ["不是公示中的案例"] } });
      entryTitle = entryText(entry.data).title;
    }
    const at = nowIso();
    objection = {
      objectionId: objectionId ?? objection?.objectionId ?? newId(),
      campaignId,
      campaignTitle: campaign.title,
      entryId: input.entryId,
      entryTitle,
      filerId: filer.accountId,
      filerName: filer.name,
      reasons: input.reasons,
      status: "open",
      createdAt: at,
    };
    return {
      changes: { openObjections: campaign.openObjections + 1 },
      event: { action: "objection_filed", actorId: filer.accountId, objectionId: objection.objectionId, entryId: input.entryId },
      extra: [
        {
          Put: {
            TableName: tableName(),
            Item: { ...Keys.campaignObjection(campaignId, objection.objectionId), ...Keys.openObjectionInOrg(campaign.orgId, at, objection.objectionId), type: "campaign_objection", orgId: campaign.orgId, ...objection },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      ],
    };
  });
  return { objection: objection!, replayed };
}

export async function getObjection(campaignId: string, objectionId: string): Promise<Objection | undefined> {
  const items = await queryAll({ KeyConditionExpression: "pk = :pk AND sk = :sk", ExpressionAttributeValues: { ":pk": `CAMPAIGN#${campaignId}`, ":sk": Keys.campaignObjection(campaignId, objectionId).sk }, ConsistentRead: true });
  return items[0] ? toObjection(items[0]) : undefined;
}

export async function resolveObjection(campaignId: string, objectionId: string, resolver: { accountId: string; name: string }, input: ResolveInput): Promise<Objection> {
  let resolved: Objection | undefined;
  const alreadyResolved = () => new AppError("campaign.objection_resolved", "该异议已被他人处理，请刷新查看");
  await changeCampaign(
    campaignId,
    async (campaign) => {
      expectStatus(campaign, ["notice"], "处理异议");
      const objection = await getObjection(campaignId, objectionId);
      if (!objection) throw new AppError("campaign.objection_not_found", "异议不存在");
      if (objection.status !== "open") throw alreadyResolved();
      const at = nowIso();
      resolved = { ...objection, status: "resolved", answer: input.answer, upheld: input.upheld, resolvedAt: at, resolvedBy: resolver.accountId, resolverName: resolver.name };
      return {
        changes: { openObjections: Math.max(0, campaign.openObjections - 1) },
        event: { action: "objection_resolved", actorId: resolver.accountId, objectionId, upheld: input.upheld },
        extra: [
          {
            Update: {
              TableName: tableName(),
              Key: Keys.campaignObjection(campaignId, objectionId),
              UpdateExpression: "SET #status = :resolved, answer = :answer, upheld = :upheld, resolvedAt = :at, resolvedBy = :by, resolverName = :name REMOVE gsi2pk, gsi2sk",
              ConditionExpression: "#status = :open",
              ExpressionAttributeNames: { "#status": "status" },
              ExpressionAttributeValues: { ":resolved": "resolved", ":answer": input.answer, ":upheld": input.upheld, ":at": at, ":by": resolver.accountId, ":name": resolver.name, ":open": "open" },
            },
          },
        ],
      };
    },
    () => {
      throw alreadyResolved();
    },
  );
  return resolved!;
}

/** The office sees every objection; anyone else their own. Oldest first. */
export async function listObjections(campaign: StoredCampaign, actor: Actor): Promise<Objection[]> {
  const key = Keys.campaignObjectionsOf(campaign.campaignId);
  const items = (await queryAll({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.skPrefix }, ConsistentRead: true })).map(toObjection);
  const visible = isOffice(actor, campaign) ? items : items.filter((o) => o.filerId === actor.accountId);
  return visible.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
}

/** The office's 待办: open objections of the org's campaigns (one Query of gsi2). */
export async function openObjectionsOf(orgId: string): Promise<Objection[]> {
  const items = await queryAll({ IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :pk", ExpressionAttributeValues: { ":pk": Keys.openObjectionsOfOrg(orgId).gsi2pk } });
  return items.map(toObjection);
}
