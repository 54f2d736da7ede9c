import { createRoute, z } from "@hono/zod-openapi";
import { effectiveRoles } from "@tongxin/core/access/policy";
import { ROLE_CODES } from "@tongxin/core/access/roles";
import { AppError } from "@tongxin/core/errors";
import { newId } from "@tongxin/core/ids";
import { ORG_KIND_CODES } from "@tongxin/core/orgs/kinds";
import { NewOrgSchema } from "@tongxin/core/orgs/new-org";
import { createOrg, getOrgs, listChildren, type Org } from "@tongxin/core/orgs/orgs";
import { IdempotencyHeaders, problems, router } from "../http/openapi";
import { requireActor, requireOrgAccess } from "../http/session";
import { idempotentId } from "../http/idempotency";

export const OrgView = z
  .object({
    orgId: z.string(),
    name: z.string(),
    kind: z.enum(ORG_KIND_CODES),
    parentId: z.string().nullable(),
    path: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi("Org");

const OrgDetail = z
  .object({
    org: OrgView,
    ancestors: z.array(OrgView.pick({ orgId: true, name: true, kind: true })),
    children: z.array(OrgView),
    myRoles: z.array(z.enum(ROLE_CODES)).openapi({ description: "Roles the caller holds here, directly or inherited from a supervising org" }),
  })
  .openapi("OrgDetail");

export const OrgParams = z.object({ orgId: z.string().min(1).max(64) });

const brief = ({ orgId, name, kind }: Org) => ({ orgId, name, kind });

export const orgRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/orgs",
      summary: "Create an org under a parent (a root org: platform admins only)",
      tags: ["orgs"],
      request: { headers: IdempotencyHeaders, body: { content: { "application/json": { schema: NewOrgSchema } }, required: true } },
      responses: { 201: { description: "Created", content: { "application/json": { schema: OrgView } } }, ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const actor = await requireActor(c);
      let parent: Org | null = null;
      if (input.parentId) {
        // A parent that does not exist and one the caller cannot see get the same answer.
        const parentId = input.parentId;
        parent = await requireOrgAccess(c, parentId, "org.create_child").then(
          (found) => found.org,
          (error: unknown) => {
            if (error instanceof AppError && error.code === "org.not_found") {
              throw new AppError("org.not_found", "上级组织不存在", { fields: { parentId: ["上级组织不存在"] } });
            }
            throw error;
          },
        );
      } else if (!actor.platformAdmin) {
        throw new AppError("access.denied", "只有平台管理员可以创建顶级组织");
      }
      const orgId = (await idempotentId(c, actor.accountId)) ?? newId();
      return c.json(await createOrg(input, parent, orgId), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs",
      summary: "Top-level orgs (platform admins) — others start from GET /me",
      tags: ["orgs"],
      responses: { 200: { description: "Root orgs", content: { "application/json": { schema: z.object({ items: z.array(OrgView) }) } } }, ...problems(401, 403) },
    }),
    async (c) => {
      const actor = await requireActor(c);
      if (!actor.platformAdmin) throw new AppError("access.denied", "没有权限查看全部组织");
      return c.json({ items: await listChildren(null) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}",
      summary: "An org with its ancestors and children",
      tags: ["orgs"],
      request: { params: OrgParams },
      responses: { 200: { description: "The org", content: { "application/json": { schema: OrgDetail } } }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const actor = await requireActor(c);
      const { org } = await requireOrgAccess(c, c.req.valid("param").orgId, "org.read");
      const [ancestors, children] = await Promise.all([getOrgs(org.path), listChildren(org.orgId)]);
      const byId = new Map(ancestors.map((ancestor) => [ancestor.orgId, ancestor]));
      return c.json(
        {
          org,
          ancestors: org.path.flatMap((id) => (byId.has(id) ? [brief(byId.get(id)!)] : [])),
          children,
          myRoles: [...effectiveRoles(actor, org)],
        },
        200,
      );
    },
  );
