import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { requireCodeShape, scopedHmac, sendScopedCode, useScopedCode, type CodeScope } from "../auth/scoped-code";
import { requireMobile } from "../auth/sms-code";
import { tableName } from "../db/client";
import { cancellationReasons, type TransactItem } from "../db/transactions";
import { AppError } from "../errors";
import { newId, nowIso } from "../ids";
import { consentNotice, type ConsentGiven } from "../forms/consent";
import { createSubmission, type Submission } from "../forms/submissions";
import { PublicFormKeys, type PublicLink } from "./links";
import type { Form, FormVersion } from "../forms/forms";
import { maskPhone, publicLinkProblems, quotasTaken, windowState, type PublicLinkSettings } from "./settings";

/**
 * Filling a public form without an account: an SMS code proves a phone (sent through the shared
 * code path's throttles, leaving through the stream as an `outgoing` item), the code buys a
 * 30-minute filler pass, and the submission is stored in one transaction with its limits — the
 * total count, the phone's count, the address's hourly count and each option's count, every one
 * a conditional increment — and its receipt. The phone is kept only as a per-link HMAC and masked.
 */
const PASS_LIFETIME_MS = 30 * 60_000;

const hmac = scopedHmac;

const fillerCodeScope = (link: PublicLink, phone: string): CodeScope => ({ family: "formcode", key: PublicFormKeys.code(link.linkId, phone), type: "public_form_code", purpose: "public-form-code", scopeId: link.linkId });

/** The phone as stored with a public submission: an HMAC per link, never the number. */
export async function phoneHashOf(linkId: string, phone: string): Promise<string> {
  return (await hmac("public-form-phone", linkId, phone)).slice(0, 22);
}

export function expectOpen(settings: PublicLinkSettings, now = new Date()): void {
  const state = windowState(settings, now);
  if (state === "open") return;
  const words = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
  const message = state === "before" ? `将于 ${words(settings.opensAt!)} 开始收集` : state === "after" ? `已于 ${words(settings.closesAt!)} 截止收集` : "已停止收集";
  throw new AppError("public_form.closed", message, { details: { opensAt: settings.opensAt, closesAt: settings.closesAt } });
}

function requireSms(link: PublicLink): void {
  if (!link.settings.smsRequired) throw new AppError("public_form.unsupported", "此表单无需短信验证");
}

/** Sends a code to any mobile number while the link is open (throttled per phone and per client address). */
export async function requestFillerCode(link: PublicLink, rawPhone: string, client: string, now = new Date()): Promise<{ retryAfter: number }> {
  requireSms(link);
  const phone = requireMobile(rawPhone);
  expectOpen(link.settings, now);
  return sendScopedCode(fillerCodeScope(link, phone), phone, client, now);
}


/** Uses a code (the try counted first, single use) and issues a filler pass for this link. */
export async function verifyFiller(link: PublicLink, rawPhone: string, code: string, now = new Date()): Promise<{ pass: string; expiresAt: string; phone: string }> {
  requireSms(link);
  const phone = requireMobile(rawPhone);
  requireCodeShape(code);
  expectOpen(link.settings, now);
  await useScopedCode(fillerCodeScope(link, phone), phone, code, now);
  const expiresAt = now.getTime() + PASS_LIFETIME_MS;
  const body = Buffer.from(JSON.stringify({ l: link.linkId, p: phone, e: expiresAt })).toString("base64url");
  return { pass: `${body}.${await hmac("public-form-pass", body)}`, expiresAt: new Date(expiresAt).toISOString(), phone: maskPhone(phone) };
}

function unverified(): never {
  throw new AppError("public_form.unverified", "请先用短信验证码验证手机号", { fields: { pass: ["请先用短信验证码验证手机号"] } });
}

/** The phone a pass proves, if it is genuine, for this link and unexpired. */
async function phoneOfPass(linkId: string, pass: string | undefined, now: Date): Promise<string> {
  const [body = "", signature = ""] = (pass ?? "").split(".");
  const expected = Buffer.from(await hmac("public-form-pass", body));
  const given = Buffer.from(signature);
  if (!body || expected.length !== given.length || !timingSafeEqual(expected, given)) unverified();
  let claims: { l?: string; p?: string; e?: number };
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as typeof claims;
  } catch {
    unverified();
  }
  if (claims.l !== linkId || typeof claims.p !== "string" || typeof claims.e !== "number" || claims.e <= now.getTime()) unverified();
  return claims.p;
}

/** A conditional increment: at most `max` (no condition without one). */
function increment(key: { pk: string; sk: string }, max: number | undefined, expiresAt?: number): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: `ADD n :one SET #type = :type${expiresAt ? ", expiresAt = :ttl" : ""}`,
      ...(max !== undefined ? { ConditionExpression: "attribute_not_exists(n) OR n < :max" } : {}),
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: { ":one": 1, ":type": "public_form_count", ...(max !== undefined ? { ":max": max } : {}), ...(expiresAt ? { ":ttl": expiresAt } : {}) },
    },
  };
}

/** The counters a submission takes a place in (and gives back when withdrawn): total, phone, options. */
export function placeCounters(linkId: string, phoneHash: string | undefined, options: Array<{ field: string; option: string }>): Array<{ pk: string; sk: string }> {
  return [
    PublicFormKeys.counter(linkId, "TOTAL"),
    ...(phoneHash ? [PublicFormKeys.counter(linkId, `PHONE#${phoneHash}`)] : []),
    ...options.map((o) => PublicFormKeys.counter(linkId, `OPTION#${o.field}#${o.option}`)),
  ];
}

/** An option's label as the filler saw it. */
function optionLabel(version: FormVersion, key: string, value: string): string {
  const field = version.definition.fields.find((f) => f.key === key);
  return (field && "options" in field ? field.options.find((o) => o.value === value)?.label : undefined) ?? value;
}

const receiptHash = (token: string) => createHash("sha256").update(token).digest("base64url");

export interface PublicSubmitted {
  submissionId: string;
  /** The filler's receipt token: the only way back to the submission (to view or withdraw it). */
  receipt: string;
  submittedAt: string;
}

/**
 * Stores a stranger's submission with its limits in one transaction: nothing is stored when any
 * limit is reached (409 naming the limit, 429 for the address's rate), or when the answers are
 * bad (422 naming the field).
 */
export async function submitPublicForm(input: {
  link: PublicLink;
  form: Form;
  version: FormVersion;
  pass?: string;
  data: unknown;
  consent?: ConsentGiven;
  /** The owning org's name, for the default 个人信息收集告知. */
  orgName: string;
  client: string;
  now?: Date;
}): Promise<PublicSubmitted> {
  const { link, form, version } = input;
  const { settings } = link;
  const now = input.now ?? new Date();
  expectOpen(settings, now);
  const phone = settings.smsRequired ? await phoneOfPass(link.linkId, input.pass, now) : undefined;
  // The published version may have changed since the link was set.
  if (Object.keys(publicLinkProblems(version.definition, settings)).some((path) => path.startsWith("fields."))) {
    throw new AppError("public_form.unsupported", "表单含有需要登录才能填写的字段，暂不能通过公开链接填写");
  }
  const phoneHash = phone ? await phoneHashOf(link.linkId, phone) : undefined;
  const token = randomBytes(24).toString("base64url");
  const submissionId = newId();
  const answers = (typeof input.data === "object" && input.data !== null ? input.data : {}) as Record<string, unknown>;
  const options = quotasTaken(settings, answers);
  const hour = now.toISOString().slice(0, 13);
  const seconds = Math.floor(now.getTime() / 1000);
  const limits: Array<{ item: TransactItem; refusal: () => AppError }> = [
    { item: increment(PublicFormKeys.counter(link.linkId, "TOTAL"), settings.quota), refusal: () => new AppError("public_form.quota_full", "名额已满，感谢关注", { details: { quota: settings.quota } }) },
    ...(phoneHash
      ? [{ item: increment(PublicFormKeys.counter(link.linkId, `PHONE#${phoneHash}`), settings.perPhone), refusal: () => new AppError("public_form.phone_limit", settings.perPhone === 1 ? "该手机号已经填写过" : `每个手机号最多填写${settings.perPhone}次`, { details: { perPhone: settings.perPhone } }) }]
      : []),
    {
      item: increment(PublicFormKeys.counter(link.linkId, `ADDRESS#${input.client}#${hour}`), settings.perAddressPerHour, seconds + 2 * 3600),
      refusal: () => new AppError("public_form.rate_limited", "当前网络提交过于频繁，请稍后再试", { retryAfter: 600 }),
    },
    ...options.map((o) => ({
      item: increment(PublicFormKeys.counter(link.linkId, `OPTION#${o.field}#${o.option}`), o.limit),
      refusal: () => new AppError("public_form.option_full", `“${optionLabel(version, o.field, o.option)}”名额已满，请选择其他选项`, { fields: { [`data.${o.field}`]: [`“${optionLabel(version, o.field, o.option)}”名额已满`] } }),
    })),
  ];
  const submittedAt = nowIso();
  const receiptItem: TransactItem = {
    Put: {
      TableName: tableName(),
      Item: { ...PublicFormKeys.receipt(receiptHash(token)), type: "public_form_receipt", submissionId, linkId: link.linkId, formId: form.formId, ...(phoneHash ? { phoneHash } : {}), options: options.map(({ field, option }) => ({ field, option })), createdAt: submittedAt },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
  const notice = consentNotice(version.definition, input.orgName);
  const extra = [...limits.map((l) => l.item), receiptItem];
  try {
    await createSubmission({
      form,
      version,
      submitter: { accountId: `public:${phoneHash ?? "anonymous"}`, name: phone ? `访客 ${maskPhone(phone)}` : "访客" },
      unitId: form.orgId,
      data: input.data,
      draft: false,
      submissionId,
      extraItems: extra,
      ...(notice ? { consent: { notice, given: input.consent } } : {}),
    });
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons) {
      // The extra items sit after the submission, its approval's writes, and before the retention marker.
      const retentionCount = version.definition.retentionDays ? 1 : 0;
      const start = reasons.length - retentionCount - extra.length;
      const held = limits.findIndex((_, i) => reasons[start + i] === "ConditionalCheckFailed");
      if (held >= 0) throw limits[held]!.refusal();
    }
    throw error;
  }
  return { submissionId, receipt: token, submittedAt };
}

export { receiptHash };
export type { Submission };
