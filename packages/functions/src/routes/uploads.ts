import { createRoute, z } from "@hono/zod-openapi";
import { can } from "@tongxin/core/access/policy";
import { AppError } from "@tongxin/core/errors";
import { findFileField, fileRule } from "@tongxin/core/forms/attachments";
import { requireForm } from "@tongxin/core/forms/forms";
import { requireOrg } from "@tongxin/core/orgs/orgs";
import { downloadUrl, getUpload, startUpload } from "@tongxin/core/uploads/uploads";
import { problems, router } from "../http/openapi";
import { requireActor, requireFormOrgAccess } from "../http/session";

const UploadRequest = z
  .object({
    formId: z.string().min(1).max(64),
    field: z.string().min(1).max(90).openapi({ description: "The file field's key, or `group.sub` inside a repeating group" }),
    name: z.string().trim().min(1, "请提供文件名").max(200),
    type: z.string().min(3).max(120).openapi({ description: "MIME type; must be one the field accepts" }),
    size: z.number().int().min(1, "文件是空的").max(50 * 1024 * 1024, "文件不能超过 50 MB"),
  })
  .openapi("UploadRequest");

const UploadTicket = z
  .object({
    uploadId: z.string(),
    url: z.string().openapi({ description: "Presigned S3 PUT; its signature covers the content type and length" }),
    method: z.literal("PUT"),
    headers: z.record(z.string(), z.string()),
    expiresIn: z.number().int(),
  })
  .openapi("UploadTicket");

export const uploadRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/uploads",
      summary: "Ask to upload a file for a form's file field; returns a presigned PUT",
      tags: ["uploads"],
      request: { body: { content: { "application/json": { schema: UploadRequest } }, required: true } },
      responses: { 201: { description: "Upload ticket", content: { "application/json": { schema: UploadTicket } } }, ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      await requireActor(c);
      const body = c.req.valid("json");
      const { form, published } = await requireForm(body.formId);
      const { actor } = await requireFormOrgAccess(c, form.orgId, "forms.fill");
      const field = published ? findFileField(published.definition, body.field) : undefined;
      if (!field) throw new AppError("validation.failed", "该字段不接受文件", { fields: { field: ["该字段不接受文件"] } });
      const ticket = await startUpload({
        ownerId: actor.accountId,
        formId: form.formId,
        formOrgId: form.orgId,
        fieldPath: body.field,
        fieldLabel: field.label,
        rule: fileRule(field),
        name: body.name,
        type: body.type,
        size: body.size,
      });
      return c.json(ticket, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/uploads/{uploadId}",
      summary: "Read an uploaded file: redirects to a short-lived link (the uploader and the form's reviewers only); an attached file is its sealed copy, refused (409 upload.tampered) if its SHA-256 no longer matches",
      tags: ["uploads"],
      request: { params: z.object({ uploadId: z.string().min(1).max(64) }), query: z.object({ format: z.enum(["redirect", "json"]).default("redirect") }) },
      responses: {
        302: { description: "Redirect to the file" },
        200: { description: "The link", content: { "application/json": { schema: z.object({ url: z.string(), name: z.string(), type: z.string(), size: z.number() }) } } },
        ...problems(401, 404, 409),
      },
    }),
    async (c) => {
      const actor = await requireActor(c);
      const upload = await getUpload(c.req.valid("param").uploadId);
      const allowed = upload && (upload.ownerId === actor.accountId || can(actor, "submissions.read", await requireOrg(upload.formOrgId)));
      if (!upload || !allowed) throw new AppError("upload.not_found", "文件不存在");
      const url = await downloadUrl(upload);
      if (c.req.valid("query").format === "json") return c.json({ url, name: upload.name, type: upload.contentType, size: upload.size }, 200);
      return c.redirect(url, 302);
    },
  );
