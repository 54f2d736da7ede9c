/**
 * 常用格式: the text formats an office offers by name (邮政编码, 座机, 6位数字 …) instead of a
 * regular expression. A definition still stores `pattern` (the API, exports and old forms know
 * nothing else); this module is the one map between the names and those patterns, used by the
 * builder (which shows the name) and by validation (whose default message names the format).
 * Every pattern here passes `patternProblem`. Pure: no I/O.
 */

export interface TextFormat {
  /** Stable id, for the builder's picker. */
  id: string;
  /** What the builder shows (常用格式). */
  name: string;
  /** The pattern saved on the field (a whole-answer match, as `patternMatcher` runs it). */
  pattern: string;
  /** What a filler is told when the answer does not match, after the field's label: "须为6位邮政编码". */
  requirement: string;
  /** An answer that matches, shown to the office as an example. */
  example: string;
}

export const TEXT_FORMATS: readonly TextFormat[] = [
  { id: "postcode", name: "邮政编码", pattern: "[0-8]\\d{5}", requirement: "须为6位邮政编码", example: "201100" },
  { id: "landline", name: "座机", pattern: "0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?", requirement: "须为座机号码（区号-号码，如 021-64120000）", example: "021-64120000" },
  { id: "mobile", name: "手机号", pattern: "1[3-9]\\d{9}", requirement: "须为11位手机号", example: "13800000000" },
  { id: "digits6", name: "6位数字", pattern: "\\d{6}", requirement: "须为6位数字", example: "123456" },
  { id: "idcard", name: "身份证号", pattern: "\\d{17}[\\dXx]", requirement: "须为18位身份证号", example: "310112199001011234" },
  { id: "digits", name: "纯数字", pattern: "\\d+", requirement: "只能填数字", example: "2026" },
  { id: "chinese", name: "汉字", pattern: "[\\p{Script=Han}·]+", requirement: "只能填汉字", example: "张晓雯" },
  { id: "alnum", name: "英文字母和数字", pattern: "[A-Za-z0-9]+", requirement: "只能填英文字母和数字", example: "A1024" },
];

/** The named format a saved pattern is, if it is one (exact match of the stored text). */
export function formatOfPattern(pattern: string | undefined): TextFormat | undefined {
  if (pattern === undefined) return undefined;
  return TEXT_FORMATS.find((format) => format.pattern === pattern);
}

/** The named format with this id. */
export function formatById(id: string): TextFormat | undefined {
  return TEXT_FORMATS.find((format) => format.id === id);
}

/**
 * What a filler is told when an answer does not match the field's pattern: the office's own
 * `patternMessage`, else the named format's requirement, else a plain "格式不正确".
 * @example patternMessageOf({ label: "邮编", pattern: "[0-8]\\d{5}" }) // "邮编须为6位邮政编码"
 */
export function patternMessageOf(field: { label: string; pattern?: string; patternMessage?: string }): string {
  if (field.patternMessage) return field.patternMessage;
  const format = formatOfPattern(field.pattern);
  return format ? `${field.label}${format.requirement}` : `${field.label}格式不正确`;
}
