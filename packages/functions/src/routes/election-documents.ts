import { createRoute, z } from "@hono/zod-openapi";
import { authorize, can } from "@tongxin/core/access/policy";
import { AppError } from "@tongxin/core/errors";
import { resultsDocument } from "@tongxin/core/elections/results";
import { getElection } from "@tongxin/core/elections/store";
import { getOrg } from "@tongxin/core/orgs/orgs";
import { problems, router } from "../http/openapi";
import { requireActor } from "../http/session";

/**
 * Election documents: the 选举结果报告单 as a PDF. Its own route module so that it can move to a
 * separate "documents" function: the PDF writer (pdfkit) and the CJK font are imported lazily,
 * here only, and never by the API's other routes.
 */
const ElectionParams = z.object({ electionId: z.string().min(1).max(64) });

export const electionDocumentRoutes = router().openapi(
  createRoute({
    method: "get",
    path: "/elections/{electionId}/report",
    summary: "选举结果报告单 (PDF): figures, votes per candidate, elected, motions, scrutineers' and tellers' signature lines, audit head hash, QR to the results page — to admins and scrutineers once counted, to everyone once published",
    tags: ["elections"],
    request: { params: ElectionParams },
    responses: { 200: { description: "The report", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } }, ...problems(401, 404, 409) },
  }),
  async (c) => {
    const actor = await requireActor(c);
    const election = await getElection(c.req.valid("param").electionId, true);
    if (!election) throw new AppError("election.not_found", "选举不存在");
    const place = { orgId: election.orgId, path: election.orgPath };
    try {
      authorize(actor, "elections.read", place);
    } catch (error) {
      if (error instanceof AppError && error.code === "org.not_found") throw new AppError("election.not_found", "选举不存在");
      throw error;
    }
    const mayPreview = can(actor, "elections.manage", place) || election.scrutineers.some((person) => person.accountId === actor.accountId);
    const document = await resultsDocument(election, mayPreview);
    const org = await getOrg(election.orgId);
    const { electionReportPdf } = await import("@tongxin/core/elections/report-pdf");
    const origin = new URL(c.req.url).origin;
    const bytes = await electionReportPdf({ election, document, orgName: org?.name ?? "", verifyUrl: `${origin}/elections/${encodeURIComponent(election.electionId)}/results` });
    c.header("content-type", "application/pdf");
    c.header("cache-control", "no-store");
    c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`${election.title}-选举结果报告单.pdf`)}`);
    return c.body(bytes as unknown as ArrayBuffer, 200);
  },
);
