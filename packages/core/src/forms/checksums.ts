/**
 * Check characters of the two national identifiers forms ask for, and the calendar checks
 * dates need (a 身份证号 holds a birth date). Pure, for browser and server.
 */

/** The years a date or time may fall in: a year like 9999 or 0001 is a typo, never a real event or birthday. */
export const YEAR_RANGE = { min: 1900, max: 2100 } as const;

/**
 * Whether a `YYYY-MM-DD…` value's year lies in {@link YEAR_RANGE}.
 * @example inYearRange("9999-01-01") // false
 */
export function inYearRange(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= YEAR_RANGE.min && year <= YEAR_RANGE.max;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = "10X98765432";
const ID_FORMAT = /^[1-9]\d{5}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

/**
 * The check character (0-9 or X) of a 居民身份证号 from its first 17 digits, per GB 11643-1999.
 * @example idCardCheckChar("11010519491231002") // "X"
 */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/**
 * Whether a string is an 18-character 身份证号: region digits, a real birth date from 1900 on,
 * a sequence number and the right check character (upper-case X; normalize before calling).
 * @example isIdCardNumber("11010519491231002X") // true
 */
export function isIdCardNumber(value: string): boolean {
  const match = ID_FORMAT.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  if (Number(year) < 1900 || !isCalendarDate(`${year}-${month}-${day}`)) return false;
  return idCardCheckChar(value.slice(0, 17)) === value[17];
}

/** 统一社会信用代码 characters: digits and upper-case letters without I, O, S, V, Z. */
const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC_FORMAT = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/**
 * The check character of a 统一社会信用代码 from its first 17 characters, per GB 32100-2015.
 * @example usccCheckChar("91350100M000100Y4") // "3"
 */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/**
 * Whether a string is an 18-character 统一社会信用代码 with the right check character
 * (upper case; normalize before calling).
 * @example isUscc("91350100M000100Y43") // true
 */
export function isUscc(value: string): boolean {
  return USCC_FORMAT.test(value) && usccCheckChar(value.slice(0, 17)) === value[17];
}

/**
 * Whether a string is a real calendar date written `YYYY-MM-DD` (no 2月30日).
 * @example isCalendarDate("2024-02-29") // true
 */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * Whether a string is a local date and time written `YYYY-MM-DDTHH:mm` (what
 * `<input type="datetime-local">` gives; Asia/Shanghai implied, no seconds, no zone).
 * @example isLocalDateTime("2024-05-01T14:30") // true
 */
export function isLocalDateTime(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  return !!match && isCalendarDate(match[1]!) && Number(match[2]) < 24 && Number(match[3]) < 60;
}
