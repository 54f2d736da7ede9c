/**
 * 脱敏: how a personal value reads to someone whose role does not need it in full. Pure
 * functions, no I/O; the read paths call `maskValue` (or a caller built on it) at the answer
 * boundary.
 */

/** What a value is, which decides how it is masked. */
export type PersonalKind = "phone" | "idcard" | "email" | "text";

/** How personal a field is: `sensitive` (PIPL art. 28: 身份证号, and phones here) is also encrypted at rest and needs separate consent. */
export type PrivacyLevel = "none" | "personal" | "sensitive";

export const PRIVACY_LEVELS = ["none", "personal", "sensitive"] as const satisfies readonly PrivacyLevel[];

/**
 * @example maskPhone("13912348830") // "139****8830"
 * @example maskPhone("021-1234")    // "0*****34" (not a mobile: keep the ends only)
 */
export function maskPhone(phone: string): string {
  if (/^\d{11}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return maskEnds(phone, 1, 2);
}

/**
 * @example maskIdCard("310104199001011234") // "3101**********1234"
 */
export function maskIdCard(id: string): string {
  if (id.length === 18) return `${id.slice(0, 4)}${"*".repeat(10)}${id.slice(14)}`;
  return maskEnds(id, 2, 2);
}

/** @example maskEmail("zhang@example.com") // "z***@example.com" */
export function maskEmail(email: string): string {
  const at = email.indexOf("@");
  return at > 0 ? `${email[0]}***${email.slice(at)}` : maskEnds(email, 1, 0);
}

/** @example maskText("张三丰") // "张**" */
export function maskText(text: string): string {
  return maskEnds(text, 1, 0);
}

function maskEnds(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return "*".repeat(Math.max(chars.length, 1));
  return chars.slice(0, head).join("") + "*".repeat(chars.length - head - tail) + (tail > 0 ? chars.slice(-tail).join("") : "");
}

/** A masked value of any shape: strings by kind; anything else (a date, a number, a list) as "***". */
export function maskValue(kind: PersonalKind, value: unknown): unknown {
  if (value === undefined || value === null || value === "") return value;
  if (typeof value !== "string") return "***";
  switch (kind) {
    case "phone":
      return maskPhone(value);
    case "idcard":
      return maskIdCard(value);
    case "email":
      return maskEmail(value);
    case "text":
      return maskText(value);
  }
}

/** Values that look like a mobile number or a 身份证号 (for records written before fields were marked). */
export function kindByLook(value: unknown): PersonalKind | undefined {
  if (typeof value !== "string") return undefined;
  if (/^1[3-9]\d{9}$/.test(value)) return "phone";
  if (/^\d{17}[\dX]$/.test(value)) return "idcard";
  return undefined;
}
