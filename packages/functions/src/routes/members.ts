import { createRoute, z } from "@hono/zod-openapi";
import { ROLE_CODES } from "@tongxin/core/access/roles";
import { AppError } from "@tongxin/core/errors";
import { addMember, getMemberInFull, listMembers, removeMember, updateMember } from "@tongxin/core/members/members";
import { maskMember, MEMBER_PERSONAL_LABELS } from "@tongxin/core/members/masking";
import { recordPersonalAccess } from "@tongxin/core/privacy/access-log";
import { MemberUpdateSchema, NewMemberSchema, STRATA } from "@tongxin/core/members/profile";
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
