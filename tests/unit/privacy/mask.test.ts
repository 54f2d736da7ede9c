import { describe, expect, it } from "vitest";
import { FormDefinitionSchema } from "@tongxin/core/forms/definition";
import { maskSubmission, personalAnswers, personalFieldsOf, privacyOf } from "@tongxin/core/forms/personal-fields";
import { maskEmail, maskIdCard, maskPhone, maskText, maskValue } from "@tongxin/core/privacy/mask";

describe("脱敏 of single values", () => {
  it("masks a mobile as 139****8830 and a 身份证号 as 3101**********1234", () => {
    expect(maskPhone("13912348830")).toBe("139****8830");
    expect(maskIdCard("310104199001011234")).toBe("3101**********1234");
    expect(maskEmail("zhang@example.com")).toBe("z***@example.com");
    expect(maskText("张三丰")).toBe("张**");
  });

  it("never returns the value itself, whatever its shape", () => {
    expect(maskPhone("12")).toBe("**");
    expect(maskIdCard("ABC")).toBe("***");
    expect(maskValue("text", ["a", "b"])).toBe("***");
    expect(maskValue("phone", undefined)).toBeUndefined();
  });
});

const definition = FormDefinitionSchema.parse({
  title: "入会申请",
  fields: [
    { key: "name", type: "text", label: "姓名", privacy: "personal" },
    { key: "idNumber", type: "idcard", label: "身份证号" },
    { key: "mobile", type: "phone", label: "手机" },
    { key: "office", type: "phone", label: "单位总机", privacy: "none" },
    { key: "note", type: "text", label: "备注" },
    { key: "family", type: "group", label: "家庭成员", fields: [{ key: "who", type: "text", label: "姓名" }, { key: "tel", type: "phone", label: "电话" }] },
  ],
});

describe("masking follows the marking in the definition", () => {
  it("身份证号 and phone fields are sensitive unless marked otherwise; others only when marked", () => {
    const levels = Object.fromEntries(definition.fields.map((field) => [field.key, privacyOf(field)]));
    expect(levels).toEqual({ name: "personal", idNumber: "sensitive", mobile: "sensitive", office: "none", note: "none", family: "none" });
    expect(personalFieldsOf(definition).map((field) => [field.key, field.level])).toEqual([
      ["name", "personal"],
      ["idNumber", "sensitive"],
      ["mobile", "sensitive"],
      ["family.tel", "sensitive"],
    ]);
  });

  it("masks each personal answer, groups' rows too, and leaves the rest", () => {
    const data = {
      name: "孙悦",
      idNumber: "11010519491231002X",
      mobile: "13912348830",
      office: "02164001234",
      note: "无",
      family: [{ who: "孙父", tel: "13700001111" }],
    };
    const personal = personalAnswers(definition, data);
    expect(personal.map((field) => field.path)).toEqual(["name", "idNumber", "mobile", "family.0.tel"]);
    const masked = maskSubmission({ data, personal });
    expect(masked.data).toEqual({ name: "孙*", idNumber: "1101**********002X", mobile: "139****8830", office: "02164001234", note: "无", family: [{ who: "孙父", tel: "137****1111" }] });
    expect(masked.masked).toEqual(["name", "idNumber", "mobile", "family.0.tel"]);
    expect(data.family[0]!.tel).toBe("13700001111");
  });

  it("a record from before the marking is masked by how its values look", () => {
    const masked = maskSubmission({ data: { a: "13912348830", b: "11010519491231002X", c: "普通文字", rows: [{ t: "13700001111" }] } });
    expect(masked.data).toEqual({ a: "139****8830", b: "1101**********002X", c: "普通文字", rows: [{ t: "137****1111" }] });
  });
});
