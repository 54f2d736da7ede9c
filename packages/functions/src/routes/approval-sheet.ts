import { createRoute, z } from "@hono/zod-openapi";
import { approvalSheet } from "@tongxin/core/approvals/sheet";
import { viewApproval } from "@tongxin/core/approvals/view";
import { getFormVersion } from "@tongxin/core/forms/forms";
import { problems, router } from "../http/openapi";
import { requireActor } from "../http/session";

/**
 * 审批单 as PDF. Served by the office function (office-routes.ts), which ships the PDF writer
 * (pdfkit) and the CJK font; the API function's bundle carries neither. Whoever may read the
 * approval (GET /instances/:id) may have its sheet, with personal answers masked the same way.
 */
const InstanceParams = z.object({ instanceId: z.string().min(1).max(64) });

export const approvalSheetRoutes = router().openapi(
  createRoute({
    method: "get",
    path: "/instances/{instanceId}/sheet.pdf",
    summary: "审批单 (PDF): the answers, each decision with approver, time and comment, the audit head hash and chain check, a QR code to the approval — to whoever may read the approval",
    tags: ["workflows"],
    request: { params: InstanceParams },
    responses: { 200: { description: "The sheet", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } }, ...problems(401, 404) },
  }),
  async (c) => {
    const view = await viewApproval(await requireActor(c), c.req.valid("param").instanceId);
    const version = view.submission ? await getFormVersion(view.submission.formId, view.submission.version) : undefined;
    const sheet = approvalSheet(view, version?.definition);
    const link = `${new URL(c.req.url).origin}/instances/${encodeURIComponent(view.instance.instanceId)}`;
    const { approvalSheetPdf } = await import("@tongxin/core/approvals/sheet-pdf");
    const bytes = await approvalSheetPdf(sheet, { link });
    c.header("content-type", "application/pdf");
    c.header("cache-control", "no-store");
    c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`${sheet.subject}-审批单.pdf`)}`);
    return c.body(bytes as unknown as ArrayBuffer, 200);
  },
);
