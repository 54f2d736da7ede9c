import { createRoute, z } from "@hono/zod-openapi";
import { batchGetAll } from "@tongxin/core/db/batch";
import { Keys } from "@tongxin/core/db/keys";
import { toCsv, toXlsx, type ExportTable } from "@tongxin/core/forms/export";
import { nowIso } from "@tongxin/core/ids";
import { formatBeijingDateTime } from "@tongxin/core/office/beijing-time";
import { personalAccessOfSubtree, type PersonalAccessEntry } from "@tongxin/core/privacy/access-log";
import { myData, myDataRows } from "@tongxin/core/privacy/my-data";
import { REVEAL_REASONS } from "@tongxin/core/privacy/reasons";
import { problems, router } from "../http/openapi";
import { requireOrgAccess, requirePrincipal } from "../http/session";
import { OrgParams } from "./orgs";

const AccessEntryView = z
  .object({
    orgId: z.string(),
    seq: z.number().int(),
    at: z.string(),
    action: z.enum(["reveal", "export"]),
    actorId: z.string(),
    actorName: z.string(),
    subject: z.record(z.string(), z.unknown()),
    whose: z.string().openapi({ description: "Whose data, in words: a person's name, or a form's submissions" }),
    fields: z.array(z.string()),
    rows: z.number().int(),
    reason: z.string().optional(),
    masked: z.boolean().optional(),
  })
  .openapi("PersonalAccessEntry");

const ACTIONS = { reveal: "查看完整", export: "导出" } as const;

/** Whose data each entry was about, by name (entries keep account ids only). */
async function whoseOf(entries: PersonalAccessEntry[]): Promise<Map<PersonalAccessEntry, string>> {
  const ids = new Set<string>();
  for (const { subject } of entries) {
    if (subject.type === "member") ids.add(subject.accountId);
    if (subject.type === "submission") ids.add(subject.ownerId);
  }
  const accounts = await batchGetAll([...ids].map((id) => Keys.account(id)));
  const names = new Map(accounts.map((account) => [account.accountId as string, account.name as string]));
  return new Map(
    entries.map((entry) => {
      const { subject } = entry;
      if (subject.type === "member") return [entry, names.get(subject.accountId) ?? "（已注销）"];
      if (subject.type === "submission") return [entry, `${names.get(subject.ownerId) ?? "（已注销）"}的提交`];
      return [entry, `表单“${subject.formTitle}”的提交记录`];
    }),
  );
}

function accessTable(entries: PersonalAccessEntry[], whose: Map<PersonalAccessEntry, string>): ExportTable {
  return {
    headers: ["时间", "操作", "操作人", "涉及对象", "字段", "行数", "原因", "是否脱敏"],
    rows: entries.map((entry) => [
      formatBeijingDateTime(entry.at),
      ACTIONS[entry.action],
      entry.actorName,
      whose.get(entry) ?? "",
      entry.fields.join("、"),
      String(entry.rows),
      entry.reason ? REVEAL_REASONS[entry.reason] : "",
      entry.masked ? "是" : "否",
    ]),
    timeColumns: [0],
  };
}

export const privacyRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/me/personal-data",
      summary: "我的个人信息: everything the platform holds about me, in full (account, each membership's profile, my submissions with the consent given), as JSON or XLSX",
      tags: ["privacy"],
      request: { query: z.object({ format: z.enum(["json", "xlsx"]).default("json") }) },
      responses: {
        200: {
          description: "My data; `kept` says in words what stays if the account is deleted",
          content: {
            "application/json": { schema: z.object({ account: z.record(z.string(), z.unknown()), memberships: z.array(z.record(z.string(), z.unknown())), submissions: z.array(z.record(z.string(), z.unknown())), kept: z.string() }) },
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
          },
        },
        ...problems(401, 422),
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const data = await myData(principal.accountId);
      if (c.req.valid("query").format === "json") return c.json(data, 200);
      const table: ExportTable = { headers: ["类别", "项目", "内容"], rows: myDataRows(data) };
      c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`我的个人信息-${data.account.name}.xlsx`)}`);
      c.header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      return c.body(new Uint8Array(await toXlsx(table, "我的个人信息", { exporterName: principal.name, at: nowIso(), masked: false, note: "本人的个人信息（完整）" })), 200);
    },
  )
  .openapi(
  createRoute({
    method: "get",
    path: "/orgs/{orgId}/personal-data/access-log",
    summary: "个人信息访问记录: every unmasked view and export of personal data in the org and its subtree, newest first (JSON, CSV or XLSX)",
    tags: ["privacy"],
    request: { params: OrgParams, query: z.object({ format: z.enum(["json", "csv", "xlsx"]).default("json") }) },
    responses: {
      200: {
        description: "The log; `broken` names any org whose hash chain does not verify",
        content: {
          "application/json": { schema: z.object({ items: z.array(AccessEntryView), broken: z.array(z.object({ orgId: z.string(), reason: z.string() })) }) },
          "text/csv": { schema: z.string() },
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
        },
      },
      ...problems(401, 403, 404, 422),
    },
  }),
  async (c) => {
    const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "personal.audit");
    const { entries, broken } = await personalAccessOfSubtree(org.orgId);
    const whose = await whoseOf(entries);
    const { format } = c.req.valid("query");
    if (format === "json") {
      return c.json(
        {
          items: entries.map((entry) => ({ ...entry, subject: { ...entry.subject }, whose: whose.get(entry) ?? "" })),
          broken: broken.map(({ orgId, verdict }) => ({ orgId, reason: verdict.valid ? "" : verdict.reason })),
        },
        200,
      );
    }
    const table = accessTable(entries, whose);
    const provenance = { exporterName: requirePrincipal(c).name, at: nowIso(), masked: true };
    c.header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(`${org.name}-个人信息访问记录.${format}`)}`);
    if (format === "csv") {
      c.header("content-type", "text/csv; charset=utf-8");
      return c.body(toCsv(table, provenance), 200);
    }
    c.header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    return c.body(new Uint8Array(await toXlsx(table, "个人信息访问记录", provenance)), 200);
  },
);
