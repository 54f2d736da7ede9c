import { createRoute, z } from "@hono/zod-openapi";
import { isActivityProposal } from "@tongxin/core/activities/proposal-form";
import { AppError } from "@tongxin/core/errors";
import { getForm, listForms } from "@tongxin/core/forms/forms";
import { createSubmission } from "@tongxin/core/forms/submissions";
import { getOrgs, type Org } from "@tongxin/core/orgs/orgs";
import { IdempotencyHeaders, problems, router } from "../http/openapi";
import { requireOrgAccess, requirePrincipal } from "../http/session";
import { OrgParams } from "./orgs";
import { idempotentId } from "../http/idempotency";

/** The 活动申报表 that applies to a unit: the nearest published one at the unit or above it. */
async function proposalFormFor(unit: Org) {
  const ancestors = await getOrgs(unit.path);
  const byId = new Map(ancestors.map((org) => [org.orgId, org]));
  const nearestFirst = [unit, ...unit.path.slice().reverse().flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))];
  for (const org of nearestFirst) {
    for (const form of await listForms(org.orgId)) {
      if (form.publishedVersion === undefined) continue;
      const found = await getForm(form.formId);
      if (found?.published && isActivityProposal(found.published.definition)) return { form: found.form, version: found.published };
    }
  }
  return undefined;
}

export const proposalRoutes = router().openapi(
  createRoute({
    method: "post",
    path: "/orgs/{orgId}/activities",
    summary: "Propose an activity for this unit (活动申报): fills the 活动申报表 that applies here and starts its approval",
    description: "The same as POST /forms/{formId}/submissions on the nearest published 活动申报表 at or above the unit, with the unit fixed.",
    tags: ["activities"],
    request: {
      params: OrgParams,
      headers: IdempotencyHeaders,
      body: { content: { "application/json": { schema: z.object({ data: z.record(z.string(), z.unknown()), draft: z.boolean().default(false) }) } }, required: true },
    },
    responses: { 201: { description: "The proposal (a submission, with its approval instance)", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } }, ...problems(401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const { org, actor } = await requireOrgAccess(c, c.req.valid("param").orgId, "forms.fill");
    if (!actor.roles.has(org.orgId)) throw new AppError("access.denied", "只能以本人所属单位申报活动");
    const found = await proposalFormFor(org);
    if (!found) throw new AppError("form.not_found", "本单位尚无可用的活动申报表");
    const principal = requirePrincipal(c);
    const body = c.req.valid("json");
    const { submission, replayed } = await createSubmission({
      form: found.form,
      version: found.version,
      submitter: { accountId: principal.accountId, name: principal.name },
      unitId: org.orgId,
      data: body.data,
      draft: body.draft,
      submissionId: await idempotentId(c, actor.accountId),
    });
    if (replayed) c.header("idempotent-replayed", "true");
    return c.json(submission as unknown as Record<string, unknown>, 201);
  },
);
