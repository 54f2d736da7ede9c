import { createRoute, z } from "@hono/zod-openapi";
import { can, type Action, type Actor } from "@tongxin/core/access/policy";
import { submissionFor } from "@tongxin/core/forms/personal-fields";
import { createEntry, getEntrySubmission, listEntries, mayReadFull, toEntry, unitsOf, updateEntry } from "@tongxin/core/campaigns/entries";
import { assignJudge, assignmentMatrix, autoAssign, entryScores, getScore, judgeView, myAssignments, saveScore, unassignJudge } from "@tongxin/core/campaigns/judging";
import { campaignView, changeWindow, confirmAwards, createCampaign, finalize, setJudges, startJudging } from "@tongxin/core/campaigns/lifecycle";
import { ConfirmInputSchema, EntryCreateSchema, EntryUpdateSchema, JudgesInputSchema, ObjectionInputSchema, ResolveInputSchema, ScoreInputSchema, WindowInputSchema } from "@tongxin/core/campaigns/inputs";
import { fileObjection, listObjections, openObjectionsOf, resolveObjection } from "@tongxin/core/campaigns/objections";
import { confirmFacts, publicCampaign, ranking } from "@tongxin/core/campaigns/results";
import { getCampaign, isJudge, isOffice, listCampaigns, placeOf, type StoredCampaign } from "@tongxin/core/campaigns/store";
import { AppError } from "@tongxin/core/errors";
import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { CursorQuery, IdempotencyHeaders, problems, router } from "../http/openapi";
import { requireActor, requireOrgAccess, requirePrincipal } from "../http/session";
import { OrgParams } from "./orgs";
import { idempotentId } from "../http/idempotency";

/**
 * 十佳案例 campaigns (see packages/core/src/campaigns/README.md). Every route resolves the
 * caller first (401), then the campaign: someone with no standing in the campaign org's
 * subtree is told it does not exist (404), a member lacking the role gets 403. "Office" =
 * admins (act) and reviewers (read) at the campaign org or above; "judge" = on the panel.
 */
export const CampaignParams = z.object({ campaignId: z.string().min(1).max(64) });
const EntryParams = CampaignParams.extend({ entryId: z.string().min(1).max(64) });
const Json = z.record(z.string(), z.unknown());
const ok = (description: string) => ({ content: { "application/json": { schema: Json } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

type Need = "read" | "office" | "manage" | "judge";

/** The campaign and the caller, checked for `need`. */
export async function campaignFor(c: Context<AppEnv>, campaignId: string, need: Need, consistent = false): Promise<{ campaign: StoredCampaign; actor: Actor }> {
  const actor = await requireActor(c);
  const campaign = await getCampaign(campaignId, consistent);
  if (!campaign || !can(actor, "campaigns.read", placeOf(campaign))) throw new AppError("campaign.not_found", "评选活动不存在");
  const allowed = need === "read" || (need === "office" && isOffice(actor, campaign)) || (need === "manage" && can(actor, "campaigns.manage", placeOf(campaign))) || (need === "judge" && isJudge(actor, campaign));
  if (!allowed) throw new AppError("access.denied", need === "judge" ? "您不是本次评选的评委" : "没有权限执行此操作");
  return { campaign, actor };
}

const action = (path: string, summary: string) =>
  createRoute({ method: "post", path, summary, tags: ["campaigns"], request: { params: CampaignParams }, responses: { 200: ok("The campaign"), ...problems(401, 403, 404, 409) } });

const office = (path: string, summary: string) =>
  createRoute({ method: "get", path, summary, tags: ["campaigns"], request: { params: CampaignParams }, responses: { 200: ok(summary), ...problems(401, 403, 404) } });

export const campaignRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/orgs/{orgId}/campaigns",
      summary: "Create a campaign (评选活动) with its entry form and 形式审查 chain",
      tags: ["campaigns"],
      request: { params: OrgParams, headers: IdempotencyHeaders, body: body(Json.openapi({ description: "Title, year, window, rubric, tiers, blind, judgesPerEntry, noticeDays … (see the campaigns README)" })) },
      responses: { 201: ok("Created"), ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      const { org, actor } = await requireOrgAccess(c, c.req.valid("param").orgId, "campaigns.manage");
      const campaign = await createCampaign(org, actor, c.req.valid("json"), await idempotentId(c, actor.accountId));
      return c.json(await campaignView(campaign, actor), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/campaigns",
      summary: "The org's campaigns, newest first (anyone in its subtree)",
      tags: ["campaigns"],
      request: { params: OrgParams },
      responses: { 200: ok("Campaigns"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { org, actor } = await requireOrgAccess(c, c.req.valid("param").orgId, "campaigns.read");
      const items = await listCampaigns(org.orgId);
      return c.json({ items: await Promise.all(items.map((campaign) => campaignView(campaign, actor, false))) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaignId}",
      summary: "A campaign: configuration, status, the caller's roles in it (office/judge/entrant), counts for the office",
      tags: ["campaigns"],
      request: { params: CampaignParams },
      responses: { 200: ok("The campaign"), ...problems(401, 404) },
    }),
    async (c) => {
      const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "read");
      return c.json(await campaignView(campaign, actor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{campaignId}/entries",
      summary: "Enter a case (or save a draft) for one's unit, within the submission window",
      tags: ["campaigns"],
      request: { params: CampaignParams, headers: IdempotencyHeaders, body: body(EntryCreateSchema) },
      responses: { 201: ok("The entry"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "read");
      const principal = requirePrincipal(c);
      const input = c.req.valid("json");
      const { entry, replayed } = await createEntry({
        campaign,
        actor,
        submitter: { accountId: principal.accountId, name: principal.name },
        unitId: input.unitId,
        data: input.data,
        draft: input.draft,
        entryId: await idempotentId(c, actor.accountId),
      });
      if (replayed) c.header("idempotent-replayed", "true");
      return c.json({ ...entry, view: "full" }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaignId}/entries",
      summary: "Entries: the office pages through all submitted ones; others see their own (drafts too) and their units'",
      tags: ["campaigns"],
      request: { params: CampaignParams, query: z.object({ cursor: CursorQuery, limit: z.coerce.number().int().min(1).max(200).default(50) }) },
      responses: { 200: ok("A page of entries"), ...problems(401, 404) },
    }),
    async (c) => {
      const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "read");
      return c.json(await listEntries(campaign, actor, c.req.valid("query")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaignId}/entries/{entryId}",
      summary: "An entry: in full to its submitter, the office and its unit's admins; the judge view to an assigned judge",
      tags: ["campaigns"],
      request: { params: EntryParams },
      responses: { 200: ok("The entry (`view: full`) or the judge view (`view: judge`)"), ...problems(401, 404) },
    }),
    async (c) => {
      const { campaignId, entryId } = c.req.valid("param");
      const { campaign, actor } = await campaignFor(c, campaignId, "read");
      const submission = await getEntrySubmission(campaign, entryId);
      if (submission) {
        const units = await unitsOf([submission]);
        if (mayReadFull(actor, campaign, submission, units.get(submission.unitId))) return c.json({ ...toEntry(campaign, submissionFor(actor.accountId, submission), units), view: "full" }, 200);
        const score = isJudge(actor, campaign) ? await getScore(campaign.campaignId, entryId, actor.accountId) : undefined;
        if (score) return c.json(await judgeView(campaign, submission, score), 200);
      }
      throw new AppError("campaign.entry_not_found", "案例不存在");
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/campaigns/{campaignId}/entries/{entryId}",
      summary: "The submitter saves or submits a draft (within the window), or resubmits a returned entry (until judging starts)",
      tags: ["campaigns"],
      request: { params: EntryParams, body: body(EntryUpdateSchema) },
      responses: { 200: ok("The entry"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaignId, entryId } = c.req.valid("param");
      const { campaign, actor } = await campaignFor(c, campaignId, "read");
      const submission = await getEntrySubmission(campaign, entryId);
      if (!submission) throw new AppError("campaign.entry_not_found", "案例不存在");
      if (submission.submitterId !== actor.accountId) {
        const units = await unitsOf([submission]);
        if (mayReadFull(actor, campaign, submission, units.get(submission.unitId))) throw new AppError("access.denied", "只有申报人可以修改");
        throw new AppError("campaign.entry_not_found", "案例不存在");
      }
      const input = c.req.valid("json");
      const entry = await updateEntry({ campaign, submission, data: input.data, submit: input.submit, revision: input.revision });
      return c.json({ ...entry, view: "full" }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/campaigns/{campaignId}/judges",
      summary: "Set the panel: accounts holding the judge role at the campaign org",
      tags: ["campaigns"],
      request: { params: CampaignParams, body: body(JudgesInputSchema) },
      responses: { 200: ok("The campaign"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "manage");
      const updated = await setJudges(campaign.campaignId, actor, c.req.valid("json").judgeIds);
      return c.json(await campaignView(updated, actor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/campaigns/{campaignId}/window",
      summary: "Move the submission window while collecting: extend it (延长征集期) or close it early (提前截止)",
      tags: ["campaigns"],
      request: { params: CampaignParams, body: body(WindowInputSchema) },
      responses: { 200: ok("The campaign"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "manage");
      const updated = await changeWindow(campaign.campaignId, actor, c.req.valid("json"));
      return c.json(await campaignView(updated, actor), 200);
    },
  )
  .openapi(action("/campaigns/{campaignId}/judging", "Start judging: after the window closed and every entry's 形式审查 finished"), async (c) => {
    const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "manage");
    return c.json(await campaignView(await startJudging(campaign.campaignId, actor), actor), 200);
  })
  .openapi(action("/campaigns/{campaignId}/assignments/auto", "Fill every eligible entry up to judgesPerEntry conflict-free judges, balancing loads"), async (c) => {
    const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "manage");
    const { added } = await autoAssign(campaign.campaignId, actor);
    const fresh = await getCampaign(campaign.campaignId, true);
    return c.json({ added, matrix: await assignmentMatrix(fresh!) }, 200);
  })
  .openapi(office("/campaigns/{campaignId}/assignments", "The assignment matrix with loads and conflicts (office)"), async (c) => {
    const { campaign } = await campaignFor(c, c.req.valid("param").campaignId, "office");
    return c.json(await assignmentMatrix(campaign), 200);
  })
  .openapi(
    createRoute({
      method: "put",
      path: "/campaigns/{campaignId}/assignments/{entryId}/{judgeId}",
      summary: "Assign a judge to an entry by hand (a conflicted judge is refused with the reason)",
      tags: ["campaigns"],
      request: { params: EntryParams.extend({ judgeId: z.string().min(1).max(64) }) },
      responses: { 200: ok("The assignment"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaignId, entryId, judgeId } = c.req.valid("param");
      const { actor } = await campaignFor(c, campaignId, "manage");
      return c.json(await assignJudge(campaignId, actor, entryId, judgeId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/campaigns/{campaignId}/assignments/{entryId}/{judgeId}",
      summary: "Remove an assignment whose score is not yet submitted",
      tags: ["campaigns"],
      request: { params: EntryParams.extend({ judgeId: z.string().min(1).max(64) }) },
      responses: { 204: { description: "Removed" }, ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const { campaignId, entryId, judgeId } = c.req.valid("param");
      const { actor } = await campaignFor(c, campaignId, "manage");
      await unassignJudge(campaignId, actor, entryId, judgeId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaignId}/my-assignments",
      summary: "A judge's entries (judge-view titles) and their score status",
      tags: ["campaigns"],
      request: { params: CampaignParams },
      responses: { 200: ok("My assignments"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "judge");
      return c.json(await myAssignments(campaign, actor.accountId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/campaigns/{campaignId}/entries/{entryId}/score",
      summary: "An assigned judge saves (or finally submits) their scores and comment",
      tags: ["campaigns"],
      request: { params: EntryParams, body: body(ScoreInputSchema) },
      responses: { 200: ok("The score"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaignId, entryId } = c.req.valid("param");
      const { campaign, actor } = await campaignFor(c, campaignId, "judge");
      return c.json(await saveScore(campaign, actor.accountId, entryId, c.req.valid("json")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaignId}/entries/{entryId}/scores",
      summary: "All scores of an entry: the office always, an assigned judge after submitting their own",
      tags: ["campaigns"],
      request: { params: EntryParams },
      responses: { 200: ok("Scores"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { campaignId, entryId } = c.req.valid("param");
      const { campaign, actor } = await campaignFor(c, campaignId, "read");
      if (!isOffice(actor, campaign) && !isJudge(actor, campaign)) throw new AppError("access.denied", "没有权限查看评分");
      return c.json({ entryId, items: await entryScores(campaign, actor, entryId) }, 200);
    },
  )
  .openapi(office("/campaigns/{campaignId}/ranking", "The live ranking: rows, judges' deviations, proposed awards, 优秀组织奖 suggestions (office)"), async (c) => {
    const { campaign } = await campaignFor(c, c.req.valid("param").campaignId, "office");
    return c.json(await ranking(campaign), 200);
  })
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{campaignId}/confirm",
      summary: "Confirm the awards and open (or restart) the 公示",
      tags: ["campaigns"],
      request: { params: CampaignParams, body: body(ConfirmInputSchema) },
      responses: { 200: ok("The campaign"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "manage");
      const input = c.req.valid("json");
      const updated = await confirmAwards(campaign.campaignId, actor, { awards: input.awards, orgAwards: input.orgAwards }, async () => confirmFacts((await getCampaign(campaign.campaignId, true))!));
      return c.json(await campaignView(updated, actor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{campaignId}/objections",
      summary: "File an objection (异议) during the 公示 (anyone signed in)",
      tags: ["campaigns"],
      request: { params: CampaignParams, headers: IdempotencyHeaders, body: body(ObjectionInputSchema) },
      responses: { 201: ok("The objection"), ...problems(401, 404, 409, 422) },
    }),
    async (c) => {
      const actor = await requireActor(c);
      const principal = requirePrincipal(c);
      const campaign = await getCampaign(c.req.valid("param").campaignId);
      // The 公示 is public: anyone signed in may object, but only to a campaign in notice or published.
      if (!campaign || (campaign.status !== "notice" && campaign.status !== "published" && !can(actor, "campaigns.read", placeOf(campaign)))) throw new AppError("campaign.not_found", "评选活动不存在");
      const input = c.req.valid("json");
      const { objection, replayed } = await fileObjection(campaign.campaignId, { accountId: principal.accountId, name: principal.name }, { reasons: input.reasons, entryId: input.entryId }, await idempotentId(c, principal.accountId));
      if (replayed) c.header("idempotent-replayed", "true");
      return c.json(objection, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaignId}/objections",
      summary: "Objections: the office sees all, anyone else their own",
      tags: ["campaigns"],
      request: { params: CampaignParams },
      responses: { 200: ok("Objections"), ...problems(401, 404) },
    }),
    async (c) => {
      const actor = await requireActor(c);
      const campaign = await getCampaign(c.req.valid("param").campaignId);
      if (!campaign || (campaign.status !== "notice" && campaign.status !== "published" && !can(actor, "campaigns.read", placeOf(campaign)))) throw new AppError("campaign.not_found", "评选活动不存在");
      return c.json({ items: await listObjections(campaign, actor) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{campaignId}/objections/{objectionId}/resolve",
      summary: "Answer an objection (office admins); of two resolving at once, one wins",
      tags: ["campaigns"],
      request: { params: CampaignParams.extend({ objectionId: z.string().min(1).max(64) }), body: body(ResolveInputSchema) },
      responses: { 200: ok("The resolved objection"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaignId, objectionId } = c.req.valid("param");
      await campaignFor(c, campaignId, "manage");
      const principal = requirePrincipal(c);
      return c.json(await resolveObjection(campaignId, objectionId, { accountId: principal.accountId, name: principal.name }, c.req.valid("json")), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/objections",
      summary: "The office's 待办: open objections of the org's campaigns",
      tags: ["campaigns"],
      request: { params: OrgParams, query: z.object({ status: z.enum(["open"]).default("open") }) },
      responses: { 200: ok("Open objections"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "campaigns.review" satisfies Action);
      return c.json({ items: await openObjectionsOf(org.orgId) }, 200);
    },
  )
  .openapi(action("/campaigns/{campaignId}/finalize", "Publish the results: after the 公示 ends and with no objection open"), async (c) => {
    const { campaign, actor } = await campaignFor(c, c.req.valid("param").campaignId, "manage");
    return c.json(await campaignView(await finalize(campaign.campaignId, actor), actor), 200);
  })
  .openapi(
    createRoute({
      method: "get",
      path: "/public/campaigns/{campaignId}",
      summary: "The public 公示 / results page (no session): 404 unless in notice or published",
      tags: ["campaigns"],
      request: { params: CampaignParams },
      responses: { 200: ok("The public page"), ...problems(404) },
    }),
    async (c) => {
      const campaign = await getCampaign(c.req.valid("param").campaignId);
      const page = campaign ? await publicCampaign(campaign) : null;
      if (!page) throw new AppError("campaign.not_found", "评选结果尚未公示");
      return c.json(page, 200);
    },
  );
