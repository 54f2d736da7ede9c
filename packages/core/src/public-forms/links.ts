import { randomBytes } from "node:crypto";
import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../access/policy";
import { db, tableName } from "../db/client";
import { AppError, fieldErrorsFromIssues, type FieldErrors } from "../errors";
import { requireForm, type Form, type FormVersion } from "../forms/forms";
import { nowIso } from "../ids";
import { publicLinkProblems, PublicLinkSettingsSchema, type PublicLinkSettings } from "./settings";

/**
 * A form's public link: one per form, named by a random id (nothing guessable from the form's
 * own id). The link item holds the settings; a pointer item on the form's side finds it.
 */
export interface PublicLink {
  linkId: string;
  formId: string;
  orgId: string;
  settings: PublicLinkSettings;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export const PublicFormKeys = {
  link: (linkId: string) => ({ pk: `PUBLICFORM#${linkId}`, sk: "LINK" }),
  linkOfForm: (formId: string) => ({ pk: `FORM#${formId}`, sk: "PUBLICLINK" }),
  counter: (linkId: string, name: string) => ({ pk: `PUBLICFORM#${linkId}`, sk: `COUNT#${name}` }),
  code: (linkId: string, phone: string) => ({ pk: `PUBLICFORMCODE#${linkId}#${phone}`, sk: "CODE" }),
  receipt: (tokenHash: string) => ({ pk: `PUBLICRECEIPT#${tokenHash}`, sk: "RECEIPT" }),
};

function refused(fields: FieldErrors): never {
  const [path, messages] = Object.entries(fields)[0]!;
  throw new AppError("validation.failed", `${path}：${messages[0]}`, { fields });
}

const pick = (item: Record<string, unknown>): PublicLink => {
  const { linkId, formId, orgId, settings, createdBy, createdAt, updatedAt } = item as unknown as PublicLink;
  return { linkId, formId, orgId, settings, createdBy, createdAt, updatedAt };
};

export async function getPublicLink(linkId: string): Promise<PublicLink | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: PublicFormKeys.link(linkId) }));
  return Item ? pick(Item) : undefined;
}

export async function publicLinkOfForm(formId: string): Promise<PublicLink | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: PublicFormKeys.linkOfForm(formId), ConsistentRead: true }));
  return Item ? getPublicLink(String(Item.linkId)) : undefined;
}

/**
 * Publishes a form by link, or changes the link's settings (the form owner's action). The form
 * must be published and fillable without an account; a bad setting is a 422 naming it.
 */
export async function setPublicLink(form: Form, published: FormVersion | undefined, actor: Actor, raw: unknown): Promise<PublicLink> {
  const parsed = PublicLinkSettingsSchema.safeParse(raw);
  if (!parsed.success) refused(fieldErrorsFromIssues(parsed.error.issues));
  if (!published) throw new AppError("form.not_published", "表单尚未发布，发布后才能生成公开链接");
  if (form.campaignId || form.electionId) throw new AppError("validation.failed", "评选申报表和候选人提名表不能通过公开链接填写", { fields: { form: ["评选申报表和候选人提名表不能通过公开链接填写"] } });
  const problems = publicLinkProblems(published.definition, parsed.data);
  if (Object.keys(problems).length > 0) refused(problems);
  const existing = await publicLinkOfForm(form.formId);
  const now = nowIso();
  const link: PublicLink = existing
    ? { ...existing, settings: parsed.data, updatedAt: now }
    : { linkId: randomBytes(12).toString("base64url"), formId: form.formId, orgId: form.orgId, settings: parsed.data, createdBy: actor.accountId, createdAt: now, updatedAt: now };
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: { ...PublicFormKeys.linkOfForm(form.formId), type: "publicFormPointer", linkId: link.linkId },
            // Two first publishes at once make one link.
            ConditionExpression: existing ? "linkId = :linkId" : "attribute_not_exists(pk)",
            ...(existing ? { ExpressionAttributeValues: { ":linkId": link.linkId } } : {}),
          },
        },
        { Put: { TableName: tableName(), Item: { ...PublicFormKeys.link(link.linkId), type: "publicFormLink", ...link } } },
      ],
    }),
  ).catch(async (error: unknown) => {
    const winner = await publicLinkOfForm(form.formId);
    if (!winner) throw error;
    throw new AppError("conflict.stale", "公开链接已在别处设置，请刷新后再改", { details: { linkId: winner.linkId } });
  });
  return link;
}

/** The link and its form's published version, for a stranger: 404 unless both exist. */
export async function openPublicLink(linkId: string): Promise<{ link: PublicLink; form: Form; version: FormVersion }> {
  const link = await getPublicLink(linkId);
  const gone = () => new AppError("public_form.not_found", "链接不存在或已停止收集");
  if (!link || !link.settings.enabled) throw gone();
  const { form, published } = await requireForm(link.formId).catch(() => {
    throw gone();
  });
  if (!published) throw gone();
  return { link, form, version: published };
}

/** Submissions holding a place now (withdrawn ones gave theirs back). */
export async function placesTaken(linkId: string): Promise<number> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: PublicFormKeys.counter(linkId, "TOTAL"), ConsistentRead: true }));
  return Number(Item?.n ?? 0);
}
