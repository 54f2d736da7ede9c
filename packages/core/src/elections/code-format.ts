/**
 * How a voting code is written (pure: the browser's card scanner and desk input use it too).
 *
 * A code is 80 random bits in Crockford base32: 16 characters, printed in groups of four
 * (`7K3M-Q9TR-2XHD-W4PN`), short enough to type at the check-in desk or on a phone when a QR
 * code will not scan. Codes printed before this change are 128 bits (26 characters, groups of
 * five) and stay valid: both lengths are well-formed; the hash covers whatever was issued.
 *
 * Why 80 bits is enough (README "Codes and rate limits"): guessing is limited per address (5 wrong
 * codes a minute, `code-throttle.ts`), never election-wide, so the entropy alone must defeat a
 * guesser with many addresses. Take an election with 10,000 live codes and a million addresses
 * each guessing 5 a minute for a whole day: 10^6 × 5 × 1,440 = 7.2 × 10^9 guesses, each a hit with
 * probability 10^4 / 2^80 ≈ 8.3 × 10^-21, so ≈ 6 × 10^-11 for the day. A 12-character (60-bit)
 * code would give ≈ 6 × 10^-5 — too close for an election — hence 16. Offline, from a leaked
 * table of SHA-256 digests, 2^80 / 10^4 ≈ 1.2 × 10^20 hashes per hit is centuries of a GPU, and a
 * code is worth something only while its vote is open.
 */
export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Characters of a code issued now (80 bits) and of one issued before (128 bits). */
export const CODE_LENGTH = 16;
export const LEGACY_CODE_LENGTH = 26;

/** Upper-cases and drops separators; Crockford's look-alikes (O→0, I/L→1) are forgiven. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/** Whether `code` (as typed or scanned) can be a voting code: 16 or 26 characters of the alphabet. */
export function isWellFormedCode(code: string): boolean {
  const normal = normalizeCode(code);
  return (normal.length === CODE_LENGTH || normal.length === LEGACY_CODE_LENGTH) && /^[0-9A-HJKMNP-TV-Z]+$/.test(normal);
}

/** A code as printed: groups of four (16 characters) or five (26, as those cards were printed). */
export function printedCode(code: string): string {
  const normal = normalizeCode(code);
  const size = normal.length === LEGACY_CODE_LENGTH ? 5 : 4;
  return normal.match(new RegExp(`.{1,${size}}`, "g"))?.join("-") ?? "";
}
