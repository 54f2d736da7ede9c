import { createRoute, z } from "@hono/zod-openapi";
import { can } from "@tongxin/core/access/policy";
import { resultsWorkbook } from "@tongxin/core/elections/export";
import { resultsDocument } from "@tongxin/core/elections/results";
import { problems, router } from "../http/openapi";
import { ElectionParams, electionFor, place } from "./election-access";
import { Json } from "./elections";

/** An election's results as JSON or XLSX: served by the office function (office-modules.ts). */
export const electionResultRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/elections/{electionId}/results",
      summary: "The results: to admins and scrutineers once counted (to certify), to everyone once published; JSON or XLSX",
      tags: ["elections"],
      request: { params: ElectionParams, query: z.object({ format: z.enum(["json", "xlsx"]).default("json") }) },
      responses: {
        200: {
          description: "Results",
          content: { "application/json": { schema: Json }, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problems(401, 404, 409),
      },
    }),
    async (c) => {
      const { election, actor } = await electionFor(c, c.req.valid("param").electionId, "elections.read", true);
      const mayPreview = can(actor, "elections.manage", place(election)) || election.scrutineers.some((person) => person.accountId === actor.accountId);
      const document = await resultsDocument(election, mayPreview);
      if (c.req.valid("query").format === "xlsx") {
        const bytes = await resultsWorkbook(document);
        c.header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`${election.title}-选举结果.xlsx`)}`);
        return c.body(bytes as unknown as ArrayBuffer, 200);
      }
      return c.json(document, 200);
    },
  );
