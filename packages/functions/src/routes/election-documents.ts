import { createRoute, z } from "@hono/zod-openapi";
import { authorize, can } from "@tongxin/core/access/policy";
import { resultsDocument } from "@tongxin/core/elections/results";
import { listVoters } from "@tongxin/core/elections/roll";
import { type Election } from "@tongxin/core/elections/store";
import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { getOrg } from "@tongxin/core/orgs/orgs";
import { problems, router } from "../http/openapi";
import { ElectionParams, electionFor, place } from "./election-access";

/**
 * Election documents: the 选举结果报告单 and the 换届备案材料 as PDF. Served by the office function
 * (office-routes.ts), which ships the PDF writer (pdfkit) and the CJK font; the API function's
 * bundle carries neither.
 */

async function readable(c: Context<AppEnv>, electionId: string) {
  const { actor, election } = await electionFor(c, electionId, "elections.read", true);
  return { actor, election, manages: can(actor, "elections.manage", place(election)) };
}

function pdf(c: Context<AppEnv>, bytes: Uint8Array, filename: string) {
  c.header("content-type", "application/pdf");
  c.header("cache-control", "no-store");
  c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
  return c.body(bytes as unknown as ArrayBuffer, 200);
}

const verifyUrl = (c: Context<AppEnv>, election: Election) => `${new URL(c.req.url).origin}/elections/${encodeURIComponent(election.electionId)}/results`;

export const electionDocumentRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/report",
      summary: "选举结果报告单 (PDF): figures, votes per candidate, elected, motions, scrutineers' and tellers' signature lines, audit head hash, QR to the results page — to admins and scrutineers once counted, to everyone once published",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: { description: "The report", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } }, ...problems(401, 404, 409) },
    }),
    async (c) => {
      const { actor, election, manages } = await readable(c, c.req.valid("param").electionId);
      const document = await resultsDocument(election, manages || election.scrutineers.some((person) => person.accountId === actor.accountId));
      const org = await getOrg(election.orgId);
      const { electionReportPdf } = await import("@tongxin/core/elections/report-pdf");
      return pdf(c, await electionReportPdf({ election, document, orgName: org?.name ?? "", verifyUrl: verifyUrl(c, election) }), `${election.title}-选举结果报告单.pdf`);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/filing",
      summary: "换届备案材料 (PDF, admins, once counted): the result report, the roll summary (present in person or by proxy), the candidate list, the motions' results",
      tags: ["elections"],
      request: { params: ElectionParams },
      responses: { 200: { description: "The filing pack", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } }, ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const { actor, election, manages } = await readable(c, c.req.valid("param").electionId);
      // The roll (who came) is the admins' to file, as the roll itself is.
      if (!manages) authorize(actor, "elections.manage", { orgId: election.orgId, path: election.orgPath });
      const [document, org, voters] = await Promise.all([resultsDocument(election, true), getOrg(election.orgId), listVoters(election.electionId)]);
      const names = new Map(voters.map((v) => [v.accountId, v.name]));
      const { filingPackPdf } = await import("@tongxin/core/elections/report-pdf");
      const bytes = await filingPackPdf({
        election,
        document,
        orgName: org?.name ?? "",
        verifyUrl: verifyUrl(c, election),
        voters: voters.map((v) => ({ name: v.name, checkedIn: !!v.checkedInAt, paper: !!v.paperAt, ...(v.proxyHolderId ? { proxyHolderName: names.get(v.proxyHolderId) ?? "" } : {}) })),
      });
      return pdf(c, bytes, `${election.title}-换届备案材料.pdf`);
    },
  );
