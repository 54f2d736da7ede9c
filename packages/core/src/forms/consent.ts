import { createHash } from "node:crypto";
import { AppError } from "../errors";
import { z } from "../zod-locale";
import type { FormDefinition } from "./definition";
import { personalFieldsOf, type PersonalField } from "./personal-fields";

/**
 * 个人信息收集告知 and consent (PIPL arts. 14, 17, 29): a form that collects personal data
 * shows who collects it, why, how long it is kept and who sees it; the submitter accepts it,
 * and gives a separate consent (单独同意) when they answer a sensitive field. What they accepted
 * (the notice's version, a hash of its text) and when are stored with the submission.
 */
export interface ConsentNotice {
  text: string;
  /** A hash of the text: what the submitter accepted, exactly. */
  version: string;
  /** The personal fields, by label, and whether each is sensitive. */
  fields: Array<{ key: string; label: string; level: "personal" | "sensitive" }>;
  /** Whether a separate consent is asked (the form has sensitive fields). */
  sensitive: boolean;
}

export interface ConsentRecord {
  noticeVersion: string;
  acceptedAt: string;
  /** The separate consent to sensitive data was given. */
  sensitive: boolean;
}

export const ConsentGivenSchema = z.object({
  noticeVersion: z.string().max(64),
  notice: z.boolean(),
  sensitive: z.boolean().optional(),
});
export type ConsentGiven = z.output<typeof ConsentGivenSchema>;

/** The notice an office gets unless it writes its own (`privacyNotice` in the definition). */
export function defaultNotice(orgName: string, fields: ConsentNotice["fields"]): string {
  const labels = fields.map((field) => field.label).join("、");
  const sensitive = fields.filter((field) => field.level === "sensitive").map((field) => field.label);
  return [
    `收集者：${orgName}。`,
    `收集的个人信息：${labels}。`,
    "目的：仅用于办理本表单所述事项，不用于其他用途。",
    "谁能看到：本单位及上级统战部门的管理员和审核人员；其他人员看到的手机号、身份证号均已脱敏。查看完整信息须说明原因并留有记录。",
    sensitive.length > 0 ? `其中${sensitive.join("、")}属于敏感个人信息，加密保存，需要您单独同意。` : "",
    "保存期限：事项办结后按本单位档案规定保存，期满删除或匿名化。",
    "您可以在“我的个人信息”中查阅、更正，或申请删除。",
  ]
    .filter(Boolean)
    .join("\n");
}

/** The form's notice, or undefined when it collects no personal data. */
export function consentNotice(definition: FormDefinition, orgName: string): ConsentNotice | undefined {
  const fields = personalFieldsOf(definition);
  if (fields.length === 0) return undefined;
  const text = definition.privacyNotice?.trim() || defaultNotice(orgName, fields);
  return { text, version: createHash("sha256").update(text).digest("hex").slice(0, 16), fields, sensitive: fields.some((field) => field.level === "sensitive") };
}

/**
 * Checks a submission's consent against the notice and what it answers: the notice accepted in
 * the version shown, and the separate consent when a sensitive answer is given. Throws 422
 * naming `consent.notice` or `consent.sensitive`.
 */
export function checkConsent(notice: ConsentNotice, given: ConsentGiven | undefined, answered: readonly PersonalField[], at: string): ConsentRecord {
  if (answered.length === 0 && !given) return { noticeVersion: notice.version, acceptedAt: at, sensitive: false };
  if (!given?.notice) throw consentError("consent.notice", "请阅读并同意个人信息收集告知");
  if (given.noticeVersion !== notice.version) throw consentError("consent.notice", "个人信息收集告知已更新，请刷新后重新阅读并同意");
  const needsSensitive = answered.some((field) => field.level === "sensitive");
  if (needsSensitive && !given.sensitive) throw consentError("consent.sensitive", "填写身份证号、手机号等敏感个人信息须单独同意");
  return { noticeVersion: notice.version, acceptedAt: at, sensitive: Boolean(given.sensitive) };
}

function consentError(field: string, message: string): AppError {
  return new AppError("validation.failed", message, { fields: { [field]: [message] } });
}
