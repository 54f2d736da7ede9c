import { RE2JS } from "re2js";
import type { Field, FileField, GroupField } from "./definition";

export const TEXT_MAX_LENGTH = 200;
export const TEXTAREA_MAX_LENGTH = 5000;
export const GROUP_MAX_ROWS = 50;
export const FILE_MAX_SIZE_MB = 10;
export const FILE_MAX_FILES = 1;
export { inYearRange, YEAR_RANGE } from "./checksums";
export const IMAGE_TYPES: readonly string[] = ["image/jpeg", "image/png", "image/webp"];
/** What a file field accepts when its definition names no types: PDF, images, office documents, plain text. */
export const DEFAULT_FILE_TYPES: readonly string[] = [
  "application/pdf",
  "image/jpeg",
  "image/png",
  "image/webp",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "text/plain",
];

/**
 * The longest answer a text field takes, with the default filled in.
 * @example maxLengthOf({ type: "textarea", key: "summary", label: "活动小结" }) // 5000
 */
export function maxLengthOf(field: Extract<Field, { type: "text" | "textarea" }>): number {
  return field.maxLength ?? (field.type === "textarea" ? TEXTAREA_MAX_LENGTH : TEXT_MAX_LENGTH);
}

/** The lowest amount (分) a money field takes: 0 unless the definition allows negatives. */
export function moneyMinOf(field: Extract<Field, { type: "money" }>): number {
  return field.min ?? 0;
}

/**
 * What a file or image field allows, with the defaults filled in. MIME types match exactly.
 * @example fileRuleOf({ type: "image", key: "photos", label: "活动照片", maxFiles: 9 })
 * // { accept: ["image/jpeg", "image/png", "image/webp"], maxSizeMB: 10, maxFiles: 9 }
 */
export function fileRuleOf(field: FileField): { accept: readonly string[]; maxSizeMB: number; maxFiles: number } {
  const accept = field.accept && field.accept.length > 0 ? field.accept : field.type === "image" ? IMAGE_TYPES : DEFAULT_FILE_TYPES;
  return { accept, maxSizeMB: field.maxSizeMB ?? FILE_MAX_SIZE_MB, maxFiles: field.maxFiles ?? FILE_MAX_FILES };
}

export function maxRowsOf(field: GroupField): number {
  return field.maxRows ?? GROUP_MAX_ROWS;
}

/** A compiled field pattern, run by a linear-time engine (RE2): no input can make it backtrack. */
export interface PatternMatcher {
  readonly engine: "re2";
  /** Whether the whole answer matches (as with HTML's `pattern` attribute). */
  test(value: string): boolean;
}

/** RE2 names scripts bare (`\p{Han}`); JavaScript also writes them `\p{Script=Han}` or `\p{sc=Han}`. */
const SCRIPT_PROPERTY = /\\([pP])\{(?:Script|sc|Script_Extensions|scx)=([A-Za-z_]+)\}/g;

/**
 * The matcher a text field's `pattern` stands for. Admins write patterns, so they run on RE2
 * (re2js), in the browser and the API alike: time linear in the answer's length whatever the
 * pattern, where a backtracking engine takes seconds on `(a+)+b` and 30 characters.
 * Back-references and look-arounds, which need backtracking, do not compile (refused when the
 * form is saved).
 * @throws RE2JSSyntaxException when the pattern is not valid RE2 syntax.
 * @example patternMatcher("\\d{6}").test("200030") // true
 */
export function patternMatcher(pattern: string): PatternMatcher {
  const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern.replace(SCRIPT_PROPERTY, "\\$1{$2}")));
  return { engine: "re2", test: (value) => compiled.matches(value) };
}
