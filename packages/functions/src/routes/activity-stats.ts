import { createRoute, z } from "@hono/zod-openapi";
import { readStats } from "@tongxin/core/activities/stats";
import { statsWorkbook } from "@tongxin/core/activities/stats-workbook";
import { shanghaiLocal, yearOf } from "@tongxin/core/activities/time";
import { ledgerFor } from "@tongxin/core/ledger/ledger";
import { problems, router } from "../http/openapi";
import { requireOrgAccess } from "../http/session";
import { OrgParams } from "./orgs";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** An org's activity statistics for a year, as JSON, XLSX or the Word 台账: served by the office function (office-modules.ts). */
export const activityStatsRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/stats",
      summary: "Activity statistics of the org's subtree for a year: 场次, 人次, 人数 by month, theme and child org (JSON or XLSX); `format=docx` is the year's 活动台账 in Word",
      tags: ["activities"],
      request: {
        params: OrgParams,
        query: z.object({ year: z.string().regex(/^\d{4}$/, "年份格式应为 YYYY").optional(), format: z.enum(["json", "xlsx", "docx"]).default("json") }),
      },
      responses: {
        200: {
          description: "Statistics",
          content: {
            "application/json": { schema: z.record(z.string(), z.unknown()).openapi("ActivityStats") },
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
            [DOCX_TYPE]: { schema: z.string().openapi({ format: "binary" }) },
          },
        },
        ...problems(401, 403, 404, 422),
      },
    }),
    async (c) => {
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "activities.stats");
      const { year = yearOf(shanghaiLocal(new Date())), format } = c.req.valid("query");
      if (format === "docx") {
        c.header("content-type", DOCX_TYPE);
        c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`${org.name}-${year}年活动台账.docx`)}`);
        return c.body(new Uint8Array(await ledgerFor(org, year)), 200);
      }
      const report = await readStats(org, year);
      if (format === "json") return c.json(report, 200);
      c.header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`${org.name}-${year}年活动统计.xlsx`)}`);
      return c.body(new Uint8Array(await statsWorkbook(report)), 200);
    },
  );
