import { createRoute, z } from "@hono/zod-openapi";
import { authorize } from "@tongxin/core/access/policy";
import { batchGetAll } from "@tongxin/core/db/batch";
import { Keys } from "@tongxin/core/db/keys";
import { AppError } from "@tongxin/core/errors";
import { submissionTable, toCsv, toXlsx } from "@tongxin/core/forms/export";
import { getFormVersion, type Form } from "@tongxin/core/forms/forms";
import { maskSubmission, personalFieldsOf } from "@tongxin/core/forms/personal-fields";
import { listSubmissions, type Submission } from "@tongxin/core/forms/submissions";
import { getOrgs } from "@tongxin/core/orgs/orgs";
import { recordPersonalAccess } from "@tongxin/core/privacy/access-log";
import { REVEAL_REASON_CODES } from "@tongxin/core/privacy/reasons";
import { CursorQuery, problems, router } from "../http/openapi";
import { requireOrgAccess, requirePrincipal } from "../http/session";
import { formInOrg } from "./forms";
import { OrgParams } from "./orgs";
import { STATUSES, SubmissionView } from "./submissions";

/** A form's submissions: a page as JSON, or all of them as CSV or XLSX: served by the office function (office-modules.ts). */
export const submissionTableRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/forms/{formId}/submissions",
      summary: "A form's submissions: a page as JSON, or all of them as CSV or XLSX with Chinese headers",
      tags: ["submissions"],
      request: {
        params: OrgParams.extend({ formId: z.string().min(1).max(64) }),
        query: z.object({
          status: z.enum(STATUSES).optional(),
          from: z.string().regex(/^\d{4}-\d{2}-\d{2}/, "日期格式应为 YYYY-MM-DD").optional(),
          to: z.string().regex(/^\d{4}-\d{2}-\d{2}/, "日期格式应为 YYYY-MM-DD").optional(),
          cursor: CursorQuery,
          limit: z.coerce.number().int().min(1).max(200).default(50),
          format: z.enum(["json", "csv", "xlsx"]).default("json"),
          full: z
            .enum(["true", "false"])
            .optional()
            .transform((value) => value === "true")
            .openapi({ description: "CSV/XLSX with personal answers in full (the form org's admins only, with `reason`; logged). Without it they are masked." }),
          reason: z.enum(REVEAL_REASON_CODES, { error: "请选择查看原因" }).optional(),
        }),
      },
      responses: {
        200: {
          description: "Submissions",
          content: {
            "application/json": { schema: z.object({ items: z.array(SubmissionView), cursor: z.string().optional() }) },
            "text/csv": { schema: z.string() },
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
          },
        },
        ...problems(401, 403, 404, 422),
      },
    }),
    async (c) => {
      const { orgId, formId } = c.req.valid("param");
      const { org, actor } = await requireOrgAccess(c, orgId, "submissions.read");
      const { form } = await formInOrg(orgId, formId);
      const { format, full, reason, ...filter } = c.req.valid("query");
      if (format === "json") {
        const page = await listSubmissions(formId, filter);
        return c.json({ ...page, items: page.items.map(maskSubmission) }, 200);
      }
      if (full) {
        if (!reason) throw new AppError("validation.failed", "导出完整信息须选择原因", { fields: { reason: ["请选择查看原因"] } });
        authorize(actor, "personal.reveal", org);
      }

      const submissions: Submission[] = [];
      let cursor: string | undefined;
      do {
        const page = await listSubmissions(formId, { ...filter, limit: 200, cursor });
        submissions.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
      const { table, personalLabels } = await exportTable(form, full ? submissions : submissions.map(maskSubmission), new URL(c.req.url).origin);
      const principal = requirePrincipal(c);
      const logged = await recordPersonalAccess(form.orgId, {
        action: "export",
        actorId: principal.accountId,
        actorName: principal.name,
        subject: { type: "submissions", formId, formTitle: form.title },
        fields: personalLabels,
        rows: submissions.length,
        ...(full ? { reason } : { masked: true }),
      });
      const provenance = { exporterName: principal.name, at: logged.at, masked: !full };
      const fileName = encodeURIComponent(`${form.title}-提交记录.${format}`);
      c.header("content-disposition", `attachment; filename*=UTF-8''${fileName}`);
      if (format === "csv") {
        c.header("content-type", "text/csv; charset=utf-8");
        return c.body(toCsv(table, provenance), 200);
      }
      c.header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      return c.body(new Uint8Array(await toXlsx(table, "提交记录", provenance)), 200);
    },
  );

async function exportTable(form: Form, submissions: Submission[], origin: string) {
  const versions = [...new Set(submissions.map((s) => s.version)), form.latestVersion].sort((a, b) => b - a);
  const definitions = (await Promise.all(versions.map((v) => getFormVersion(form.formId, v)))).flatMap((v) => (v ? [v.definition] : []));
  const units = await getOrgs(submissions.map((s) => s.unitId));
  const memberIds = new Set<string>();
  for (const definition of definitions) {
    for (const field of definition.fields) {
      if (field.type !== "member") continue;
      for (const submission of submissions) {
        const value = submission.data[field.key];
        for (const id of Array.isArray(value) ? value : value ? [value] : []) memberIds.add(String(id));
      }
    }
  }
  const accounts = await batchGetAll([...memberIds].map((id) => Keys.account(id)));
  const table = submissionTable(submissions, {
    definitions,
    unitNames: new Map(units.map((unit) => [unit.orgId, unit.name])),
    memberNames: new Map(accounts.map((account) => [account.accountId as string, account.name as string])),
    origin,
  });
  return { table, personalLabels: [...new Set(definitions.flatMap((definition) => personalFieldsOf(definition).map((field) => field.label)))] };
}
