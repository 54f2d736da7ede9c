import { describe, expect, it } from "vitest";
import { AppError } from "@tongxin/core/errors";
import { validateDefinition, type FormDefinition } from "@tongxin/core/forms/index";
import { activityProposal } from "./fixtures";

/** The field errors a refused definition reports; fails the test if it is accepted. */
function refusal(definition: unknown): Record<string, string[]> {
  try {
    validateDefinition(definition);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("form.invalid_definition");
    expect((error as AppError).status).toBe(422);
    return (error as AppError).fields ?? {};
  }
  throw new Error("expected the definition to be refused");
}

const form = (...fields: unknown[]) => ({ title: "测试表单", fields });
const text = (key: string, extra: object = {}) => ({ key, type: "text", label: `字段${key}`, ...extra });
const choice = (key: string, values: string[], extra: object = {}) => ({
  key,
  type: "select",
  label: `选项${key}`,
  options: values.map((value) => ({ value, label: value })),
  ...extra,
});

describe("a valid definition", () => {
  it("is returned normalized: labels trimmed, unknown properties dropped", () => {
    const definition = validateDefinition({ ...form(text("a", { label: "  姓名 ", placeholder: "x" })), extra: true });
    expect(definition).toEqual({ title: "测试表单", fields: [{ key: "a", type: "text", label: "姓名" }] });
  });

  it("accepts the activity proposal with every condition kind", () => {
    const definition: FormDefinition = validateDefinition(activityProposal);
    expect(definition.fields.map((field) => field.key)).toContain("budget");
  });

  it("survives a JSON round trip unchanged", () => {
    const definition = validateDefinition(activityProposal);
    expect(validateDefinition(JSON.parse(JSON.stringify(definition)))).toEqual(definition);
  });
});

describe("an invalid definition is refused with the field and the reason", () => {
  it("when it is not a form at all", () => {
    expect(refusal(null)).toHaveProperty([""]);
    expect(refusal({ title: "", fields: [] })).toMatchObject({ title: ["请填写表单标题"], fields: ["表单至少要有一个字段"] });
  });

  it("when a field has an unknown type, a bad key or no label", () => {
    expect(refusal(form({ key: "a", type: "slider", label: "A" }))).toEqual({ "fields.0.type": ["字段类型无效"] });
    expect(refusal(form(text("1abc")))).toHaveProperty(["fields.0.key"]);
    expect(refusal(form(text("a", { label: " " })))).toEqual({ "fields.0.label": ["请填写字段名称"] });
  });

  it("when two fields share a key", () => {
    expect(refusal(form(text("name"), text("phone"), text("name")))).toEqual({ "fields.2.key": ["字段标识与第1个字段“字段name”重复"] });
  });

  it("when two fields of one group share a key", () => {
    const group = { key: "rows", type: "group", label: "明细", fields: [text("item"), text("item")] };
    expect(refusal(form(group))).toEqual({ "fields.0.fields.1.key": ["字段标识与第1个字段“字段item”重复"] });
  });

  it("when a group holds a group or a section", () => {
    const inner = { key: "inner", type: "section", label: "小节" };
    expect(refusal(form({ key: "rows", type: "group", label: "明细", fields: [inner] }))).toEqual({
      "fields.0.fields.0.type": ["字段类型无效（分组内不能再放分组或分节）"],
    });
  });

  it("when a condition names a field that does not exist", () => {
    const fields = refusal(form(text("a", { visibleIf: { all: [{ field: "a2", op: "truthy" }, { field: "ghost", op: "eq", value: "x" }] } }), text("a2")));
    expect(fields).toEqual({ "fields.0.visibleIf.all.1.field": ["条件引用的字段不存在（可能已删除）"] });
  });

  it("when a condition inside a group names something outside its row", () => {
    const group = { key: "rows", type: "group", label: "明细", fields: [text("item", { visibleIf: { field: "top", op: "truthy" } })] };
    expect(refusal(form(text("top"), group))).toEqual({ "fields.1.fields.0.visibleIf.field": ["条件引用的字段不在本分组中（可能已删除）"] });
  });

  it("when a condition names a section", () => {
    const fields = refusal(form({ key: "s", type: "section", label: "基本信息" }, text("a", { requiredIf: { not: { field: "s", op: "truthy" } } })));
    expect(fields).toEqual({ "fields.1.requiredIf.not.field": ["条件不能引用分节“基本信息”"] });
  });

  it("when conditions depend on each other in a cycle, naming the cycle", () => {
    const fields = refusal(
      form(
        text("a", { visibleIf: { field: "c", op: "truthy" } }),
        text("b", { requiredIf: { field: "a", op: "eq", value: "1" } }),
        text("c", { visibleIf: { field: "b", op: "falsy" } }),
      ),
    );
    expect(fields).toEqual({ "fields.0.visibleIf": ["条件之间存在循环依赖：“字段a” → “字段c” → “字段b” → “字段a”"] });
  });

  it("when a field's condition is about itself", () => {
    expect(refusal(form(text("a", { requiredIf: { field: "a", op: "truthy" } })))).toEqual({ "fields.0.requiredIf": ["条件之间存在循环依赖：“字段a” → “字段a”"] });
  });

  it("when a minimum exceeds its maximum", () => {
    expect(refusal(form({ key: "n", type: "number", label: "人数", min: 10, max: 5 }))).toEqual({ "fields.0.min": ["最小值不能大于最大值"] });
    expect(refusal(form({ key: "m", type: "money", label: "金额", min: 500, max: 100 }))).toEqual({ "fields.0.min": ["最小值不能大于最大值"] });
    expect(refusal(form({ key: "m", type: "money", label: "金额", max: -100 }))).toHaveProperty(["fields.0.max"]);
    expect(refusal(form({ key: "d", type: "date", label: "日期", min: "2024-05-02", max: "2024-05-01" }))).toEqual({ "fields.0.min": ["最小值不能大于最大值"] });
    const rows = { key: "rows", type: "group", label: "明细", fields: [text("x")], minRows: 3, maxRows: 2 };
    expect(refusal(form(rows))).toEqual({ "fields.0.minRows": ["最少行数不能大于最多行数"] });
    expect(refusal(form(choice("m", ["a", "b"], { type: "multiselect", minItems: 2, maxItems: 1 })))).toEqual({ "fields.0.minItems": ["最少选择数不能大于最多选择数"] });
    expect(refusal(form(choice("m", ["a", "b"], { type: "multiselect", minItems: 3 })))).toEqual({ "fields.0.minItems": ["最少选择数不能大于选项数"] });
  });

  it("when minLength exceeds maxLength, or the default maximum", () => {
    expect(refusal(form(text("a", { minLength: 10, maxLength: 5 })))).toEqual({ "fields.0.minLength": ["最少字数不能大于最多字数"] });
    expect(refusal(form(text("a", { minLength: 300 })))).toEqual({ "fields.0.minLength": ["最少字数不能大于默认的最多字数200"] });
  });

  it("when a pattern is not a valid regular expression", () => {
    const fields = refusal(form(text("a", { pattern: "a)|(b" })));
    expect(fields["fields.0.pattern"]?.[0]).toMatch(/^正则表达式无效：/);
  });

  it("when options repeat a value or are missing", () => {
    expect(refusal(form(choice("c", ["是", "否", "是"])))).toEqual({ "fields.0.options.2.value": ["选项值“是”重复"] });
    expect(refusal(form(choice("c", [])))).toEqual({ "fields.0.options": ["至少要有一个选项"] });
  });

  it("when a condition compares a choice with a value that is not one of its options", () => {
    const fields = refusal(form(choice("c", ["是", "否"]), text("a", { visibleIf: { field: "c", op: "in", value: ["是", "Y"] } })));
    expect(fields).toEqual({ "fields.1.visibleIf.value": ["“Y”不是字段“选项c”的选项"] });
  });

  it("when a condition's value or operator does not suit the field", () => {
    const box = { key: "agree", type: "checkbox", label: "同意" };
    expect(refusal(form(box, text("a", { visibleIf: { field: "agree", op: "eq", value: "true" } })))).toEqual({
      "fields.1.visibleIf.value": ["复选框“同意”只能按“已勾选”或“未勾选”作条件"],
    });
    expect(refusal(form(text("t"), text("a", { visibleIf: { field: "t", op: "gt", value: 3 } })))).toEqual({
      "fields.1.visibleIf.field": ["字段“字段t”不是数字或金额，不能比较大小"],
    });
    expect(refusal(form(text("a", { visibleIf: { field: "t", op: "gt" } }), text("t")))).toEqual({ "fields.0.visibleIf.value": ["“大于”条件的比较值须为数字"] });
    expect(refusal(form(text("a", { visibleIf: { field: "t", op: "maybe" } })))).toHaveProperty(["fields.0.visibleIf.op"]);
    expect(refusal(form(text("a", { visibleIf: { field: "t", op: "truthy", all: [] } })))).toHaveProperty(["fields.0.visibleIf"]);
  });

  it("when a section is marked required", () => {
    expect(refusal(form({ key: "s", type: "section", label: "附件", required: true }))).toEqual({ "fields.0.required": ["分节不能设为必填"] });
  });

  it("when file limits exceed what uploads allow", () => {
    expect(refusal(form({ key: "f", type: "file", label: "附件", maxSizeMB: 51 }))).toEqual({ "fields.0.maxSizeMB": ["单个文件最大不能超过50MB"] });
    expect(refusal(form({ key: "f", type: "image", label: "照片", maxFiles: 21 }))).toEqual({ "fields.0.maxFiles": ["最多20个"] });
    expect(refusal(form({ key: "f", type: "file", label: "附件", accept: ["image/*"] }))).toHaveProperty(["fields.0.accept.0"]);
  });

  it("when it nests deeper than any form needs", () => {
    let condition: unknown = { field: "a", op: "truthy" };
    for (let i = 0; i < 100; i++) condition = { not: condition };
    expect(refusal(form(text("a"), text("b", { visibleIf: condition })))).toEqual({ "": ["嵌套不能超过40层"] });
  });

  it("with a message that names the first problem by the field's label, never by key or path", () => {
    expect(() => validateDefinition(form(text("a"), text("a")))).toThrow("表单定义有误：“字段a”的字段标识：字段标识与第1个字段“字段a”重复");
    expect(() => validateDefinition(form({ key: "n", type: "number", label: "人数", min: 10, max: 5 }))).toThrow("表单定义有误：“人数”的最小值：最小值不能大于最大值");
    expect(() => validateDefinition({ fields: [text("a")] })).toThrow("表单定义有误：表单标题：请填写表单标题");
    const rows = { key: "rows", type: "group", label: "明细", fields: [choice("c", ["是", "是"])] };
    expect(() => validateDefinition(form(rows))).toThrow("表单定义有误：“明细”中的“选项c”的第2个选项：选项值“是”重复");
    expect(() => validateDefinition(form({ key: "x", type: "text", label: "  " }))).toThrow("表单定义有误：第1个字段的字段名称：请填写字段名称");
  });
});
