import { GetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { queryAll } from "../db/query";
import { batchGetAll } from "../db/batch";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { cancellationReasons } from "../db/transactions";
import { AppError } from "../errors";
import { newId, nowIso } from "../ids";
import { validateDefinition, type FormDefinition } from "./index";

/**
 * Form definitions, versioned. The latest version is either a draft the admin is still
 * editing or the published one; editing a published form starts a new draft version, and
 * a published version is never written again, so every submission keeps its version.
 */
export interface Form {
  formId: string;
  orgId: string;
  title: string;
  latestVersion: number;
  publishedVersion?: number;
  /** The approval chain submissions go through, if any. */
  workflowId?: string;
  /** Set on a campaign's entry form: entries go through the campaign's routes only. */
  campaignId?: string;
  /** Set on an election's 候选人提名表: approved submissions become its candidates. */
  electionId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface FormVersion {
  formId: string;
  version: number;
  status: "draft" | "published";
  definition: FormDefinition;
  savedAt: string;
  publishedAt?: string;
}

const FORM_FIELDS = ["formId", "orgId", "title", "latestVersion", "publishedVersion", "workflowId", "campaignId", "electionId", "createdAt", "updatedAt"] as const;
const pickForm = (item: Record<string, unknown>) =>
  Object.fromEntries(FORM_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as Form;
const pickVersion = ({ formId, version, status, definition, savedAt, publishedAt }: Record<string, unknown>) =>
  ({ formId, version, status, definition, savedAt, publishedAt }) as FormVersion;

function versionPut(formId: string, version: number, definition: FormDefinition, publish: boolean, now: string) {
  const item: FormVersion = {
    formId,
    version,
    status: publish ? "published" : "draft",
    definition,
    savedAt: now,
    publishedAt: publish ? now : undefined,
  };
  return {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.formVersion(formId, version), type: "formVersion", ...item },
      // A published version is immutable: only a missing item or a draft may be (over)written.
      ConditionExpression: "attribute_not_exists(pk) OR #status = :draft",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":draft": "draft" },
    },
  };
}

/** The writes that create a form with its first version (for a caller that adds its own to the transaction). */
export function formCreationItems(
  orgId: string,
  definition: FormDefinition,
  options: { publish: boolean; formId?: string; workflowId?: string; campaignId?: string; electionId?: string },
): { form: Form; version: FormVersion; items: [Record<string, unknown>, ReturnType<typeof versionPut>] } {
  const formId = options.formId ?? newId();
  const now = nowIso();
  const form: Form = {
    formId,
    orgId,
    title: definition.title,
    latestVersion: 1,
    publishedVersion: options.publish ? 1 : undefined,
    workflowId: options.workflowId,
    campaignId: options.campaignId,
    electionId: options.electionId,
    createdAt: now,
    updatedAt: now,
  };
  const version = versionPut(formId, 1, definition, options.publish, now);
  const formPut = {
    Put: {
      TableName: tableName(),
      Item: { ...Keys.form(formId), ...Keys.formOfOrg(orgId, now, formId), type: "form", ...form },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
  return { form, version: pickVersion(version.Put.Item), items: [formPut, version] };
}

/** Creates a form with its first version (a draft, or published at once). */
export async function createForm(
  orgId: string,
  rawDefinition: unknown,
  options: { publish: boolean; formId?: string; workflowId?: string; campaignId?: string; electionId?: string },
): Promise<{ form: Form; version: FormVersion }> {
  const definition = validateDefinition(rawDefinition);
  const { form, version, items } = formCreationItems(orgId, definition, options);
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    // A retried create (same Idempotency-Key → same formId) returns what the first made.
    if (cancellationReasons(error)?.[0] === "ConditionalCheckFailed") {
      const existing = await getForm(form.formId);
      if (existing && existing.form.orgId === orgId) return { form: existing.form, version: existing.latest };
    }
    throw error;
  }
  return { form, version };
}

/**
 * Saves a new definition: it replaces the current draft, or starts a new version when the
 * latest one is published. `expectedVersion` is the latest version the editor loaded; if
 * someone saved in between, the save is refused with 409 instead of overwriting their work.
 */
export async function saveForm(
  formId: string,
  rawDefinition: unknown,
  options: { publish: boolean; expectedVersion: number },
): Promise<{ form: Form; version: FormVersion }> {
  const definition = validateDefinition(rawDefinition);
  const current = await getForm(formId);
  if (!current) throw new AppError("form.not_found", "表单不存在");
  const { form, latest } = current;
  if (form.latestVersion !== options.expectedVersion) {
    throw new AppError("conflict.stale", "表单已被他人修改，请刷新后再编辑", { details: { latestVersion: form.latestVersion } });
  }
  const nextVersion = latest.status === "published" ? form.latestVersion + 1 : form.latestVersion;
  const now = nowIso();
  const publishedVersion = options.publish ? nextVersion : form.publishedVersion;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: Keys.form(formId),
              UpdateExpression: "SET title = :title, latestVersion = :next, updatedAt = :now" + (publishedVersion ? ", publishedVersion = :published" : ""),
              ConditionExpression: "latestVersion = :expected",
              ExpressionAttributeValues: {
                ":title": definition.title,
                ":next": nextVersion,
                ":now": now,
                ":expected": options.expectedVersion,
                ...(publishedVersion ? { ":published": publishedVersion } : {}),
              },
            },
          },
          versionPut(formId, nextVersion, definition, options.publish, now),
        ],
      }),
    );
  } catch (error) {
    if (cancellationReasons(error)?.includes("ConditionalCheckFailed")) {
      throw new AppError("conflict.stale", "表单已被他人修改，请刷新后再编辑");
    }
    throw error;
  }
  return {
    form: { ...form, title: definition.title, latestVersion: nextVersion, publishedVersion, updatedAt: now },
    version: { formId, version: nextVersion, status: options.publish ? "published" : "draft", definition, savedAt: now, publishedAt: options.publish ? now : undefined },
  };
}

/** A form with its latest version and, if different, its published one. */
export async function getForm(formId: string): Promise<{ form: Form; latest: FormVersion; published?: FormVersion } | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.form(formId) }));
  if (!Item) return undefined;
  const form = pickForm(Item);
  const wanted = [...new Set([form.latestVersion, form.publishedVersion].filter((v): v is number => v !== undefined))];
  const versions = (await batchGetAll(wanted.map((v) => Keys.formVersion(formId, v)))).map(pickVersion);
  const byNumber = new Map(versions.map((v) => [v.version, v]));
  return {
    form,
    latest: byNumber.get(form.latestVersion)!,
    published: form.publishedVersion ? byNumber.get(form.publishedVersion) : undefined,
  };
}

export async function requireForm(formId: string) {
  const found = await getForm(formId);
  if (!found) throw new AppError("form.not_found", "表单不存在");
  return found;
}

export async function getFormVersion(formId: string, version: number): Promise<FormVersion | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.formVersion(formId, version) }));
  return Item ? pickVersion(Item) : undefined;
}

/** The forms an org owns, oldest first. */
export async function listForms(orgId: string): Promise<Form[]> {
  const items = await queryAll({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": Keys.formsOf(orgId).gsi1pk },
  });
  return items.map(pickForm);
}

/** Routes the form's future submissions through an approval chain (or none, with `null`). */
export async function setFormWorkflow(formId: string, workflowId: string | null): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: Keys.form(formId),
      UpdateExpression: workflowId ? "SET workflowId = :w, updatedAt = :now" : "REMOVE workflowId SET updatedAt = :now",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":now": nowIso(), ...(workflowId ? { ":w": workflowId } : {}) },
    }),
  );
}
