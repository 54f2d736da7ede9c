/**
 * The server's password rule: light enough for the API's bundle (the web page adds zxcvbn-ts's
 * strength meter on top, see web/src/auth/PasswordStrength.tsx). A password is refused when it
 * is short, among the passwords most often leaked (English and Chinese favourites), one short
 * piece repeated, a straight run of letters or digits, digits only and under 12, or contains
 * the account's own phone number, name or e-mail name. Pure: used by the API and the web page.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Who the password belongs to: what it must not contain. */
export interface PasswordOwner {
  phone?: string;
  name?: string;
  email?: string;
}

// Lower-cased; compared with the lower-cased password. Leaked-password lists' top entries of 8+
// characters, and the Chinese favourites (dates, "I love you", lucky numbers, pinyin).
const COMMON = new Set([
  "password", "password1", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "12345678", "123456789", "1234567890",
  "87654321", "11111111", "00000000", "88888888", "66666666", "99999999", "12341234", "11223344", "123123123",
  "qwertyui", "qwertyuiop", "qwerty123", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "1qazxsw2", "zaq12wsx", "qazwsxedc",
  "asdfghjkl", "asdfasdf", "zxcvbnm1", "abcd1234", "abc12345", "abcdefg1", "a1234567", "a12345678", "aa123456",
  "iloveyou", "iloveyou1", "sunshine", "princess", "football", "baseball", "superman", "trustno1", "welcome1",
  "letmein1", "admin123", "admin1234", "administrator", "changeme", "computer", "internet", "whatever", "starwars",
  "dragon123", "monkey123", "woaini1314", "woaini520", "5201314520", "52013141", "1314520520", "wodemima", "mima1234",
  "zhang123", "wang1234", "li123456", "qq123456", "q1w2e3r4", "woaini123", "aini1314", "5211314", "77777777",
  "tongxin123", "tongxin2026", "xinlianhui", "zhilianhui",
]);

const STRAIGHT = (chars: string) => {
  const codes = [...chars].map((char) => char.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  return (step === 1 || step === -1) && codes.every((code, index) => index === 0 || code - codes[index - 1]! === step);
};

/**
 * Why a password may not be used, in words for its owner; undefined when it may.
 * @example passwordProblem("12345678", {}) // "这个密码太常见，容易被猜到"
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `密码至少${PASSWORD_MIN_LENGTH}位`;
  if (length > PASSWORD_MAX_LENGTH) return `密码最多${PASSWORD_MAX_LENGTH}位`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "这个密码太常见，容易被猜到";
  const digits = owner.phone?.replace(/\D/g, "") ?? "";
  if (digits.length >= 7 && (password.replace(/\D/g, "").includes(digits) || password.includes(digits.slice(-8)))) return "密码不能包含手机号";
  const name = owner.name?.trim().toLowerCase();
  if (name && [...name].length >= 2 && lower.includes(name)) return "密码不能包含姓名";
  const mailbox = owner.email?.split("@")[0]?.toLowerCase();
  if (mailbox && mailbox.length >= 4 && lower.includes(mailbox)) return "密码不能包含邮箱名";
  if (/^(.{1,4})\1+$/su.test(lower)) return "密码不能是重复的字符";
  if (STRAIGHT(lower)) return "密码不能是连续的字母或数字";
  if (/^\d+$/.test(password) && length < 12) return "纯数字密码至少12位";
  return undefined;
}
