import { createRoute, z } from "@hono/zod-openapi";
import { ConsentGivenSchema, consentNotice } from "@tongxin/core/forms/consent";
import { requireOrg } from "@tongxin/core/orgs/orgs";
import { openPublicLink, placesTaken, publicLinkOfForm, setPublicLink, type PublicLink } from "@tongxin/core/public-forms/links";
import { requestFillerCode, submitPublicForm, verifyFiller } from "@tongxin/core/public-forms/filling";
import { readReceipt, withdrawByReceipt } from "@tongxin/core/public-forms/receipts";
import { windowState } from "@tongxin/core/public-forms/settings";
import type { Context } from "hono";
import { clientAddress } from "../http/client";
import type { AppEnv } from "../http/env";
import { problems, router } from "../http/openapi";
import { requireOrgAccess } from "../http/session";
import { formInOrg } from "./forms";
import { OrgParams } from "./orgs";

/**
 * Public-link forms (报名表, 意见征集; packages/core/src/public-forms/README.md): the form's admins
 * publish it by link with its limits and get the link's QR code; anyone with the link fills it
 * without an account (proving a phone by SMS code when the link asks) and gets a receipt link
 * to view or withdraw their submission.
 */
const FormParams = OrgParams.extend({ formId: z.string().min(1).max(64) });
const LinkParams = z.object({ linkId: z.string().min(1).max(64) });
const ReceiptParams = z.object({ token: z.string().min(1).max(100) });
const Json = z.record(z.string(), z.unknown());
const ok = (description: string) => ({ content: { "application/json": { schema: Json } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true });
const Phone = z.string().trim().min(1, "请输入手机号").max(20);

/** The web page a link opens. */
const linkPath = (linkId: string) => `/f/${linkId}`;

async function ownerView(c: Context<AppEnv>, link: PublicLink | undefined) {
  if (!link) return { link: null };
  const url = `${new URL(c.req.url).origin}${linkPath(link.linkId)}`;
  const { publicLinkQr } = await import("@tongxin/core/public-forms/link-qr");
  return { link: { ...link, path: linkPath(link.linkId), url, qr: publicLinkQr(url), state: windowState(link.settings), taken: await placesTaken(link.linkId) } };
}

export const publicFormRoutes = router()
  .openapi(
    createRoute({
      method: "put",
      path: "/orgs/{orgId}/forms/{formId}/public-link",
      summary: "Publish a form by public link, or change the link's settings: window, total quota, option quotas, per-phone limit, SMS verification, per-address rate (form admins)",
      tags: ["forms"],
      request: { params: FormParams, body: body(Json.openapi({ description: "{enabled, opensAt?, closesAt?, quota?, smsRequired, perPhone?, perAddressPerHour, optionQuotas: [{field, option, limit}]}" })) },
      responses: { 200: ok("The link with its URL, QR code, state and places taken"), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { orgId, formId } = c.req.valid("param");
      const { actor } = await requireOrgAccess(c, orgId, "forms.manage");
      const { form, published } = await formInOrg(orgId, formId);
      return c.json(await ownerView(c, await setPublicLink(form, published, actor, c.req.valid("json"))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/orgs/{orgId}/forms/{formId}/public-link",
      summary: "A form's public link (null when it has none), with its URL, QR code, state and places taken (form admins)",
      tags: ["forms"],
      request: { params: FormParams },
      responses: { 200: ok("The link, or null"), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { orgId, formId } = c.req.valid("param");
      await requireOrgAccess(c, orgId, "forms.manage");
      await formInOrg(orgId, formId);
      return c.json(await ownerView(c, await publicLinkOfForm(formId)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/public/forms/{linkId}",
      summary: "A public form to fill (no session): the published definition, the org's name, the 个人信息收集告知, the window and whether an SMS code is asked",
      tags: ["forms"],
      request: { params: LinkParams },
      responses: { 200: ok("The form to fill"), ...problems(404) },
    }),
    async (c) => {
      const { link, version, form } = await openPublicLink(c.req.valid("param").linkId);
      const org = await requireOrg(form.orgId);
      const notice = consentNotice(version.definition, org.name);
      const { settings } = link;
      const taken = settings.quota !== undefined ? await placesTaken(link.linkId) : undefined;
      return c.json(
        {
          linkId: link.linkId,
          title: version.definition.title,
          orgName: org.name,
          definition: version.definition,
          ...(notice ? { notice } : {}),
          state: windowState(settings),
          ...(settings.opensAt ? { opensAt: settings.opensAt } : {}),
          ...(settings.closesAt ? { closesAt: settings.closesAt } : {}),
          smsRequired: settings.smsRequired,
          ...(taken !== undefined ? { placesLeft: Math.max(0, settings.quota! - taken) } : {}),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/public/forms/{linkId}/code",
      summary: "Send a verification code by SMS to the filler's phone (no session; throttled per phone and per client address)",
      tags: ["forms"],
      request: { params: LinkParams, body: body(z.object({ phone: Phone })) },
      responses: { 202: { description: "A code is on its way", content: { "application/json": { schema: z.object({ retryAfter: z.number().int() }) } } }, ...problems(404, 409, 422, 429) },
    }),
    async (c) => {
      const { link } = await openPublicLink(c.req.valid("param").linkId);
      return c.json(await requestFillerCode(link, c.req.valid("json").phone, await clientAddress(c)), 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/public/forms/{linkId}/filler",
      summary: "Prove a phone with its code: a 30-minute pass to submit the form with",
      tags: ["forms"],
      request: { params: LinkParams, body: body(z.object({ phone: Phone, code: z.string().trim().max(10) })) },
      responses: { 200: ok("The filler pass and the masked phone"), ...problems(401, 404, 409, 422) },
    }),
    async (c) => {
      const { link } = await openPublicLink(c.req.valid("param").linkId);
      const { phone, code } = c.req.valid("json");
      return c.json(await verifyFiller(link, phone, code), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/public/forms/{linkId}/submissions",
      summary: "Submit the form without an account: stored with its limits (quota, option quotas, per phone, per address) in one transaction, or not at all",
      tags: ["forms"],
      request: {
        params: LinkParams,
        body: body(z.object({ pass: z.string().max(1000).optional(), data: z.record(z.string(), z.unknown()), consent: ConsentGivenSchema.optional() })),
      },
      responses: { 201: ok("The submission id and the filler's receipt token"), ...problems(401, 404, 409, 422, 429) },
    }),
    async (c) => {
      const { link, form, version } = await openPublicLink(c.req.valid("param").linkId);
      const { pass, data, consent } = c.req.valid("json");
      const org = await requireOrg(form.orgId);
      const submitted = await submitPublicForm({ link, form, version, pass, data, consent, orgName: org.name, client: await clientAddress(c) });
      return c.json({ ...submitted, receiptPath: `/f/r/${submitted.receipt}` }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/public/receipts/{token}",
      summary: "The filler's own submission, opened by their receipt token (no session)",
      tags: ["forms"],
      request: { params: ReceiptParams },
      responses: { 200: ok("The submission and the version it was filled against"), ...problems(404) },
    }),
    async (c) => c.json(await readReceipt(c.req.valid("param").token), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/public/receipts/{token}/withdraw",
      summary: "Withdraw the receipt's submission while it is not in an approval; its places go back",
      tags: ["forms"],
      request: { params: ReceiptParams },
      responses: { 200: ok("Withdrawn"), ...problems(404, 409) },
    }),
    async (c) => c.json(await withdrawByReceipt(c.req.valid("param").token), 200),
  );
