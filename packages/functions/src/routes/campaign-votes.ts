import { createRoute, z } from "@hono/zod-openapi";
import { can, type Actor } from "@tongxin/core/access/policy";
import { campaignView } from "@tongxin/core/campaigns/lifecycle";
import { fraudSignals, voteWindow } from "@tongxin/core/campaigns/public-vote";
import { castVotes, configurePublicVote, requestVoteCode, requireVoteStage, storedVotes, verifyVoter, voidSource, votableEntries, voteCounts } from "@tongxin/core/campaigns/public-vote-store";
import { getCampaign, isOffice, placeOf, type StoredCampaign } from "@tongxin/core/campaigns/store";
import { AppError } from "@tongxin/core/errors";
import type { Context } from "hono";
import { clientAddress } from "../http/client";
import type { AppEnv } from "../http/env";
import { problems, router } from "../http/openapi";
import { requireActor } from "../http/session";

/**
 * The public vote stage of a campaign (网络投票, see packages/core/src/campaigns/README.md):
 * the office configures it, reads the counts and fraud signals and voids a source's votes;
 * voters (no account) prove a phone by SMS code and vote on the public page.
 */
const CampaignParams = z.object({ campaignId: z.string().min(1).max(64) });
const Json = z.record(z.string(), z.unknown());
const ok = (description: string) => ({ content: { "application/json": { schema: Json } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
const Phone = z.string().trim().min(1, "请输入手机号").max(20);

async function officeCampaign(c: Context<AppEnv>, campaignId: string, need: "office" | "manage"): Promise<{ campaign: StoredCampaign; actor: Actor }> {
  const actor = await requireActor(c);
  const campaign = await getCampaign(campaignId, true);
  if (!campaign || !can(actor, "campaigns.read", placeOf(campaign))) throw new AppError("campaign.not_found", "评选活动不存在");
  if (need === "office" ? !isOffice(actor, campaign) : !can(actor, "campaigns.manage", placeOf(campaign))) throw new AppError("access.denied", "没有权限执行此操作");
  return { campaign, actor };
}

async function publicVoteCampaign(campaignId: string): Promise<StoredCampaign> {
  const campaign = await getCampaign(campaignId);
  if (!campaign?.publicVote) throw new AppError("campaign.not_found", "该评选没有网络投票");
  return campaign;
}

export const campaignVoteRoutes = router()
  .openapi(
    createRoute({
      method: "put",
      path: "/campaigns/{campaignId}/public-vote",
      summary: "Set the public vote stage: window, picks per day, per-address cap, running counts shown, weight (office admin, before confirmation)",
      tags: ["campaigns"],
      request: { params: CampaignParams, body: body(Json.openapi({ description: "{opensAt, closesAt, picksPerDay, perAddressPerDay, showCounts, weight}" })) },
      responses: { 200: ok("The campaign"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaign, actor } = await officeCampaign(c, c.req.valid("param").campaignId, "manage");
      return c.json(await campaignView(await configurePublicVote(campaign.campaignId, actor, c.req.valid("json")), actor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaignId}/public-vote",
      summary: "The public vote for the office: counts per entry and fraud signals (votes per hour, top addresses and phone prefixes, bursts)",
      tags: ["campaigns"],
      request: { params: CampaignParams },
      responses: { 200: ok("Counts and signals"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { campaign } = await officeCampaign(c, c.req.valid("param").campaignId, "office");
      const config = requireVoteStage(campaign);
      const [entries, counts, votes] = await Promise.all([votableEntries(campaign), voteCounts(campaign.campaignId), storedVotes(campaign.campaignId)]);
      return c.json(
        {
          campaignId: campaign.campaignId,
          config,
          state: voteWindow(config),
          entries: entries.map((e) => ({ entryId: e.entryId, title: e.title, votes: counts.get(e.entryId) ?? 0 })),
          signals: fraudSignals(votes),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/campaigns/{campaignId}/public-vote/void",
      summary: "Void the votes of a flagged source (client address, phone prefix or one phone), audited with a reason, before the ranking is confirmed",
      tags: ["campaigns"],
      request: { params: CampaignParams, body: body(Json.openapi({ description: "{source: {kind: address|prefix|phone, value}, reason}" })) },
      responses: { 200: ok("How many votes were voided"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { campaign, actor } = await officeCampaign(c, c.req.valid("param").campaignId, "manage");
      const { voided } = await voidSource(campaign.campaignId, actor, c.req.valid("json"), campaign);
      return c.json({ voided }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/public/campaigns/{campaignId}/vote",
      summary: "The public vote page (no session): window, picks per day, entries (title and summary only), running counts if shown",
      tags: ["campaigns"],
      request: { params: CampaignParams },
      responses: { 200: ok("The vote page"), ...problems(404) },
    }),
    async (c) => {
      const campaign = await publicVoteCampaign(c.req.valid("param").campaignId);
      const config = campaign.publicVote!;
      const [entries, counts] = await Promise.all([votableEntries(campaign), config.showCounts ? voteCounts(campaign.campaignId) : undefined]);
      return c.json(
        {
          campaignId: campaign.campaignId,
          title: campaign.title,
          orgName: campaign.orgName,
          year: campaign.year,
          opensAt: config.opensAt,
          closesAt: config.closesAt,
          state: voteWindow(config),
          picksPerDay: config.picksPerDay,
          showCounts: config.showCounts,
          entries: entries.map((e) => ({ ...e, ...(counts ? { votes: counts.get(e.entryId) ?? 0 } : {}) })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/public/campaigns/{campaignId}/vote/code",
      summary: "Send a voting code by SMS to a phone (no session; throttled per phone and per client address)",
      tags: ["campaigns"],
      request: { params: CampaignParams, body: body(z.object({ phone: Phone })) },
      responses: { 202: { description: "A code is on its way", content: { "application/json": { schema: z.object({ retryAfter: z.number().int() }) } } }, ...problems(404, 409, 422, 429) },
    }),
    async (c) => {
      const campaign = await publicVoteCampaign(c.req.valid("param").campaignId);
      return c.json(await requestVoteCode(campaign, c.req.valid("json").phone, await clientAddress(c)), 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/public/campaigns/{campaignId}/vote/voter",
      summary: "Prove a phone with its voting code: a pass for casting votes until the end of the (Beijing) day",
      tags: ["campaigns"],
      request: { params: CampaignParams, body: body(z.object({ phone: Phone, code: z.string().trim().max(10) })) },
      responses: { 200: ok("The voter pass, the masked phone and the picks left today"), ...problems(401, 404, 409, 422) },
    }),
    async (c) => {
      const campaign = await publicVoteCampaign(c.req.valid("param").campaignId);
      const { phone, code } = c.req.valid("json");
      return c.json(await verifyVoter(campaign, phone, code), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/public/campaigns/{campaignId}/votes",
      summary: "Cast the day's picks with a voter pass: all or nothing, within the phone's and the client address's daily limits",
      tags: ["campaigns"],
      request: { params: CampaignParams, body: body(z.object({ pass: z.string().max(1000), entryIds: z.array(z.string().min(1).max(64)).max(20) })) },
      responses: { 201: ok("Accepted, with the picks left today"), ...problems(401, 404, 409, 422, 429, 503) },
    }),
    async (c) => {
      const campaign = await publicVoteCampaign(c.req.valid("param").campaignId);
      const { pass, entryIds } = c.req.valid("json");
      return c.json(await castVotes(campaign, { pass, entryIds, client: await clientAddress(c) }), 201);
    },
  );
