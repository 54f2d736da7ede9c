import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "@tongxin/core/errors";
import { idNumberConflicts, importMembers, previewImport } from "@tongxin/core/members/members";
import { checkRoster, parseRoster, readRoster, rosterFormatOf, type RosterFormat } from "@tongxin/core/members/roster";
import { maskPhone } from "@tongxin/core/privacy/mask";
import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { problems, router } from "../http/openapi";
import { requireOrgAccess } from "../http/session";
import { OrgParams } from "./orgs";

const ImportResultView = z.object({ created: z.number().int(), updated: z.number().int(), total: z.number().int() }).openapi("ImportResult");

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const RowErrorView = z.object({ row: z.number().int(), column: z.string(), message: z.string() });
const PreviewRowView = z.object({ row: z.number().int(), name: z.string(), phone: z.string() });
const ImportPreviewView = z
  .object({ add: z.array(PreviewRowView), update: z.array(PreviewRowView.extend({ accountId: z.string() })), errors: z.array(RowErrorView) })
  .openapi("ImportPreview");

const RosterBody = {
  content: {
    "multipart/form-data": { schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }) }) },
    "text/csv": { schema: z.string() },
    [XLSX_TYPE]: { schema: z.any().openapi({ type: "string", format: "binary" }) },
  },
};
const ROSTER_FORMATS =
  "Headers: 姓名, 手机 (required), 单位, 职务, 新阶层类别, 邮箱, 角色, 身份证号 (one per member of the org; a number another member holds is a row error). XLSX, or CSV in UTF-8 (with or without BOM) or GB18030/GBK as Excel and WPS save it; old .xls is refused (422, field `file`). Send multipart/form-data with a `file` field, or the file as the raw body.";

/** Reads the uploaded roll: a multipart form's `file` field or the raw body, CSV or XLSX. */
async function rosterUpload(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; format: RosterFormat }> {
  const contentType = (c.req.header("content-type") ?? "").toLowerCase();
  let bytes: Uint8Array;
  let name: string | undefined;
  let type = contentType;
  if (contentType.startsWith("multipart/form-data")) {
    const form = await c.req.formData();
    const file = form.get("file");
    if (!file || typeof file === "string") throw new AppError("validation.failed", "请选择花名册文件", { fields: { file: ["请选择花名册文件"] } });
    bytes = new Uint8Array(await file.arrayBuffer());
    name = file.name;
    type = file.type.toLowerCase();
  } else {
    bytes = new Uint8Array(await c.req.arrayBuffer());
  }
  if (bytes.byteLength === 0) throw new AppError("validation.failed", "文件是空的", { fields: { file: ["文件是空的"] } });
  return { bytes, format: rosterFormatOf({ bytes, name, type }) };
}

/** Importing a member roll (花名册) from XLSX or CSV, and its preview: served by the office function (office-modules.ts). */
export const rosterImportRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/orgs/{orgId}/members/import",
      summary: "Import a member roll (花名册) from XLSX or CSV with Chinese headers: all rows or none",
      description: ROSTER_FORMATS,
      tags: ["members"],
      request: { params: OrgParams, body: RosterBody },
      responses: {
        200: { description: "Imported", content: { "application/json": { schema: ImportResultView } } },
        ...problems(401, 403, 404, 413, 422),
      },
    }),
    async (c) => {
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "members.manage");
      const { bytes, format } = await rosterUpload(c);
      const sheet = await readRoster(bytes, format);
      const profiles = parseRoster(sheet);
      const conflicts = await idNumberConflicts(org.orgId, checkRoster(sheet).people);
      if (conflicts.length > 0) throw new AppError("member.import_invalid", `花名册有${conflicts.length}处错误，未导入任何人`, { details: { rows: conflicts } });
      const result = await importMembers(org, profiles);
      return c.json({ ...result, total: profiles.length }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orgs/{orgId}/members/import/preview",
      summary: "What importing this roll would do (people to add, members to update, bad rows with line and reason); writes nothing",
      description: ROSTER_FORMATS,
      tags: ["members"],
      request: { params: OrgParams, body: RosterBody },
      responses: {
        200: { description: "Preview", content: { "application/json": { schema: ImportPreviewView } } },
        ...problems(401, 403, 404, 413, 422),
      },
    }),
    async (c) => {
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "members.manage");
      const { bytes, format } = await rosterUpload(c);
      const roster = checkRoster(await readRoster(bytes, format));
      const conflicts = await idNumberConflicts(org.orgId, roster.people);
      const conflicted = new Set(conflicts.map((error) => error.row));
      const preview = await previewImport(org.orgId, { people: roster.people.filter((person) => !conflicted.has(person.row)), errors: [...roster.errors, ...conflicts].sort((a, b) => a.row - b.row) });
      // The file is the admin's own, but the preview also names who is already a member: masked like the roll.
      const masked = <T extends { phone: string }>(row: T): T => ({ ...row, phone: maskPhone(row.phone) });
      return c.json({ ...preview, add: preview.add.map(masked), update: preview.update.map(masked) }, 200);
    },
  );
