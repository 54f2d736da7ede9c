import { createRoute, z } from "@hono/zod-openapi";
import { consentNotice } from "@tongxin/core/forms/consent";
import { can } from "@tongxin/core/access/policy";
import { AppError } from "@tongxin/core/errors";
import { createForm, getFormVersion, listForms, requireForm, saveForm, type Form } from "@tongxin/core/forms/forms";
import { IdempotencyHeaders, problems, router } from "../http/openapi";
import { requireActor, requireFormOrgAccess, requireOrgAccess } from "../http/session";
import { OrgParams } from "./orgs";
import { idempotentId } from "../http/idempotency";

const FormView = z
  .object({
    formId: z.string(),
    orgId: z.string(),
    title: z.string(),
    latestVersion: z.number().int(),
    publishedVersion: z.number().int().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Form");

const VersionView = z
  .object({
    formId: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "published"]),
    definition: z.record(z.string(), z.unknown()).openapi({ description: "The form definition (see packages/core/src/forms/definition.ts)" }),
    savedAt: z.string(),
    publishedAt: z.string().optional(),
  })
  .openapi("FormVersion");

const FormDetail = z.object({ form: FormView, latest: VersionView.optional(), published: VersionView.optional() }).openapi("FormDetail");

const DefinitionBody = z.object({
  definition: z.unknown().openapi({ description: "The form definition; validated for duplicate keys, dangling conditions and cycles" }),
  publish: z.boolean().default(false),
});

const FormParams = OrgParams.extend({ formId: z.string().min(1).max(64) });

/** The form, provided it belongs to the org named in the path (else it does not exist there). */
export async function formInOrg(orgId: string, formId: string) {
  const found = await requireForm(formId);
  if (found.form.orgId !== orgId) throw new AppError("form.not_found", "表单不存在");
  return found;
}

export const formRoutes = router()
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/forms",
      summary: "The org's forms: all of them for its admins, the published ones for those who fill them",
      tags: ["forms"],
      request: { params: OrgParams },
      responses: { 200: { description: "Forms", content: { "application/json": { schema: z.object({ items: z.array(FormView) }) } } }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { org, actor } = await requireOrgAccess(c, c.req.valid("param").orgId, "forms.fill");
      const forms = await listForms(org.orgId);
      const visible = can(actor, "forms.manage", org) ? forms : forms.filter((form: Form) => form.publishedVersion !== undefined);
      return c.json({ items: visible }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/orgs/{orgId}/forms",
      summary: "Create a form (as a draft, or published at once)",
      tags: ["forms"],
      request: { params: OrgParams, headers: IdempotencyHeaders, body: { content: { "application/json": { schema: DefinitionBody } }, required: true } },
      responses: { 201: { description: "Created", content: { "application/json": { schema: FormDetail } } }, ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      const { org, actor } = await requireOrgAccess(c, c.req.valid("param").orgId, "forms.manage");
      const { definition, publish } = c.req.valid("json");
      const { form, version } = await createForm(org.orgId, definition, { publish, formId: await idempotentId(c, actor.accountId) });
      return c.json({ form, latest: version, published: version.status === "published" ? version : undefined }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/forms/{formId}",
      summary: "A form: admins see the latest version (draft or published), others the published one",
      tags: ["forms"],
      request: { params: FormParams },
      responses: { 200: { description: "The form", content: { "application/json": { schema: FormDetail } } }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { orgId, formId } = c.req.valid("param");
      const { org, actor } = await requireOrgAccess(c, orgId, "forms.fill");
      const { form, latest, published } = await formInOrg(orgId, formId);
      if (can(actor, "forms.manage", org)) return c.json({ form, latest, published }, 200);
      if (!published) throw new AppError("form.not_found", "表单不存在");
      return c.json({ form, published }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/orgs/{orgId}/forms/{formId}",
      summary: "Save a new definition: replaces the draft, or starts a new version after a published one",
      tags: ["forms"],
      request: {
        params: FormParams,
        body: {
          content: { "application/json": { schema: DefinitionBody.extend({ expectedVersion: z.number().int().min(1).openapi({ description: "The latestVersion the editor loaded" }) }) } },
          required: true,
        },
      },
      responses: { 200: { description: "Saved", content: { "application/json": { schema: FormDetail } } }, ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { orgId, formId } = c.req.valid("param");
      await requireOrgAccess(c, orgId, "forms.manage");
      await formInOrg(orgId, formId);
      const { definition, publish, expectedVersion } = c.req.valid("json");
      const { form, version } = await saveForm(formId, definition, { publish, expectedVersion });
      return c.json({ form, latest: version, published: version.status === "published" ? version : undefined }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/forms/{formId}",
      summary: "A form to fill: its published version, or a given version (to read an older submission)",
      tags: ["forms"],
      request: { params: z.object({ formId: z.string().min(1).max(64) }), query: z.object({ version: z.coerce.number().int().min(1).optional() }) },
      responses: {
        200: {
          description: "The form and one version, with its 个人信息收集告知 when it collects personal data (accept it with `consent` when submitting)",
          content: {
            "application/json": {
              schema: z.object({
                form: FormView,
                version: VersionView,
                notice: z
                  .object({ text: z.string(), version: z.string(), sensitive: z.boolean(), fields: z.array(z.object({ key: z.string(), label: z.string(), level: z.enum(["personal", "sensitive"]) })) })
                  .optional(),
              }),
            },
          },
        },
        ...problems(401, 403, 404, 409),
      },
    }),
    async (c) => {
      await requireActor(c);
      const { form, published } = await requireForm(c.req.valid("param").formId);
      const { org, actor } = await requireFormOrgAccess(c, form.orgId, "forms.fill");
      const wanted = c.req.valid("query").version;
      const version = wanted ? await getFormVersion(form.formId, wanted) : published;
      // A draft version is the admins' work in progress, not something to fill.
      if (!version || (version.status === "draft" && !can(actor, "forms.manage", org))) {
        throw new AppError(wanted ? "form.not_found" : "form.not_published", wanted ? "表单版本不存在" : "表单尚未发布");
      }
      const notice = form.electionId ? undefined : consentNotice(version.definition, org.name);
      return c.json({ form, version, ...(notice ? { notice } : {}) }, 200);
    },
  );
