import { createRoute, z } from "@hono/zod-openapi";
import { authorize, can, type Actor } from "@tongxin/core/access/policy";
import { previewResubmission, previewRoute } from "@tongxin/core/approvals/route-preview";
import { AppError } from "@tongxin/core/errors";
import { getFormVersion, requireForm, type Form, type FormVersion } from "@tongxin/core/forms/forms";
import type { ConsentGiven } from "@tongxin/core/forms/consent";
import {
  createSubmission,
  mySubmissions,
  requireSubmission,
  updateSubmission,
  type Submission,
} from "@tongxin/core/forms/submissions";
import { ConsentGivenSchema, consentNotice } from "@tongxin/core/forms/consent";
import { maskSubmission } from "@tongxin/core/forms/personal-fields";
import { recordPersonalAccess } from "@tongxin/core/privacy/access-log";
import { getInstance, mayReadInstance } from "@tongxin/core/workflows/instances";
import { requireOrg } from "@tongxin/core/orgs/orgs";
import type { Context } from "hono";
import type { AppEnv } from "../http/env";
import { IdempotencyHeaders, problems, router } from "../http/openapi";
import { requireActor, requireFormOrgAccess, requirePrincipal } from "../http/session";
import { idempotentId } from "../http/idempotency";
import { RevealBody } from "./privacy-shared";

export const STATUSES = ["draft", "submitted", "in_review", "returned", "approved", "rejected", "withdrawn"] as const;

export const SubmissionView = z
  .object({
    submissionId: z.string(),
    formId: z.string(),
    formOrgId: z.string(),
    version: z.number().int(),
    unitId: z.string(),
    submitterId: z.string(),
    submitterName: z.string(),
    status: z.enum(STATUSES),
    data: z.record(z.string(), z.unknown()),
    revision: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    instanceId: z.string().optional().openapi({ description: "The approval this submission went into" }),
    personal: z
      .array(z.object({ path: z.string(), kind: z.enum(["phone", "idcard", "email", "text"]), level: z.enum(["personal", "sensitive"]), label: z.string() }))
      .optional()
      .openapi({ description: "Which answers are personal data (by the form's marking): paths into `data`, never values" }),
    masked: z.array(z.string()).optional().openapi({ description: "Paths of `data` shown masked (脱敏); 查看完整 is POST /submissions/{id}/reveal" }),
    consent: z.object({ noticeVersion: z.string(), acceptedAt: z.string(), sensitive: z.boolean() }).optional().openapi({ description: "The 个人信息收集告知 accepted, when, and whether the separate consent to sensitive data was given" }),
  })
  .openapi("Submission");

const AnswersBody = z.object({
  data: z.record(z.string(), z.unknown()).openapi({ description: "Answers keyed by field key" }),
  draft: z.boolean().default(false).openapi({ description: "Save as a draft (lenient) instead of submitting" }),
  consent: ConsentGivenSchema.optional().openapi({
    description:
      "个人信息收集告知 accepted (`notice: true` with the `noticeVersion` GET /forms/{formId} gave) and, when a sensitive field is answered, the separate consent (`sensitive: true`). Required to submit a form that collects personal data; stored with the submission.",
  }),
});

/** The notice a generic form's submission is checked against; an election's nomination form names a member already on the roll, so asks none. */
async function consentFor(form: Form, version: FormVersion, given: ConsentGiven | undefined) {
  if (form.electionId) return undefined;
  const notice = consentNotice(version.definition, (await requireOrg(form.orgId)).name);
  return notice ? { notice, given } : undefined;
}

/**
 * The unit a person submits for: one of their orgs at or beneath the form's org. With
 * several, the caller must name one.
 */
function submitterUnit(actor: Actor, form: Form, requested?: string): string {
  const eligible = [...actor.roles.keys()].filter((orgId) => orgId === form.orgId || actor.paths?.get(orgId)?.includes(form.orgId));
  if (requested) {
    if (!eligible.includes(requested)) throw new AppError("validation.failed", "只能以本人所属单位提交", { fields: { unitId: ["只能以本人所属单位提交"] } });
    return requested;
  }
  // One unit: that one. Several: the person says which — guessing would send it up the wrong chain.
  if (eligible.length !== 1) throw new AppError("validation.failed", "请选择提交单位", { fields: { unitId: ["请选择提交单位"] }, details: { units: eligible } });
  return eligible[0]!;
}

/** The submitter, someone who may read the form's submissions, or someone who may read its approval. */
async function requireReader(c: Context<AppEnv>, submission: Submission): Promise<void> {
  const actor = await requireActor(c);
  if (submission.submitterId === actor.accountId) return;
  if (can(actor, "submissions.read", await requireOrg(submission.formOrgId))) return;
  const instance = submission.instanceId ? await getInstance(submission.instanceId) : undefined;
  if (!instance || !mayReadInstance(actor, instance)) throw new AppError("submission.not_found", "提交记录不存在");
}

const RoutePreviewView = z
  .object({
    workflowName: z.string().nullable(),
    branch: z.string().optional(),
    skipped: z.array(z.string()),
    steps: z.array(
      z.object({
        name: z.string(),
        mode: z.enum(["any", "all", "sequential"]),
        approvers: z.array(z.object({ accountId: z.string(), name: z.string() })),
        passedOver: z.enum(["self", "nobody"]).optional(),
        done: z.literal(true).optional().openapi({ description: "修改后重新提交: approved before the return, not asked again" }),
      }),
    ),
  })
  .openapi("RoutePreview");

export const submissionRoutes = router()
  .openapi(
    createRoute({
      method: "post",
      path: "/forms/{formId}/workflow/route",
      summary: "The approval route these (draft) answers would take: 将依次由…审批",
      description: "Routes exactly as a submission would (conditions on the answers, approvers from the submitter's unit); writes nothing.",
      tags: ["submissions"],
      request: {
        params: z.object({ formId: z.string().min(1).max(64) }),
        body: { content: { "application/json": { schema: z.object({ data: z.record(z.string(), z.unknown()), unitId: z.string().optional() }) } }, required: true },
      },
      responses: { 200: { description: "The route", content: { "application/json": { schema: RoutePreviewView } } }, ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      await requireActor(c);
      const { form, published } = await requireForm(c.req.valid("param").formId);
      const { actor } = await requireFormOrgAccess(c, form.orgId, "forms.fill");
      if (!published) throw new AppError("form.not_published", "表单尚未发布");
      const body = c.req.valid("json");
      const unitId = submitterUnit(actor, form, body.unitId);
      return c.json(await previewRoute({ form, version: published, unitId, submitterId: actor.accountId, data: body.data }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/forms/{formId}/submissions",
      summary: "Submit answers (or save a draft) against the form's published version",
      description: "With an Idempotency-Key, a retried request returns the first result (header `idempotent-replayed: true`) instead of submitting twice.",
      tags: ["submissions"],
      request: {
        params: z.object({ formId: z.string().min(1).max(64) }),
        headers: IdempotencyHeaders,
        body: {
          content: {
            "application/json": {
              schema: AnswersBody.extend({
                version: z.number().int().min(1).optional().openapi({ description: "The version the client rendered; refused if no longer the published one" }),
                unitId: z.string().optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: { description: "Created", content: { "application/json": { schema: SubmissionView } } }, ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      await requireActor(c);
      const { form, published } = await requireForm(c.req.valid("param").formId);
      const { actor } = await requireFormOrgAccess(c, form.orgId, "forms.fill");
      if (!published) throw new AppError("form.not_published", "表单尚未发布");
      const body = c.req.valid("json");
      if (body.version !== undefined && body.version !== published.version) {
        throw new AppError("form.version_outdated", "表单已更新，请刷新后按新版本填写", { details: { publishedVersion: published.version } });
      }
      const principal = requirePrincipal(c);
      const { submission, replayed } = await createSubmission({
        form,
        version: published,
        submitter: { accountId: principal.accountId, name: principal.name },
        unitId: submitterUnit(actor, form, body.unitId),
        data: body.data,
        draft: body.draft,
        submissionId: await idempotentId(c, actor.accountId),
        consent: await consentFor(form, published, body.consent),
      });
      if (replayed) c.header("idempotent-replayed", "true");
      return c.json(submission, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/submissions/{submissionId}",
      summary: "One submission: its submitter and the form's reviewers may read it",
      tags: ["submissions"],
      request: { params: z.object({ submissionId: z.string().min(1).max(64) }) },
      responses: { 200: { description: "The submission", content: { "application/json": { schema: SubmissionView } } }, ...problems(401, 404) },
    }),
    async (c) => {
      await requireActor(c);
      const submission = await requireSubmission(c.req.valid("param").submissionId);
      await requireReader(c, submission);
      // The submitter reads their own answers in full; every other reader masked (查看完整 is the reveal route).
      return c.json(submission.submitterId === requirePrincipal(c).accountId ? submission : maskSubmission(submission), 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/submissions/{submissionId}",
      summary: "Save a draft again, or submit it (the submitter only)",
      tags: ["submissions"],
      request: {
        params: z.object({ submissionId: z.string().min(1).max(64) }),
        body: { content: { "application/json": { schema: AnswersBody.extend({ revision: z.number().int().min(1) }) } }, required: true },
      },
      responses: { 200: { description: "Saved", content: { "application/json": { schema: SubmissionView } } }, ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const submission = await requireSubmission(c.req.valid("param").submissionId);
      if (submission.submitterId !== principal.accountId) {
        await requireReader(c, submission);
        throw new AppError("access.denied", "只有提交人可以修改");
      }
      const [{ form }, version] = await Promise.all([requireForm(submission.formId), getFormVersion(submission.formId, submission.version)]);
      if (!version) throw new AppError("form.not_found", "表单版本不存在");
      const body = c.req.valid("json");
      return c.json(await updateSubmission({ form, submission, version, data: body.data, draft: body.draft, revision: body.revision, consent: await consentFor(form, version, body.consent) }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/submissions/{submissionId}/route",
      summary: "修改后重新提交: the route revised answers would take through the approval's chain, steps approved before the return marked done (the submitter only)",
      description: "Routes exactly as the resubmission would (a conditional chain routes again on the revised answers; the approval resumes at the first step not approved before); writes nothing.",
      tags: ["submissions"],
      request: {
        params: z.object({ submissionId: z.string().min(1).max(64) }),
        body: { content: { "application/json": { schema: z.object({ data: z.record(z.string(), z.unknown()) }) } }, required: true },
      },
      responses: { 200: { description: "The route", content: { "application/json": { schema: RoutePreviewView } } }, ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const submission = await requireSubmission(c.req.valid("param").submissionId);
      if (submission.submitterId !== principal.accountId) {
        await requireReader(c, submission);
        throw new AppError("access.denied", "只有提交人可以修改后重新提交");
      }
      const version = await getFormVersion(submission.formId, submission.version);
      if (!version) throw new AppError("form.not_found", "表单版本不存在");
      return c.json(await previewResubmission({ submission, version, submitterId: principal.accountId, data: c.req.valid("json").data }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me/submissions",
      summary: "My drafts and submissions (optionally of one form), newest first",
      tags: ["submissions"],
      request: { query: z.object({ formId: z.string().max(64).optional() }) },
      responses: { 200: { description: "Mine", content: { "application/json": { schema: z.object({ items: z.array(SubmissionView) }) } } }, ...problems(401) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      return c.json({ items: await mySubmissions(principal.accountId, c.req.valid("query").formId) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/submissions/{submissionId}/reveal",
      summary: "查看完整: one submission with its personal answers in full, for a reason from the short list (the form org's admins); logged in the org's 个人信息访问记录",
      tags: ["submissions", "privacy"],
      request: { params: z.object({ submissionId: z.string().min(1).max(64) }), body: { content: { "application/json": { schema: RevealBody } }, required: true } },
      responses: { 200: { description: "The submission in full", content: { "application/json": { schema: SubmissionView } } }, ...problems(401, 403, 404, 422) },
    }),
    async (c) => {
      const actor = await requireActor(c);
      const submission = await requireSubmission(c.req.valid("param").submissionId);
      await requireReader(c, submission);
      authorize(actor, "personal.reveal", await requireOrg(submission.formOrgId));
      const principal = requirePrincipal(c);
      await recordPersonalAccess(submission.formOrgId, {
        action: "reveal",
        actorId: principal.accountId,
        actorName: principal.name,
        subject: { type: "submission", submissionId: submission.submissionId, formId: submission.formId, ownerId: submission.submitterId },
        fields: (submission.personal ?? []).map((field) => field.label),
        rows: 1,
        reason: c.req.valid("json").reason,
      });
      return c.json(submission, 200);
    },
  );

