import { createRoute, z } from "@hono/zod-openapi";
import { ROLE_CODES } from "@tongxin/core/access/roles";
import { AppError } from "@tongxin/core/errors";
import { addMember, getMemberInFull, idNumberConflicts, importMembers, listMembers, previewImport, removeMember, updateMember } from "@tongxin/core/members/members";
import { maskMember, MEMBER_PERSONAL_LABELS } from "@tongxin/core/members/masking";
import { maskPhone } from "@tongxin/core/privacy/mask";
import { recordPersonalAccess } from "@tongxin/core/privacy/access-log";
import { MemberUpdateSchema, NewMemberSchema, STRATA } from "@tongxin/core/members/profile";
import { checkRoster, parseRoster, readRoster, rosterFormatOf, type RosterFormat } from "@tongxin/core/members/roster";
import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { CursorQuery, problems, router } from "../http/openapi";
import { requireOrgAccess, requirePrincipal } from "../http/session";
import { OrgParams } from "./orgs";
import { RevealBody } from "./privacy-shared";

const MemberView = z
  .object({
    orgId: z.string(),
    accountId: z.string(),
    name: z.string(),
    phone: z.string(),
    email: z.string().optional(),
    idNumber: z.string().optional().openapi({ description: "身份证号: masked (3101**********1234) except in 查看完整" }),
    unit: z.string().optional(),
    title: z.string().optional(),
    stratum: z.enum(STRATA).optional(),
    roles: z.array(z.enum(ROLE_CODES)),
    joinedAt: z.string(),
    updatedAt: z.string(),
    masked: z.array(z.string()).optional().openapi({ description: "Fields shown masked (脱敏); 查看完整 is POST …/reveal" }),
  })
  .openapi("Member");

const MemberParams = OrgParams.extend({ accountId: z.string().min(1).max(64) });

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

export const memberRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/members",
      summary: "One page of an org's members",
      tags: ["members"],
      request: {
        params: OrgParams,
        query: z.object({ cursor: CursorQuery, limit: z.coerce.number().int().min(1).max(200).default(50) }),
      },
      responses: {
        200: { description: "Members", content: { "application/json": { schema: z.object({ items: z.array(MemberView), cursor: z.string().optional() }) } } },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid("param");
      await requireOrgAccess(c, orgId, "members.read");
      const { cursor, limit } = c.req.valid("query");
      const page = await listMembers(orgId, { cursor, limit });
      return c.json({ ...page, items: page.items.map(maskMember) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orgs/{orgId}/members",
      summary: "Add a person to the org (their account is created if the phone is new)",
      tags: ["members"],
      request: { params: OrgParams, body: { content: { "application/json": { schema: NewMemberSchema } }, required: true } },
      responses: { 201: { description: "Added", content: { "application/json": { schema: MemberView } } }, ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "members.manage");
      return c.json(maskMember(await addMember(org, c.req.valid("json"))), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/orgs/{orgId}/members/{accountId}",
      summary: "Change a member's profile or roles",
      tags: ["members"],
      request: { params: MemberParams, body: { content: { "application/json": { schema: MemberUpdateSchema } }, required: true } },
      responses: { 200: { description: "Updated", content: { "application/json": { schema: MemberView } } }, ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      const { orgId, accountId } = c.req.valid("param");
      await requireOrgAccess(c, orgId, "members.manage");
      return c.json(maskMember(await updateMember(orgId, accountId, c.req.valid("json"))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/orgs/{orgId}/members/{accountId}",
      summary: "Remove a member from the org",
      tags: ["members"],
      request: { params: MemberParams },
      responses: { 204: { description: "Removed" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { orgId, accountId } = c.req.valid("param");
      await requireOrgAccess(c, orgId, "members.manage");
      await removeMember(orgId, accountId);
      return c.body(null, 204);
    },
  )
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
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orgs/{orgId}/members/{accountId}/reveal",
      summary: "查看完整: one member's record with phone and e-mail in full, for a reason from the short list; logged in the org's 个人信息访问记录",
      tags: ["members", "privacy"],
      request: { params: MemberParams, body: { content: { "application/json": { schema: RevealBody } }, required: true } },
      responses: { 200: { description: "The record in full", content: { "application/json": { schema: MemberView } } }, ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      const { orgId, accountId } = c.req.valid("param");
      const { org } = await requireOrgAccess(c, orgId, "personal.reveal");
      const member = await getMemberInFull(org.orgId, accountId);
      if (!member) throw new AppError("member.not_found", "成员不存在");
      const principal = requirePrincipal(c);
      const fields = ["phone", ...(member.email ? ["email"] : []), ...(member.idNumber ? ["idNumber"] : [])].map((field) => MEMBER_PERSONAL_LABELS[field]!);
      await recordPersonalAccess(org.orgId, {
        action: "reveal",
        actorId: principal.accountId,
        actorName: principal.name,
        subject: { type: "member", accountId },
        fields,
        rows: 1,
        reason: c.req.valid("json").reason,
      });
      return c.json(member, 200);
    },
  );
