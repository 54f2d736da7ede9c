import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { can, type Actor } from "../access/policy";
import { shanghaiLocal } from "../activities/time";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { getFormVersion, requireForm } from "../forms/forms";
import { createSubmission, getSubmission, listSubmissions, mySubmissions, updateSubmission, type Submission, type Submitter } from "../forms/submissions";
import { toSubmissions } from "../forms/submission-store";
import { getOrgs, requireOrg, type Org } from "../orgs/orgs";
import { entryText } from "./entry-form";
import type { Entry, EntryPage, EntryStatus, EntrySummary } from "./model";
import { expectStatus, getCampaign, isOffice, type StoredCampaign, type TransactItem } from "./store";

/**
 * Entries: each is a submission of the campaign's entry form, so drafts, uploads,
 * idempotency and the 形式审查 chain with return/resubmit are the forms module's. This
 * module adds the window, the unit rules and who may read what.
 */

const local = (iso: string) => shanghaiLocal(new Date(iso)).replace("T", " ");

/** Whether entries may be created or drafts saved now. */
export function windowState(campaign: Pick<StoredCampaign, "submissionsOpenAt" | "submissionsCloseAt">, now = new Date()): "before" | "open" | "after" {
  if (now.getTime() < Date.parse(campaign.submissionsOpenAt)) return "before";
  if (now.getTime() >= Date.parse(campaign.submissionsCloseAt)) return "after";
  return "open";
}

function expectWindowOpen(campaign: StoredCampaign): void {
  const state = campaign.status === "collecting" ? windowState(campaign) : "after";
  if (state === "before") throw new AppError("campaign.window_closed", `征集尚未开始，开始时间为 ${local(campaign.submissionsOpenAt)}（北京时间）`, { details: { submissionsOpenAt: campaign.submissionsOpenAt } });
  if (state === "after") throw new AppError("campaign.window_closed", `征集已于 ${local(campaign.submissionsCloseAt)}（北京时间）截止，不能再申报或保存草稿`, { details: { submissionsCloseAt: campaign.submissionsCloseAt } });
}

/**
 * Holds only while the campaign is still collecting — and, for writes the window governs (new
 * entries, drafts), while the stored window is open now: written with every entry change, so an
 * entry racing an early close (提前截止) is either in before it or refused.
 */
function stillCollecting(campaignId: string, inWindow: boolean): TransactItem {
  const now = new Date().toISOString();
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: Keys.campaign(campaignId),
      ConditionExpression: inWindow ? "#status = :collecting AND submissionsOpenAt <= :now AND submissionsCloseAt > :now" : "#status = :collecting",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":collecting": "collecting", ...(inWindow ? { ":now": now } : {}) },
    },
  };
}

/** Explains a write refused because the campaign moved on meanwhile (judging started, the window closed). */
async function explainRefusal(error: unknown, campaignId: string, inWindow: boolean): Promise<never> {
  const refused = cancellationReasons(error)?.includes("ConditionalCheckFailed") || (error instanceof AppError && (error.code === "workflow.conflict" || error.code === "conflict.stale"));
  if (refused) {
    const fresh = await getCampaign(campaignId, true);
    if (fresh && fresh.status !== "collecting") throw new AppError("campaign.window_closed", "评审已经开始，不能再修改申报", { details: { campaignStatus: fresh.status } });
    if (fresh && inWindow) expectWindowOpen(fresh);
  }
  throw error;
}

/** The unit an entry is made for: an org beneath the campaign org that the submitter belongs to. */
async function entryUnit(campaign: StoredCampaign, actor: Actor, unitId: string): Promise<Org> {
  const refuse = (message: string) => new AppError("validation.failed", message, { fields: { unitId: [message] } });
  if (!actor.roles.has(unitId)) throw refuse("只能以本人所属单位申报");
  const unit = await requireOrg(unitId).catch(() => {
    throw refuse("申报单位不存在");
  });
  if (unit.orgId === campaign.orgId || !unit.path.includes(campaign.orgId)) throw refuse("申报单位须为本次评选范围内的下级单位");
  return unit;
}

export async function createEntry(input: {
  campaign: StoredCampaign;
  actor: Actor;
  submitter: Submitter;
  unitId: string;
  data: Record<string, unknown>;
  draft: boolean;
  entryId?: string;
}): Promise<{ entry: Entry; replayed: boolean }> {
  const { campaign } = input;
  expectStatus(campaign, ["collecting"], "申报");
  expectWindowOpen(campaign);
  const unit = await entryUnit(campaign, input.actor, input.unitId);
  const { form, published } = await requireForm(campaign.formId);
  if (!published) throw new AppError("form.not_published", "申报表尚未发布");
  try {
    const { submission, replayed } = await createSubmission({
      form,
      version: published,
      submitter: input.submitter,
      unitId: unit.orgId,
      data: input.data,
      draft: input.draft,
      submissionId: input.entryId,
      viaCampaign: true,
      extraItems: [stillCollecting(campaign.campaignId, true)],
    });
    return { entry: toEntry(campaign, submission, new Map([[unit.orgId, unit]])), replayed };
  } catch (error) {
    return explainRefusal(error, campaign.campaignId, true);
  }
}

/**
 * The submitter saves a draft (within the window) or submits it, or fixes and resubmits an
 * entry returned by 形式审查 (until judging starts).
 */
export async function updateEntry(input: { campaign: StoredCampaign; submission: Submission; data: Record<string, unknown>; submit: boolean; revision: number }): Promise<Entry> {
  const { campaign, submission } = input;
  expectStatus(campaign, ["collecting"], "修改申报");
  if (submission.status === "draft") expectWindowOpen(campaign);
  else if (submission.status !== "returned") throw new AppError("submission.not_editable", "已提交的申报不能再修改（被退回修改时才可以）");
  const [{ form }, version] = await Promise.all([requireForm(campaign.formId), getFormVersion(campaign.formId, submission.version)]);
  if (!version) throw new AppError("form.not_found", "申报表版本不存在");
  try {
    const next = await updateSubmission({
      form,
      submission,
      version,
      data: input.data,
      draft: !input.submit,
      revision: input.revision,
      viaCampaign: true,
      extraItems: [stillCollecting(campaign.campaignId, submission.status === "draft")],
    });
    return toEntry(campaign, next, await unitsOf([next]));
  } catch (error) {
    return explainRefusal(error, campaign.campaignId, submission.status === "draft");
  }
}

export async function unitsOf(submissions: ReadonlyArray<Pick<Submission, "unitId">>): Promise<Map<string, Org>> {
  const units = await getOrgs(submissions.map((s) => s.unitId));
  return new Map(units.map((unit) => [unit.orgId, unit]));
}

export function toEntry(campaign: StoredCampaign, submission: Submission, units: ReadonlyMap<string, Org>): Entry {
  const unit = units.get(submission.unitId);
  return {
    entryId: submission.submissionId,
    campaignId: campaign.campaignId,
    formId: submission.formId,
    version: submission.version,
    unitId: submission.unitId,
    unitName: unit?.name ?? "",
    unitPath: unit?.path ?? [],
    submitterId: submission.submitterId,
    submitterName: submission.submitterName,
    status: submission.status as EntryStatus,
    data: submission.data,
    revision: submission.revision,
    createdAt: submission.createdAt,
    updatedAt: submission.updatedAt,
    submittedAt: submission.submittedAt,
    instanceId: submission.instanceId,
  };
}

export function toSummary(submission: Submission, units: ReadonlyMap<string, Org>): EntrySummary {
  return {
    entryId: submission.submissionId,
    title: entryText(submission.data).title,
    unitId: submission.unitId,
    unitName: units.get(submission.unitId)?.name ?? "",
    submitterId: submission.submitterId,
    submitterName: submission.submitterName,
    status: submission.status as EntryStatus,
    revision: submission.revision,
    createdAt: submission.createdAt,
    updatedAt: submission.updatedAt,
    submittedAt: submission.submittedAt,
  };
}

/** The entry (a submission of this campaign's form), or undefined. */
export async function getEntrySubmission(campaign: StoredCampaign, entryId: string): Promise<Submission | undefined> {
  const submission = await getSubmission(entryId);
  return submission && submission.formId === campaign.formId ? submission : undefined;
}

/** Whether the actor administers the entry's unit (directly or from above). */
export function isUnitAdmin(actor: Actor, unit: Pick<Org, "orgId" | "path">): boolean {
  return can(actor, "org.manage", { orgId: unit.orgId, path: unit.path });
}

/**
 * Who reads an entry in full: its submitter (drafts too); once submitted, the office and the
 * unit's admins. (Judges read the judge view instead; see judging.ts.)
 */
export function mayReadFull(actor: Actor, campaign: StoredCampaign, submission: Submission, unit: Org | undefined): boolean {
  if (submission.submitterId === actor.accountId) return true;
  if (submission.status === "draft") return false;
  return isOffice(actor, campaign) || (unit !== undefined && isUnitAdmin(actor, unit));
}

async function submittedOf(formId: string, status?: EntryStatus): Promise<Submission[]> {
  const { index, pk } = Keys.submissionsByForm(formId, status);
  const items = await queryAll({ IndexName: index, KeyConditionExpression: `${index}pk = :pk`, ExpressionAttributeValues: { ":pk": pk } });
  return toSubmissions(items);
}

/** Every submitted entry (drafts are not submitted), all statuses. */
export const submittedEntries = (campaign: StoredCampaign) => submittedOf(campaign.formId);
/** Entries that passed 形式审查: one Query of the form's approved submissions. */
export const eligibleEntries = (campaign: StoredCampaign) => submittedOf(campaign.formId, "approved");

/** How many submitted entries are in a status (a COUNT Query on the status index). */
export async function countEntries(campaign: StoredCampaign, status: EntryStatus): Promise<number> {
  const { pk } = Keys.submissionsByForm(campaign.formId, status);
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ TableName: tableName(), IndexName: "gsi3", KeyConditionExpression: "gsi3pk = :pk", ExpressionAttributeValues: { ":pk": pk }, Select: "COUNT", ExclusiveStartKey: start }));
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return total;
}

/**
 * The entries the caller may list: the office pages through every submitted entry; anyone
 * else sees their own (drafts included) and, as a unit admin, their units' submitted ones.
 */
export async function listEntries(campaign: StoredCampaign, actor: Actor, page: { cursor?: string; limit?: number }): Promise<EntryPage> {
  if (isOffice(actor, campaign)) {
    const result = await listSubmissions(campaign.formId, { cursor: page.cursor, limit: page.limit });
    const units = await unitsOf(result.items);
    return { items: result.items.map((s) => toSummary(s, units)), cursor: result.cursor };
  }
  const own = await mySubmissions(actor.accountId, campaign.formId);
  const administers = [...actor.roles.entries()].some(([orgId, roles]) => roles.includes("admin") && (actor.paths?.get(orgId) ?? []).includes(campaign.orgId));
  const ofUnits = administers ? await submittedEntries(campaign) : [];
  const units = await unitsOf([...own, ...ofUnits]);
  const mine = new Set(own.map((s) => s.submissionId));
  const visible = [...own, ...ofUnits.filter((s) => !mine.has(s.submissionId) && units.has(s.unitId) && isUnitAdmin(actor, units.get(s.unitId)!))];
  visible.sort((a, b) => (b.updatedAt < a.updatedAt ? -1 : b.updatedAt > a.updatedAt ? 1 : 0));
  return { items: visible.map((s) => toSummary(s, units)) };
}
