import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../access/policy";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { queryAll } from "../db/query";
import { AppError, fieldErrorsFromIssues } from "../errors";
import { validateDefinition } from "../forms/validate-definition";
import { formCreationItems } from "../forms/forms";
import { newId, nowIso } from "../ids";
import type { Org } from "../orgs/orgs";
import type { WorkflowDefinition } from "../workflows/definition";
import { getWorkflow, parseWorkflowDefinition, type Workflow } from "../workflows/workflows";
import { CASE_ENTRY_FORM } from "./entry-form";
import { overridesFor } from "../calendar/overrides";
import { beijingDate, workingDayPeriod } from "../calendar/working-days";
import { countEntries, windowState } from "./entries";
import { type AwardGroup, type Campaign, type EntryStatus } from "./model";
import { CampaignInputSchema, WINNERS_TIER, type ConfirmInput, type WindowChange } from "./inputs";
import { changeCampaign, creationItems, expectStatus, getCampaign, isOffice, rolesIn, type StoredCampaign } from "./store";

/**
 * A campaign's life: collecting → judging → notice (公示) → published, each step one audited
 * change of the campaign item. Creating one also creates its entry form and 形式审查 chain,
 * all in one transaction.
 */

/**
 * The default 形式审查: one step, 或签, by the campaign org's reviewers; if it has none, its
 * admins; if it has neither (an office run from above), the person creating the campaign.
 */
async function defaultReview(org: Org, creatorId: string): Promise<WorkflowDefinition> {
  const holders = async (role: "reviewer" | "admin") =>
    queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      FilterExpression: "contains(#roles, :role)",
      ExpressionAttributeNames: { "#roles": "roles" },
      ExpressionAttributeValues: { ":pk": Keys.membersOf(org.orgId).pk, ":prefix": "MEMBER#", ":role": role },
      ProjectionExpression: "accountId",
    });
  const role = (await holders("reviewer")).length > 0 ? "reviewer" : (await holders("admin")).length > 0 ? "admin" : undefined;
  const approvers = role ? { kind: "role", role, at: { kind: "ancestor", orgKind: org.kind } } : { kind: "people", accountIds: [creatorId] };
  return parseWorkflowDefinition({ name: "形式审查", steps: [{ name: "形式审查", approvers, mode: "any", dueDays: 5 }] });
}

export async function createCampaign(org: Org, actor: Actor, raw: unknown, campaignId = newId()): Promise<StoredCampaign> {
  const parsed = CampaignInputSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldErrorsFromIssues(parsed.error.issues);
    const [path, messages] = Object.entries(fields)[0]!;
    throw new AppError("validation.failed", `${path}：${messages[0]}`, { fields });
  }
  const { entryForm, reviewWorkflowId, ...config } = parsed.data;
  const definition = validateDefinition(entryForm ?? CASE_ENTRY_FORM);
  let workflowId = reviewWorkflowId;
  const writes: Array<Record<string, unknown>> = [];
  if (workflowId) {
    const existing = await getWorkflow(workflowId);
    if (!existing || existing.orgId !== org.orgId) throw new AppError("validation.failed", "审查流程不存在", { fields: { reviewWorkflowId: ["须为本单位的审批流程"] } });
  } else {
    workflowId = campaignId;
    const workflow: Workflow = { ...(await defaultReview(org, actor.accountId)), workflowId, orgId: org.orgId, createdAt: nowIso() };
    writes.push({
      Put: {
        TableName: tableName(),
        Item: { ...Keys.workflow(workflowId), ...Keys.workflowOfOrg(org.orgId, workflow.createdAt, workflowId), type: "workflow", ...workflow },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
  }
  const form = formCreationItems(org.orgId, { ...definition, title: `${config.title}·申报表`.slice(0, 100) }, { publish: true, formId: campaignId, workflowId, campaignId });
  const at = nowIso();
  const { campaign, items } = creationItems(
    {
      ...config,
      campaignId,
      orgId: org.orgId,
      orgName: org.name,
      orgPath: org.path,
      formId: form.form.formId,
      workflowId,
      status: "collecting",
      judgeIds: [],
      openObjections: 0,
      createdBy: actor.accountId,
      createdAt: at,
      updatedAt: at,
    },
    { action: "created", actorId: actor.accountId, title: config.title, config },
  );
  try {
    await db().send(new TransactWriteCommand({ TransactItems: [...items, ...form.items, ...writes] }));
  } catch (error) {
    // A retried create (same Idempotency-Key → same id) returns what the first one made.
    const existing = await getCampaign(campaignId, true);
    if (existing && existing.orgId === org.orgId && existing.createdBy === actor.accountId) return existing;
    throw error;
  }
  return campaign;
}

/** The campaign with the caller's roles in it and, for the office, its entries by status. */
export async function campaignView(campaign: StoredCampaign, actor: Actor, withCounts = true): Promise<Campaign> {
  const { version: _v, auditHead: _h, orgPath: _p, ...rest } = campaign;
  const myRole = rolesIn(actor, campaign);
  if (!withCounts || !isOffice(actor, campaign)) return { ...rest, myRole };
  const statuses: EntryStatus[] = ["in_review", "returned", "approved", "rejected"];
  const counts = Object.fromEntries(await Promise.all(statuses.map(async (status) => [status, await countEntries(campaign, status)] as const)));
  return { ...rest, myRole, counts };
}

/** Judges' names and whether each still holds the judge role at the campaign org (their memberships there). */
export async function panelMembers(orgId: string, judgeIds: readonly string[]): Promise<Map<string, { name: string; judge: boolean }>> {
  const items = await batchGetAll(judgeIds.map((id) => ({ pk: Keys.membership(orgId, id).pk, sk: Keys.membership(orgId, id).sk })));
  return new Map(items.map((item) => [item.accountId as string, { name: item.name as string, judge: ((item.roles as string[] | undefined) ?? []).includes("judge") }]));
}

/** Sets the panel: every one must hold the judge role at the campaign org. */
export async function setJudges(campaignId: string, actor: Actor, judgeIds: string[]): Promise<StoredCampaign> {
  const unique = [...new Set(judgeIds)];
  return changeCampaign(campaignId, async (campaign) => {
    expectStatus(campaign, ["collecting", "judging"], "调整评委");
    const members = await panelMembers(campaign.orgId, unique);
    const fields: Record<string, string[]> = {};
    judgeIds.forEach((id, index) => {
      if (!members.get(id)?.judge) fields[`judgeIds.${index}`] = ["须为本单位的评审专家（评委角色）"];
    });
    if (Object.keys(fields).length > 0) throw new AppError("validation.failed", "评委须为本单位的评审专家", { fields });
    const removed = campaign.judgeIds.filter((id) => !unique.includes(id));
    if (removed.length > 0) {
      const assigned = await queryAll({
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": Keys.campaignScoresOf(campaign.campaignId).pk, ":prefix": "SCORE#" },
        ProjectionExpression: "judgeId",
        ConsistentRead: true,
      });
      const busy = removed.filter((id) => assigned.some((item) => item.judgeId === id));
      if (busy.length > 0) throw new AppError("campaign.conflict", "已分配评审任务的评委不能移出评委库，请先撤销其分配", { details: { judgeIds: busy } });
    }
    return { changes: { judgeIds: unique }, event: { action: "judges_set", actorId: actor.accountId, judgeIds: unique } };
  });
}

/**
 * The office moves the submission window while collecting: extends it (延长征集期), closes it
 * early (提前截止: close at now or any time after the opening) or moves the opening of a window
 * not yet open. Once judging has started it is refused like every collecting-only change, so a
 * window cannot be re-opened then. Entry writes are conditional on the stored window, so an
 * entry racing an early close is either in before it or refused.
 */
export async function changeWindow(campaignId: string, actor: Actor, input: WindowChange, now = () => new Date()): Promise<StoredCampaign> {
  return changeCampaign(campaignId, (campaign) => {
    expectStatus(campaign, ["collecting"], "调整征集时间");
    const at = now();
    const openAt = input.submissionsOpenAt ?? campaign.submissionsOpenAt;
    const closeAt = input.submissionsCloseAt;
    if (openAt !== campaign.submissionsOpenAt && windowState(campaign, at) !== "before" && Date.parse(openAt) > at.getTime()) {
      const message = "征集已经开始，开始时间不能改到以后；如需停止征集，请提前截止";
      throw new AppError("validation.failed", message, { fields: { submissionsOpenAt: [message] } });
    }
    if (Date.parse(closeAt) <= Date.parse(openAt)) {
      const message = "征集截止时间须晚于开始时间";
      throw new AppError("validation.failed", message, { fields: { submissionsCloseAt: [message] } });
    }
    if (openAt === campaign.submissionsOpenAt && closeAt === campaign.submissionsCloseAt) return null;
    const wasOpen = windowState(campaign, at) !== "after";
    return {
      changes: { submissionsOpenAt: openAt, submissionsCloseAt: closeAt },
      event: {
        action: "window_changed",
        actorId: actor.accountId,
        from: { submissionsOpenAt: campaign.submissionsOpenAt, submissionsCloseAt: campaign.submissionsCloseAt },
        to: { submissionsOpenAt: openAt, submissionsCloseAt: closeAt },
        closedEarly: wasOpen && Date.parse(closeAt) <= at.getTime(),
      },
      condition: { expression: "#status = :collecting", values: { ":collecting": "collecting" } },
    };
  });
}

/** Starts judging once the window has closed and 形式审查 of every entry is finished. */
export async function startJudging(campaignId: string, actor: Actor): Promise<StoredCampaign> {
  return changeCampaign(campaignId, async (campaign) => {
    expectStatus(campaign, ["collecting"], "开始评审");
    if (windowState(campaign) !== "after") throw new AppError("campaign.invalid_state", "征集尚未截止，截止后才能开始评审", { details: { submissionsCloseAt: campaign.submissionsCloseAt } });
    const [inReview, returned] = await Promise.all([countEntries(campaign, "in_review"), countEntries(campaign, "returned")]);
    if (inReview + returned > 0) {
      throw new AppError("campaign.review_pending", `还有${inReview + returned}件申报未完成形式审查（审查中${inReview}件、退回修改${returned}件）`, { details: { inReview, returned } });
    }
    const at = nowIso();
    return {
      changes: { status: "judging", judgingStartedAt: at },
      event: { action: "judging_started", actorId: actor.accountId },
      condition: { expression: "#status = :collecting", values: { ":collecting": "collecting" } },
    };
  });
}

/** Tiers in award order: 十佳 first, then the configured ones. */
export function tierList(campaign: Pick<StoredCampaign, "winners" | "tiers">): Array<{ name: string; count: number }> {
  return [{ name: WINNERS_TIER, count: campaign.winners }, ...campaign.tiers];
}

export interface ConfirmFacts {
  /** Eligible entries with their unit and whether every assigned judge has submitted. */
  entries: Map<string, { unitId: string; complete: boolean }>;
  /** Orgs of the campaign's subtree with an eligible entry at or beneath them (may get the org award). */
  awardable: ReadonlySet<string>;
}

/** Checks the awards the office confirms; returns field errors (empty when valid). Pure. */
export function confirmProblems(campaign: StoredCampaign, input: Required<ConfirmInput>, facts: ConfirmFacts): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (path: string, message: string) => (fields[path] ??= []).push(message);
  const tiers = new Map(tierList(campaign).map((tier) => [tier.name, tier.count]));
  const seen = new Set<string>();
  const seenTiers = new Set<string>();
  input.awards.forEach((award, index) => {
    const limit = tiers.get(award.tier);
    if (limit === undefined) add(`awards.${index}.tier`, `没有“${award.tier}”这个奖项`);
    if (seenTiers.has(award.tier)) add(`awards.${index}.tier`, `奖项“${award.tier}”重复`);
    seenTiers.add(award.tier);
    if (limit !== undefined && award.entryIds.length > limit) add(`awards.${index}.entryIds`, `“${award.tier}”最多${limit}件`);
    award.entryIds.forEach((entryId, i) => {
      const entry = facts.entries.get(entryId);
      if (!entry) add(`awards.${index}.entryIds.${i}`, "不是通过形式审查的参评案例");
      else if (!entry.complete) add(`awards.${index}.entryIds.${i}`, "该案例尚未完成评分");
      if (seen.has(entryId)) add(`awards.${index}.entryIds.${i}`, "同一案例不能获两个奖项");
      seen.add(entryId);
    });
  });
  const limit = campaign.orgAward?.count ?? 0;
  if (input.orgAwards.length > limit) add("orgAwards", limit === 0 ? "本次评选未设组织奖" : `组织奖最多${limit}个`);
  if (new Set(input.orgAwards).size !== input.orgAwards.length) add("orgAwards", "组织奖单位重复");
  input.orgAwards.forEach((orgId, i) => {
    if (!facts.awardable.has(orgId)) add(`orgAwards.${i}`, "须为本次评选范围内、其下有通过形式审查的参评案例的单位");
  });
  return fields;
}

/**
 * When a 公示 opened at `at` ends: noticeDays working days by the Chinese calendar (with the
 * office's overrides of the years it may reach), or noticeDays × 24 h for a calendar-day notice.
 */
export async function noticeOf(campaign: Pick<StoredCampaign, "noticeDays" | "noticeDayKind">, at: Date): Promise<Pick<StoredCampaign, "noticeEndsAt" | "noticePeriod">> {
  if (campaign.noticeDayKind !== "working") return { noticeEndsAt: new Date(at.getTime() + campaign.noticeDays * 86_400_000).toISOString() };
  const year = Number(beijingDate(at).slice(0, 4));
  // 30 working days never reach beyond the next year.
  const period = workingDayPeriod(at, campaign.noticeDays, await overridesFor([year, year + 1]));
  const { endsAt, ...noticePeriod } = period;
  return { noticeEndsAt: endsAt, noticePeriod };
}

/** Confirms the awards and opens (or restarts) the 公示. */
export async function confirmAwards(campaignId: string, actor: Actor, input: Required<ConfirmInput>, facts: () => Promise<ConfirmFacts>): Promise<StoredCampaign> {
  return changeCampaign(campaignId, async (campaign) => {
    expectStatus(campaign, ["judging", "notice"], "确认评选结果");
    const fields = confirmProblems(campaign, input, await facts());
    if (Object.keys(fields).length > 0) throw new AppError("validation.failed", `评选结果有误：${Object.values(fields)[0]![0]}`, { fields });
    const at = new Date();
    const awards: AwardGroup[] = input.awards.map((a) => ({ tier: a.tier, entryIds: [...a.entryIds] }));
    const notice = await noticeOf(campaign, at);
    return {
      changes: { status: "notice", awards, orgAwards: [...input.orgAwards], confirmedAt: at.toISOString(), ...notice },
      event: { action: campaign.status === "notice" ? "awards_revised" : "awards_confirmed", actorId: actor.accountId, awards, orgAwards: input.orgAwards },
    };
  });
}

/** Publishes the results: only after the notice period and with no objection open. */
export async function finalize(campaignId: string, actor: Actor): Promise<StoredCampaign> {
  return changeCampaign(campaignId, (campaign) => {
    expectStatus(campaign, ["notice"], "发布结果");
    if (Date.now() < Date.parse(campaign.noticeEndsAt!)) throw new AppError("campaign.notice_running", `公示期至 ${campaign.noticeEndsAt} 结束，届满后才能发布`, { details: { noticeEndsAt: campaign.noticeEndsAt } });
    if (campaign.openObjections > 0) throw new AppError("campaign.objections_open", `还有${campaign.openObjections}件异议未处理，处理完毕后才能发布`, { details: { openObjections: campaign.openObjections } });
    return {
      changes: { status: "published", publishedAt: nowIso() },
      event: { action: "finalized", actorId: actor.accountId },
      condition: { expression: "#status = :notice AND openObjections = :zero", values: { ":notice": "notice", ":zero": 0 } },
    };
  });
}
