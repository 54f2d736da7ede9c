import { describe, expect, it } from "vitest";
import { fieldErrorsFromIssues } from "@tongxin/core/errors";
import { compileForm, patternMatcher, validateDefinition } from "@tongxin/core/forms/index";
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

describe("admin-written field patterns run on a linear-time engine", () => {
  it("the pattern a form compiles to is RE2's, which cannot backtrack", () => {
    expect(patternMatcher(CATASTROPHIC.pattern).engine).toBe("re2");
    expect(patternMatcher(CATASTROPHIC.pattern)).not.toBeInstanceOf(RegExp);
  });

  it("the 28-character catastrophic answer is judged (refused) with the form's own message", () => {
    const form = compileForm(validateDefinition({ title: "登记", fields: [{ key: "code", type: "text", label: "编码", pattern: CATASTROPHIC.pattern, patternMessage: "编码格式不对" }] }));
    const result = form.safeParse({ code: CATASTROPHIC.input });
    expect(result.success).toBe(false);
    expect(fieldErrorsFromIssues(result.error!.issues)).toEqual({ code: ["编码格式不对"] });
    expect(form.safeParse({ code: "aaaab" }).success).toBe(true);
    const long = form.safeParse({ code: `${"a".repeat(190)}!` });
    expect(long.success).toBe(false);
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
    expect(refusal(form("(a+)+b"))).toEqual({});
  });
});
