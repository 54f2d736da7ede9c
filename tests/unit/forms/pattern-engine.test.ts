import { describe, expect, it } from "vitest";
import { fieldErrorsFromIssues } from "@tongxin/core/errors";
import { compileForm, patternMatcher, validateDefinition } from "@tongxin/core/forms/index";
import { PATTERN_INPUT_MAX } from "@tongxin/core/forms/pattern";
import { type AppError } from "@tongxin/core/errors";

/** The catastrophic case from the probe: 28 characters that take a backtracking engine most of a second. */
const CATASTROPHIC = { pattern: "(a+)+b", input: `${"a".repeat(28)}!` };

function refusal(definition: unknown): Record<string, string[]> {
  try {
    validateDefinition(definition);
    return {};
  } catch (error) {
    return (error as AppError).fields ?? {};
  }
}

/** Shapes a backtracking engine takes exponential (or high polynomial) time on, as admins might write them. */
const BACKTRACKING = ["(a+)+b", "(a*)*b", "(\\d{1,3}\\.)+x", "([a-z]+\\.)+[a-z]{2,}", "(a|a)*b", "(a|ab)+c", "(?:x+y*)+z", "((a+))+b", "((a|b))+c", "\\d*\\d*\\d*\\d*x", ".*.*.*.*x"];

describe("admin-written field patterns: backtracking shapes refused when saved, the rest run natively on capped answers", () => {
  it("every backtracking-prone shape is refused when the form is saved, naming the pattern", () => {
    for (const pattern of BACKTRACKING) {
      const refused = refusal({ title: "t", fields: [{ key: "a", type: "text", label: "甲", pattern }] });
      expect(refused["fields.0.pattern"]?.[0], pattern).toMatch(/^正则表达式无效：/);
    }
  });

  it("a form stored before the check with a catastrophic pattern never runs it: the 28-character answer is refused with the form's own message", () => {
    // compileForm takes stored definitions as they are (no save-time check), as for a form saved long ago.
    const form = compileForm({ title: "登记", fields: [{ key: "code", type: "text", label: "编码", pattern: CATASTROPHIC.pattern, patternMessage: "编码格式不对" }] } as never);
    expect(patternMatcher(CATASTROPHIC.pattern).engine).toBe("refused");
    const result = form.safeParse({ code: CATASTROPHIC.input });
    expect(result.success).toBe(false);
    expect(fieldErrorsFromIssues(result.error!.issues)).toEqual({ code: ["编码格式不对"] });
  });

  it("a pattern that may be saved runs on the JavaScript engine, and never on an answer longer than the cap", () => {
    const matcher = patternMatcher("a+b");
    expect(matcher.engine).toBe("native");
    expect(matcher.test(`${"a".repeat(PATTERN_INPUT_MAX - 1)}b`)).toBe(true);
    expect(matcher.test(`${"a".repeat(PATTERN_INPUT_MAX)}b`)).toBe(false);
    const form = compileForm(validateDefinition({ title: "登记", fields: [{ key: "code", type: "text", label: "编码", maxLength: 5000, pattern: "a+b", patternMessage: "编码格式不对" }] }));
    expect(form.safeParse({ code: "aaaab" }).success).toBe(true);
    expect(fieldErrorsFromIssues(form.safeParse({ code: `${"a".repeat(4000)}b` }).error!.issues)).toEqual({ code: ["编码格式不对"] });
  });

  it("what admins write is accepted: phone, 邮编, names in Han, codes, a plain e-mail, fixed repetitions of a group", () => {
    for (const pattern of ["1[3-9]\\d{9}", "\\d{6}", "[\\u4e00-\\u9fa5]{2,4}", "\\p{Han}+", "[A-Z]{2}\\d+", "[^@\\s]+@[^@\\s]+\\.[a-z]+", "(\\d{3}-){2}\\d{4}", "是|否", "(?<year>\\d{4})年"]) {
      expect(refusal({ title: "t", fields: [{ key: "a", type: "text", label: "甲", pattern }] }), pattern).toEqual({});
      expect(patternMatcher(pattern).engine, pattern).toBe("native");
    }
  });

  it("patterns keep their meaning: whole answer, alternation, Han script either way it is written", () => {
    expect(patternMatcher("\\d{6}").test("200030")).toBe(true);
    expect(patternMatcher("\\d{6}").test("2000301")).toBe(false);
    expect(patternMatcher("是|否").test("是")).toBe(true);
    expect(patternMatcher("是|否").test("是否")).toBe(false);
    expect(patternMatcher("\\p{Script=Han}+").test("同心")).toBe(true);
    expect(patternMatcher("\\p{Han}+").test("abc")).toBe(false);
    expect(patternMatcher("[\\u4e00-\\u9fa5]{2,4}").test("王小明")).toBe(true);
  });

  it("a pattern that needs backtracking (back-reference, look-ahead) is refused when the form is saved", () => {
    const form = (pattern: string) => ({ title: "t", fields: [{ key: "a", type: "text", label: "甲", pattern }] });
    expect(refusal(form("(a)\\1"))["fields.0.pattern"]?.[0]).toMatch(/^正则表达式无效：/);
    expect(refusal(form("(?=a)a"))["fields.0.pattern"]?.[0]).toMatch(/^正则表达式无效：/);
    expect(refusal(form("(?<x>a)\\k<x>"))["fields.0.pattern"]?.[0]).toMatch(/^正则表达式无效：/);
    expect(refusal(form("(?<!a)b"))["fields.0.pattern"]?.[0]).toMatch(/^正则表达式无效：/);
  });
});
