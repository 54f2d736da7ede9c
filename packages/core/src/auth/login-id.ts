/** Mainland mobile number: 11 digits starting with 1[3-9]. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/**
 * The canonical form of a login (phone or email) used as its unique key: phones lose
 * spaces, dashes and a +86 prefix; emails are lower-cased.
 * @example normalizeLogin(" +86 138-0000-0000 ") // "13800000000"
 */
export function normalizeLogin(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.includes("@")) return trimmed.toLowerCase();
  const digits = trimmed.replace(/[\s-]/g, "").replace(/^(\+?86)(?=1\d{10}$)/, "");
  return digits;
}
