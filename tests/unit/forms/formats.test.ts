import { describe, expect, it } from "vitest";
import { compileForm, formatById, formatOfPattern, patternMatcher, patternMessageOf, TEXT_FORMATS, validateDefinition } from "@tongxin/core/forms/index";
import { patternProblem } from "@tongxin/core/forms/limits";

describe("常用格式 (named text formats)", () => {
  it("every named format is a pattern the definition check accepts, matching its own example", () => {
    expect(TEXT_FORMATS.map((format) => format.name)).toEqual(expect.arrayContaining(["邮政编码", "座机", "手机号", "6位数字", "身份证号"]));
    for (const format of TEXT_FORMATS) {
      expect(patternProblem(format.pattern), format.name).toBeUndefined();
      expect(patternMatcher(format.pattern).test(format.example), format.name).toBe(true);
    }
  });

  it("map names and patterns both ways; a hand-written pattern is none of them", () => {
    for (const format of TEXT_FORMATS) {
      expect(formatOfPattern(format.pattern)).toBe(format);
      expect(formatById(format.id)).toBe(format);
    }
    expect(formatOfPattern("\\d{5}")).toBeUndefined();
    expect(formatOfPattern(undefined)).toBeUndefined();
  });

  it("tell right from wrong answers", () => {
    const test = (id: string, value: string) => patternMatcher(formatById(id)!.pattern).test(value);
    expect([test("postcode", "201100"), test("postcode", "20110"), test("postcode", "901100")]).toEqual([true, false, false]);
    expect([test("landline", "021-64120000"), test("landline", "02164120000"), test("landline", "0755-8888888-12"), test("landline", "64120000")]).toEqual([true, true, true, false]);
    expect([test("digits6", "012345"), test("digits6", "12345a")]).toEqual([true, false]);
    expect([test("idcard", "31011219900101123X"), test("idcard", "3101121990010112")]).toEqual([true, false]);
    expect([test("chinese", "欧阳·娜娜"), test("chinese", "Zhang")]).toEqual([true, false]);
  });

  it("name the format when an answer does not match, unless the office wrote its own message", () => {
    expect(patternMessageOf({ label: "邮编", pattern: formatById("postcode")!.pattern })).toBe("邮编须为6位邮政编码");
    expect(patternMessageOf({ label: "邮编", pattern: formatById("postcode")!.pattern, patternMessage: "请填写邮编" })).toBe("请填写邮编");
    expect(patternMessageOf({ label: "代码", pattern: "[A-Z]{3}" })).toBe("代码格式不正确");

    const definition = validateDefinition({ title: "t", fields: [{ key: "zip", type: "text", label: "邮政编码", pattern: formatById("postcode")!.pattern }] });
    const result = compileForm(definition).safeParse({ zip: "12ab" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(["邮政编码须为6位邮政编码"]);
  });
});
