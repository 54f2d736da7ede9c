/**
 * 计算字段 (forms/calculated.ts): the formula language, its checks when a form is saved, and the
 * one evaluation the browser shows and the API stores — a property test that the browser's
 * result on the typed answers, the compiled schema's stored result, and a plain reference
 * computed here all agree, and that whatever the client sends for a calculated key is replaced.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateAll, compileForm, evaluateExpression, parseExpression, validateDefinition, visibleFields, type FormDefinition } from "@tongxin/core/forms/index";
import { roundTo } from "@tongxin/core/forms/calculated";
import { AppError } from "@tongxin/core/errors";

const budget = (extra: FormDefinition["fields"] = []): FormDefinition =>
  validateDefinition({
    title: "活动经费",
    fields: [
      { key: "start", type: "date", label: "开始日期" },
      { key: "end", type: "date", label: "结束日期" },
      { key: "people", type: "number", label: "人数" },
      { key: "fee", type: "money", label: "人均费用" },
      { key: "tags", type: "multiselect", label: "类型", options: [{ value: "a", label: "联谊" }, { value: "b", label: "讲座" }] },
      { key: "items", type: "group", label: "开支明细", fields: [{ key: "what", type: "text", label: "项目" }, { key: "cost", type: "money", label: "金额" }, { key: "qty", type: "number", label: "数量" }] },
      ...extra,
    ],
  });

const calc = (key: string, expression: string, more: Record<string, unknown> = {}) => ({ key, type: "calculated", label: key, expression, ...more }) as FormDefinition["fields"][number];

function refusal(definition: unknown): Record<string, string[]> {
  try {
    validateDefinition(definition);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).fields ?? {};
  }
  throw new Error("the definition was accepted");
}

describe("the formula language", () => {
  it("parses arithmetic, field references, group columns and the few functions", () => {
    expect(parseExpression("a + b * 2")).toEqual({ kind: "bin", op: "+", left: { kind: "ref", key: "a" }, right: { kind: "bin", op: "*", left: { kind: "ref", key: "b" }, right: { kind: "num", value: 2 } } });
    expect(parseExpression("sum(items.cost)")).toEqual({ kind: "call", fn: "sum", args: [{ kind: "column", group: "items", key: "cost" }] });
    expect(parseExpression("-(a)")).toEqual({ kind: "neg", arg: { kind: "ref", key: "a" } });
  });

  it.each([
    ["a ? b : c", "公式只能包含"],
    ["a == b", "只支持 + - * /"],
    ["a % 2", "只支持 + - * /"],
    ['"text"', "只能使用数字常量"],
    ["true", "只能使用数字常量"],
    ["items[0]", "分组列须写作"],
    ["a.b.c", "分组列须写作"],
    ["constructor.constructor('return 1')()", "未知的函数"],
    ["eval(1)", "未知的函数 eval"],
    ["a; b", "公式只能包含"],
    ["this", "公式只能包含"],
    ["(1 + ", "公式无法解析"],
    ["", "请填写公式"],
  ])("refuses %s", (text, message) => {
    expect(() => parseExpression(text)).toThrow(message);
  });
});

describe("a formula is checked when the form is saved (422 naming the field's formula)", () => {
  it.each([
    [calc("x", "nosuch + 1"), "公式引用了不存在的字段“nosuch”"],
    [calc("x", "start + 1"), "字段“开始日期”不是数字或金额，不能直接参与计算"],
    [calc("x", "items.cost"), "分组列 items.cost 须放在 sum、avg、min、max 或 count 中"],
    [calc("x", "sum(items.what)"), "分组列“项目”不是数字或金额"],
    [calc("x", "sum(items.nope)"), "分组“开支明细”中没有字段“nope”"],
    [calc("x", "count(people)"), "count 的参数须为分组、多选字段或分组列"],
    [calc("x", "days(start, people)"), "days 的参数须为日期字段"],
    [calc("x", "round(people, 7)"), "round 的小数位数须为0到4的整数"],
    [calc("x", "later + 1"), "只能引用排在前面的计算字段（“later”）"],
  ])("%o", (field, message) => {
    const fields = refusal({ ...budget(), fields: [...budget().fields, field, calc("later", "1")] });
    expect(fields[`fields.6.expression`]).toEqual([message]);
  });

  it("refuses a calculated field marked required, and a form condition on one", () => {
    expect(refusal({ ...budget(), fields: [...budget().fields, calc("x", "1", { required: true })] })["fields.6.required"]).toEqual(["计算字段由公式得出，不能设为必填"]);
    const conditioned = refusal({ ...budget(), fields: [...budget().fields, calc("x", "1"), { key: "y", type: "text", label: "Y", visibleIf: { field: "x", op: "gt", value: 1 } }] });
    expect(conditioned["fields.7.visibleIf.field"]).toEqual(["表单内的条件不能引用计算字段“x”"]);
  });

  it("refuses a calculated field inside a repeating group", () => {
    const fields = refusal({ title: "t", fields: [{ key: "g", type: "group", label: "G", fields: [calc("x", "1")] }] });
    expect(Object.keys(fields)[0]).toMatch(/^fields\.0\.fields\.0/);
  });
});

describe("evaluation", () => {
  const definition = budget([
    calc("total", "sum(items.cost)", { format: "money" }),
    calc("rows", "count(items)", { decimals: 0 }),
    calc("filled", "count(items.qty)"),
    calc("kinds", "count(tags)"),
    calc("span", "days(start, end) + 1"),
    calc("perHead", "total / people", { format: "money" }),
    calc("ratio", "round(people / 3, 1)"),
    calc("biggest", "max(items.cost)", { format: "money" }),
  ]);
  const schema = compileForm(definition);

  it("sums a group's 金额 in 元 (stored in 分), counts rows, choices and filled cells, and counts days between dates", () => {
    const data = {
      start: "2026-09-30",
      end: "2026-10-08",
      people: 7,
      tags: ["a", "b"],
      items: [{ what: "场地", cost: 50_010, qty: 1 }, { what: "茶歇", cost: 12_345 }, { what: "印刷", cost: 99 }],
      total: 1, // forged by the client: replaced
      span: 999,
    };
    const stored = schema.parse(data);
    expect(stored).toMatchObject({ total: 62_454, rows: 3, filled: 1, kinds: 2, span: 9, perHead: 8922, ratio: 2.3, biggest: 50_010 });
    // In definition order, after the fields they follow.
    expect(Object.keys(stored)).toEqual(["start", "end", "people", "tags", "items", "total", "rows", "filled", "kinds", "span", "perHead", "ratio", "biggest"]);
    expect(calculateAll(definition, data)).toEqual({ total: 62_454, rows: 3, filled: 1, kinds: 2, span: 9, perHead: 8922, ratio: 2.3, biggest: 50_010 });
  });

  it("leaves no answer where the result is empty: dates missing, ÷0, max of nothing", () => {
    const stored = schema.parse({ people: 0, total: 5, perHead: 7, span: 3 });
    expect(stored).toEqual({ people: 0, total: 0, rows: 0, filled: 0, kinds: 0, ratio: 0 });
  });

  it("gives a hidden calculated field no answer", () => {
    const hidden = budget([calc("total", "sum(items.cost)", { format: "money", visibleIf: { field: "people", op: "gt", value: 0 } })]);
    expect(compileForm(hidden).parse({ people: 0, items: [{ cost: 100 }], total: 100 })).toEqual({ people: 0, items: [{ cost: 100 }] });
    expect(compileForm(hidden).parse({ people: 2, items: [{ cost: 100 }] })).toEqual({ people: 2, items: [{ cost: 100 }], total: 100 });
  });

  it("rounds half away from zero, exactly for amounts with two decimals", () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
    expect(evaluateExpression(parseExpression("0.1 + 0.2"), [], {})).toBeCloseTo(0.3, 12);
  });
});

describe("the browser and the API work out the same result (property)", () => {
  const definition = budget([
    calc("total", "sum(items.cost) + fee * people", { format: "money" }),
    calc("avgQty", "avg(items.qty)", { decimals: 3 }),
    calc("span", "days(start, end)"),
    calc("net", "total - sum(items.cost)", { format: "money" }),
  ]);
  const schema = compileForm(definition);
  const day = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const answers = fc.record(
    {
      start: day,
      end: day,
      people: fc.integer({ min: 0, max: 500 }),
      fee: fc.integer({ min: 0, max: 1_000_000 }),
      items: fc.array(fc.record({ what: fc.constantFrom("场地", "茶歇"), cost: fc.integer({ min: 0, max: 10_000_000 }), qty: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }) }, { requiredKeys: ["cost"] }), { maxLength: 12 }),
      total: fc.integer(),
      net: fc.integer(),
    },
    { requiredKeys: [] },
  );

  it("on random answers: the browser's result, the stored result and a plain reference agree; client values are replaced", () => {
    fc.assert(
      fc.property(answers, (raw) => {
        const browser = calculateAll(definition, raw, visibleFields(definition, raw));
        const stored = schema.parse(raw);
        for (const key of ["total", "avgQty", "span", "net"]) expect(stored[key], key).toEqual(browser[key]);
        // Reference in integer 分: no floating point at all.
        const items = (raw.items ?? []).map((item) => item as { cost: number; qty?: number });
        const totalFen = items.reduce((sum, item) => sum + item.cost, 0) + (raw.fee ?? 0) * (raw.people ?? 0);
        expect(stored.total).toBe(totalFen);
        expect(stored.net).toBe((raw.fee ?? 0) * (raw.people ?? 0));
        const qtys = items.flatMap((item) => (item.qty === undefined ? [] : [item.qty]));
        if (qtys.length === 0) expect(stored).not.toHaveProperty("avgQty");
        else expect(stored.avgQty).toBe(Math.round((qtys.reduce((a, b) => a + b, 0) / qtys.length) * 1000) / 1000);
        if (raw.start && raw.end) expect(stored.span).toBe((Date.parse(raw.end) - Date.parse(raw.start)) / 86_400_000);
        else expect(stored).not.toHaveProperty("span");
      }),
      { numRuns: 300 },
    );
  });
});
