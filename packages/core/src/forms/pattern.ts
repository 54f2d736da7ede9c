/**
 * Admin-written field patterns (`pattern` on text fields), run by the JavaScript engine itself.
 *
 * A backtracking engine takes seconds on `(a+)+b` and 30 characters, so a pattern is checked
 * before a form is saved and refused when its shape can backtrack badly:
 * - a variable-length repetition inside another repetition (`(a+)+`, `(\d{1,3}\.)+`): exponential;
 * - an alternation inside a repetition (`(a|ab)*`): exponential;
 * - more than three variable-length repetitions in one pattern: each one multiplies the work
 *   on a failing answer (polynomial, degree = their number);
 * - back-references and look-arounds, which only a backtracking engine has.
 * What is left runs in at most cubic time, and only on answers of at most PATTERN_INPUT_MAX
 * characters (a longer answer does not match), so one answer costs at most a few
 * million steps whatever the pattern. The browser and the API use this one module, through
 * the one compiled schema (forms/compile.ts). Pure: no I/O.
 */

/** The longest answer a pattern is run on; a longer one does not match. */
export const PATTERN_INPUT_MAX = 500;
/** The most variable-length repetitions (`*`, `+`, `{m,n}` with m < n) one pattern may have. */
export const PATTERN_MAX_REPEATS = 3;

/** A compiled field pattern: whole-answer match, refused shapes never run. */
export interface PatternMatcher {
  /** `native` runs the JavaScript engine on a pattern that passed `patternProblem`; `refused` matches nothing. */
  readonly engine: "native" | "refused";
  /** Whether the whole answer matches (as with HTML's `pattern` attribute). */
  test(value: string): boolean;
}

interface Quantifier {
  min: number;
  max: number;
  length: number;
}

/** The quantifier at `at`, if any: `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (with an optional lazy `?`). */
function quantifierAt(pattern: string, at: number): Quantifier | undefined {
  const char = pattern[at];
  const lazy = (length: number) => (pattern[at + length] === "?" ? length + 1 : length);
  if (char === "*") return { min: 0, max: Infinity, length: lazy(1) };
  if (char === "+") return { min: 1, max: Infinity, length: lazy(1) };
  if (char === "?") return { min: 0, max: 1, length: lazy(1) };
  if (char !== "{") return undefined;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
  if (!braces) return undefined;
  const min = Number(braces[1]);
  const max = braces[2] === undefined ? min : braces[3] === "" ? Infinity : Number(braces[3]);
  return { min, max, length: lazy(braces[0].length) };
}

/** The length of the escape at `at` (a backslash): `\d`, `\u{1F600}`, `\uFFFF`, `\p{Han}`, `\x41`, `\cA`… */
function escapeLength(pattern: string, at: number): number {
  const rest = pattern.slice(at + 1);
  const long = /^(?:[pP]\{[^}]*\}|u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|c[A-Za-z]|k<[^>]*>)/.exec(rest);
  return 1 + (long ? long[0].length : 1);
}

/** One open group while scanning: whether it has `|` and a variable-length repetition inside. */
interface Group {
  alternation: boolean;
  variable: boolean;
}

/**
 * Why a pattern is refused, in the words the form builder shows (正则表达式无效：…), or
 * undefined when it may be saved and run.
 * @example patternProblem("(a+)+b") // "重复中嵌套了可变长度的重复（如 (a+)+），可能导致回溯爆炸"
 * @example patternProblem("1[3-9]\\d{9}") // undefined
 */
export function patternProblem(pattern: string): string | undefined {
  pattern = inJavaScript(pattern);
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    return (error as Error).message;
  }
  const groups: Group[] = [{ alternation: false, variable: false }];
  let repeats = 0;
  let at = 0;
  while (at < pattern.length) {
    const char = pattern[at]!;
    let atomEnd: number;
    let closed: Group | undefined;
    if (char === "\\") {
      const next = pattern[at + 1]!;
      if (/[1-9]/.test(next) || next === "k") return "不支持反向引用（如 \\1）";
      atomEnd = at + escapeLength(pattern, at);
    } else if (char === "[") {
      // A character class is one atom: find its closing bracket, skipping escapes.
      let end = at + 1;
      if (pattern[end] === "^") end += 1;
      if (pattern[end] === "]") end += 1;
      while (end < pattern.length && pattern[end] !== "]") end += pattern[end] === "\\" ? escapeLength(pattern, end) : 1;
      atomEnd = end + 1;
    } else if (char === "(") {
      if (/^\(\?(?:[=!]|<[=!])/.test(pattern.slice(at))) return "不支持前瞻或后顾断言（如 (?=…)）";
      const prefix = /^\((?:\?:|\?<[^>]+>)?/.exec(pattern.slice(at))![0];
      groups.push({ alternation: false, variable: false });
      at += prefix.length;
      continue;
    } else if (char === ")") {
      closed = groups.pop()!;
      atomEnd = at + 1;
    } else if (char === "|") {
      groups[groups.length - 1]!.alternation = true;
      at += 1;
      continue;
    } else {
      atomEnd = at + 1;
    }
    const quantifier = quantifierAt(pattern, atomEnd);
    const current = groups[groups.length - 1]!;
    if (closed) {
      // What the group held counts for the group it sits in too.
      current.alternation ||= closed.alternation;
      current.variable ||= closed.variable;
    }
    if (quantifier) {
      const repeating = quantifier.max > 1;
      if (closed && repeating && closed.variable) return "重复中嵌套了可变长度的重复（如 (a+)+），可能导致回溯爆炸";
      if (closed && repeating && closed.alternation) return "重复中含有“|”分支（如 (a|ab)*），可能导致回溯爆炸，请改用字符集 [ ]";
      if (quantifier.min !== quantifier.max && repeating) {
        repeats += 1;
        current.variable = true;
      }
      atomEnd += quantifier.length;
    }
    at = atomEnd;
  }
  if (repeats > PATTERN_MAX_REPEATS) return `可变长度的重复（*、+、{m,n}）最多 ${PATTERN_MAX_REPEATS} 处`;
  return undefined;
}

/** A bare property that is no JavaScript property name: RE2's script name (`\p{Han}`), which JavaScript writes `\p{Script=Han}`. */
const BARE_PROPERTY = /\\([pP])\{([A-Za-z_]+)\}/g;

/** The pattern in JavaScript's syntax: patterns saved for RE2 name scripts bare (`\p{Han}`). */
function inJavaScript(pattern: string): string {
  return pattern.replace(BARE_PROPERTY, (escape, letter: string, name: string) => {
    try {
      new RegExp(escape, "u");
      return escape;
    } catch {
      return `\\${letter}{Script=${name}}`;
    }
  });
}

/** Nothing matches a refused pattern: a form saved before the check keeps refusing, never hangs. */
const REFUSED: PatternMatcher = { engine: "refused", test: () => false };

/**
 * The matcher a text field's `pattern` stands for: the whole answer, Unicode-aware (`\p{Han}`,
 * `\p{Script=Han}`), at most PATTERN_INPUT_MAX characters. A pattern `patternProblem` refuses
 * (only a form stored before the check can hold one) matches nothing.
 * @example patternMatcher("\\d{6}").test("200030") // true
 */
export function patternMatcher(pattern: string): PatternMatcher {
  if (patternProblem(pattern) !== undefined) return REFUSED;
  const compiled = new RegExp(`^(?:${inJavaScript(pattern)})$`, "u");
  return { engine: "native", test: (value) => value.length <= PATTERN_INPUT_MAX && compiled.test(value) };
}
