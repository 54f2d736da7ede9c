import { createRoute, z } from "@hono/zod-openapi";
import { ROLE_CODES } from "@tongxin/core/access/roles";
import { addMember, listMembers, removeMember, updateMember } from "@tongxin/core/members/members";
import { MemberUpdateSchema, NewMemberSchema, STRATA } from "@tongxin/core/members/profile";
import { CursorQuery, problems, router } from "../http/openapi";
import { requireOrgAccess } from "../http/session";
import { OrgParams } from "./orgs";

const MemberView = z
  .object({
    orgId: z.string(),
    accountId: z.string(),
    name: z.string(),
    phone: z.string(),
    email: z.string().optional(),
    unit: z.string().optional(),
    title: z.string().optional(),
    stratum: z.enum(STRATA).optional(),
    roles: z.array(z.enum(ROLE_CODES)),
    joinedAt: z.string(),
    updatedAt: z.string(),
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
      return c.json(await listMembers(orgId, { cursor, limit }), 200);
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
      return c.json(await addMember(org, c.req.valid("json")), 201);
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
      return c.json(await updateMember(orgId, accountId, c.req.valid("json")), 200);
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
  );
