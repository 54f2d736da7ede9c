import { createHash } from "node:crypto";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { AppError } from "../errors";
import { newId, nowIso } from "../ids";
import { realTypeMismatch } from "./content-type";
import { s3, uploadsBucket } from "./s3";

/**
 * Files attached to form answers go straight from the browser to S3 with a presigned PUT
 * whose signature covers the declared type and size. Because a local S3 stand-in may not
 * check signatures, the object is checked again before a submission that names it is
 * accepted: size, declared type, and its real type by magic bytes.
 *
 * Attached files are immutable: the presigned PUT stays valid for a while, so at attachment
 * the checked bytes are written to a sealed key no URL was ever signed for, and their SHA-256
 * is recorded with the upload. Downloads read the sealed copy and refuse it if the hash differs.
 */
export interface Upload {
  uploadId: string;
  key: string;
  ownerId: string;
  formId: string;
  formOrgId: string;
  /** `photos`, or `group.sub` for a file field inside a repeating group. */
  fieldPath: string;
  name: string;
  contentType: string;
  size: number;
  createdAt: string;
  submissionId?: string;
  /** The sealed copy written at attachment, and the SHA-256 (hex) of its bytes. */
  finalKey?: string;
  sha256?: string;
}

/** What a file field allows. */
export interface FileRule {
  accept: readonly string[];
  maxSizeMB: number;
}

export const UPLOAD_URL_SECONDS = 15 * 60;
const PENDING_TTL_SECONDS = 24 * 60 * 60;

function checkAgainstRule(rule: FileRule, type: string, size: number, label: string): void {
  if (!rule.accept.includes(type)) {
    throw new AppError("upload.rejected", `${label}不支持此文件类型`, { fields: { type: [`只支持 ${rule.accept.join("、")}`] } });
  }
  if (size > rule.maxSizeMB * 1024 * 1024) {
    throw new AppError("upload.rejected", `${label}的文件不能超过 ${rule.maxSizeMB} MB`, { fields: { size: [`不能超过 ${rule.maxSizeMB} MB`] } });
  }
}

/** A name safe as the last segment of a storage key: no separators or control characters, never `.` or `..`. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a storage key
  const cleaned = name.normalize("NFC").replace(/[\\/\u0000-\u001f"<>|:*?]+/g, "_").slice(-120).replace(/^\.+/, "").trim();
  return cleaned || "file";
}

/** Records an upload the owner is about to make and returns the presigned PUT for it. */
export async function startUpload(input: {
  ownerId: string;
  formId: string;
  formOrgId: string;
  fieldPath: string;
  fieldLabel: string;
  rule: FileRule;
  name: string;
  type: string;
  size: number;
}) {
  checkAgainstRule(input.rule, input.type, input.size, input.fieldLabel);
  const uploadId = newId();
  const upload: Upload = {
    uploadId,
    key: `forms/${input.formId}/${uploadId}/${safeFileName(input.name)}`,
    ownerId: input.ownerId,
    formId: input.formId,
    formOrgId: input.formOrgId,
    fieldPath: input.fieldPath,
    name: input.name,
    contentType: input.type,
    size: input.size,
    createdAt: nowIso(),
  };
  await db().send(
    new PutCommand({
      TableName: tableName(),
      // Unattached uploads expire; attaching one to a submission removes the expiry.
      Item: { ...Keys.upload(uploadId), type: "upload", ...upload, expiresAt: Math.floor(Date.now() / 1000) + PENDING_TTL_SECONDS },
    }),
  );
  const url = await getSignedUrl(
    s3(),
    new PutObjectCommand({ Bucket: uploadsBucket(), Key: upload.key, ContentType: input.type, ContentLength: input.size }),
    { expiresIn: UPLOAD_URL_SECONDS, signableHeaders: new Set(["content-type", "content-length"]) },
  );
  return { uploadId, url, method: "PUT" as const, headers: { "content-type": input.type }, expiresIn: UPLOAD_URL_SECONDS };
}

export async function getUpload(uploadId: string): Promise<Upload | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.upload(uploadId) }));
  if (!Item) return undefined;
  const { uploadId: id, key, ownerId, formId, formOrgId, fieldPath, name, contentType, size, createdAt, submissionId, finalKey, sha256 } = Item as unknown as Upload;
  return { uploadId: id, key, ownerId, formId, formOrgId, fieldPath, name, contentType, size, createdAt, submissionId, finalKey, sha256 };
}

async function readObject(key: string): Promise<Uint8Array> {
  const object = await s3().send(new GetObjectCommand({ Bucket: uploadsBucket(), Key: key }));
  return object.Body!.transformToByteArray();
}

const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Checks that an upload named in a submission is the submitter's, for this field, and that
 * the stored object exists with the declared size and type (by its magic bytes too), within
 * the field's rule; then seals it (see above). An upload sealed before (a draft) is not re-read.
 */
export async function verifyUpload(
  ref: { uploadId: string },
  expected: { ownerId: string; formId: string; fieldPath: string; rule: FileRule; label: string; submissionId: string },
): Promise<Upload> {
  const upload = await getUpload(ref.uploadId);
  const reject = (message: string) => new AppError("upload.rejected", message);
  if (!upload || upload.ownerId !== expected.ownerId || upload.formId !== expected.formId || upload.fieldPath !== expected.fieldPath) {
    throw reject(`${expected.label}：附件不存在或不属于本人`);
  }
  if (upload.submissionId && upload.submissionId !== expected.submissionId) throw reject(`${expected.label}：附件已用于其他提交`);
  let head;
  try {
    head = await s3().send(new HeadObjectCommand({ Bucket: uploadsBucket(), Key: upload.key }));
  } catch (error) {
    if ((error as { name?: string }).name === "NotFound" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      throw reject(`${expected.label}：文件“${upload.name}”尚未上传完成`);
    }
    throw error;
  }
  const storedType = (head.ContentType ?? "").split(";")[0]!.trim();
  if (head.ContentLength !== upload.size || storedType !== upload.contentType) {
    throw reject(`${expected.label}：文件“${upload.name}”与申报的大小或类型不符`);
  }
  checkAgainstRule(expected.rule, storedType, head.ContentLength ?? 0, expected.label);
  if (upload.finalKey && upload.sha256) return upload;
  const bytes = await readObject(upload.key);
  if (bytes.byteLength !== upload.size) throw reject(`${expected.label}：文件“${upload.name}”与申报的大小不符`);
  const real = await realTypeMismatch(bytes, upload.contentType);
  if (real) throw reject(`${expected.label}：文件“${upload.name}”的内容不是申报的类型（${upload.contentType}），请重新选择文件`);
  const sealed = { ...upload, finalKey: `sealed/${upload.formId}/${upload.uploadId}/${safeFileName(upload.name)}`, sha256: sha256Of(bytes) };
  await s3().send(new PutObjectCommand({ Bucket: uploadsBucket(), Key: sealed.finalKey, Body: bytes, ContentType: upload.contentType }));
  return sealed;
}

/**
 * The transaction item that attaches a verified upload to a submission (and stops its expiry),
 * recording its sealed copy; a seal once recorded never changes.
 */
export function attachUploadItem(uploadId: string, submissionId: string, ownerId: string, sealed: { finalKey?: string; sha256?: string }) {
  return {
    Update: {
      TableName: tableName(),
      Key: Keys.upload(uploadId),
      UpdateExpression: "SET submissionId = :submission, finalKey = :finalKey, sha256 = :sha256 REMOVE expiresAt",
      ConditionExpression: "ownerId = :owner AND (attribute_not_exists(submissionId) OR submissionId = :submission) AND (attribute_not_exists(sha256) OR sha256 = :sha256)",
      ExpressionAttributeValues: { ":submission": submissionId, ":owner": ownerId, ":finalKey": sealed.finalKey, ":sha256": sealed.sha256 },
    },
  };
}

/**
 * The bytes of an attached upload's sealed copy, for documents that embed it (the 活动台账's
 * photos); `upload.tampered` if they no longer hash to what was recorded, undefined if the
 * upload was never attached and sealed.
 */
export async function readSealedUpload(upload: Upload): Promise<Uint8Array | undefined> {
  if (!upload.finalKey || !upload.sha256) return undefined;
  const bytes = await readObject(upload.finalKey);
  if (sha256Of(bytes) !== upload.sha256) throw new AppError("upload.tampered", "文件与提交时不一致，已停止下载，请联系管理员");
  return bytes;
}

/**
 * A short-lived link to read an upload: the sealed copy once attached, after checking its
 * bytes still hash to what was recorded (`upload.tampered` otherwise).
 */
export async function downloadUrl(upload: Upload): Promise<string> {
  if (upload.finalKey && upload.sha256 && sha256Of(await readObject(upload.finalKey)) !== upload.sha256) {
    throw new AppError("upload.tampered", "文件与提交时不一致，已停止下载，请联系管理员");
  }
  return getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: uploadsBucket(),
      Key: upload.finalKey ?? upload.key,
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(upload.name)}`,
    }),
    { expiresIn: 5 * 60 },
  );
}
