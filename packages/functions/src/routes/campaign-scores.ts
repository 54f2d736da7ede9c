import { createRoute, z } from "@hono/zod-openapi";
import { scoresWorkbook } from "@tongxin/core/campaigns/scores-workbook";
import { problems, router } from "../http/openapi";
import { CampaignParams, campaignFor, XLSX } from "./campaigns";

/** A campaign's score sheet as XLSX (office): served by the office function (office-modules.ts). */
export const campaignScoreRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/campaigns/{campaignId}/scores.xlsx",
      summary: "All judges' scores per criterion, totals, aggregates and ranks as XLSX (office)",
      tags: ["campaigns"],
      request: { params: CampaignParams },
      responses: { 200: { description: "The workbook", content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } } }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { campaign } = await campaignFor(c, c.req.valid("param").campaignId, "office");
      const bytes = await scoresWorkbook(campaign);
      c.header("content-type", XLSX);
      c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`${campaign.title}-评分表.xlsx`)}`);
      return c.body(new Uint8Array(bytes), 200);
    },
  );
