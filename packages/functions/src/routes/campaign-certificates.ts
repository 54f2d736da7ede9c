import { createRoute, z } from "@hono/zod-openapi";
import type { AnyCertificate } from "@tongxin/core/campaigns/certificates-pdf";
import { publicCampaign } from "@tongxin/core/campaigns/results";
import { AppError } from "@tongxin/core/errors";
import { problems, router } from "../http/openapi";
import { CampaignParams, campaignFor } from "./campaigns";

const CertificateQuery = z.object({
  tier: z.string().min(1).max(40).optional().openapi({ description: "All certificates of this tier (一等奖…) in one file" }),
  entryId: z.string().min(1).max(64).optional().openapi({ description: "The one certificate of this entry" }),
  orgId: z.string().min(1).max(64).optional().openapi({ description: "The one 优秀组织奖 certificate of this org" }),
});

/**
 * 十佳 certificates as PDF (office, once published): served by the office function, which ships
 * the PDF writer and its CJK font (office-routes.ts). With no query, every certificate of the
 * campaign; `tier`, `entryId` or `orgId` pick a tier's, one entry's or one organiser's.
 */
export const campaignCertificateRoutes = router().openapi(
  createRoute({
    method: "get",
    path: "/campaigns/{campaignId}/certificates.pdf",
    summary: "荣誉证书 (PDF, office, once published): all, a tier's (one file), one entry's or one organiser's 优秀组织奖",
    tags: ["campaigns"],
    request: { params: CampaignParams, query: CertificateQuery },
    responses: { 200: { description: "The certificates", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } }, ...problems(401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { campaign } = await campaignFor(c, c.req.valid("param").campaignId, "office");
    const { tier, entryId, orgId } = c.req.valid("query");
    const shown = campaign.status === "published" ? await publicCampaign(campaign) : null;
    if (!shown) throw new AppError("campaign.invalid_state", "评选结果发布后才能生成证书");
    const all: AnyCertificate[] = [...shown.certificates.map((certificate) => ({ kind: "entry" as const, ...certificate })), ...shown.orgCertificates.map((certificate) => ({ kind: "org" as const, ...certificate }))];
    const picked = all.filter((certificate) =>
      certificate.kind === "entry" ? (tier === undefined || certificate.tier === tier) && (entryId === undefined || certificate.entryId === entryId) && orgId === undefined : tier === undefined && entryId === undefined && (orgId === undefined || certificate.orgId === orgId),
    );
    if (picked.length === 0) {
      const field = entryId !== undefined ? "entryId" : orgId !== undefined ? "orgId" : "tier";
      throw new AppError("validation.failed", "没有符合条件的获奖证书", { fields: { [field]: ["没有该获奖项"] } });
    }
    const { certificatesPdf } = await import("@tongxin/core/campaigns/certificates-pdf");
    const bytes = await certificatesPdf(campaign.title, picked);
    const label = entryId ?? orgId ?? tier ?? "全部";
    c.header("content-type", "application/pdf");
    c.header("cache-control", "no-store");
    c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`${campaign.title}-荣誉证书-${label}.pdf`)}`);
    return c.body(bytes as unknown as ArrayBuffer, 200);
  },
);
