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

export { patternMatcher, patternProblem, type PatternMatcher } from "./pattern";
