import { maskEmail, maskIdCard, maskPhone } from "../privacy/mask";

/**
 * A member record as the roll shows it: phone and e-mail masked (脱敏). The full record is
 * given only through 查看完整 (POST /orgs/:orgId/members/:accountId/reveal), which is logged.
 */
export function maskMember<T extends { phone: string; email?: string; idNumber?: string }>(member: T): T & { masked: string[] } {
  return {
    ...member,
    phone: maskPhone(member.phone),
    ...(member.email ? { email: maskEmail(member.email) } : {}),
    // The store reads the 身份证号 in its masked form already (members/id-number.ts); masking it again changes nothing.
    ...(member.idNumber ? { idNumber: maskIdCard(member.idNumber) } : {}),
    masked: ["phone", ...(member.email ? ["email"] : []), ...(member.idNumber ? ["idNumber"] : [])],
  };
}

/** The labels of a member's personal fields shown in full, for the access log. */
export const MEMBER_PERSONAL_LABELS: Record<string, string> = { phone: "手机", email: "邮箱", idNumber: "身份证号" };
