import { describe, expect, it } from "vitest";
import { zodResolver } from "@hookform/resolvers/zod";
import { fieldErrorsFromIssues } from "@tongxin/core/errors";
import { compileForm, validateDefinition, type Mode } from "@tongxin/core/forms/index";
import { activityProposal, validProposalAnswers } from "./fixtures";

/** Compiles a one-field form (key `v`) and parses `{ v: value }`. */
function one(field: object, value: unknown, mode: Mode = "submit") {
  const definition = validateDefinition({ title: "测试", fields: [{ key: "v", label: "答案", ...field }] });
  return compileForm(definition, { mode }).safeParse(value === undefined ? {} : { v: value });
}

/** The stored answer, or the error messages at `v`. */
function answer(field: object, value: unknown, mode: Mode = "submit"): { ok: unknown } | { errors: string[] } {
  const result = one(field, value, mode);
  if (result.success) return { ok: result.data.v };
  return { errors: fieldErrorsFromIssues(result.error.issues).v ?? Object.values(fieldErrorsFromIssues(result.error.issues)).flat() };
}

const PNG = { uploadId: "u1", name: "合影.png", size: 1024, type: "image/png" };
const PDF = { uploadId: "u2", name: "方案.pdf", size: 2048, type: "application/pdf" };

describe("text and textarea", () => {
  it("store trimmed text and ask for a required one in Chinese", () => {
    expect(answer({ type: "text" }, "  王小明 ")).toEqual({ ok: "王小明" });
    expect(answer({ type: "text", required: true }, "   ")).toEqual({ errors: ["请填写答案"] });
    expect(answer({ type: "text", required: true }, undefined)).toEqual({ errors: ["请填写答案"] });
  });

  it("hold to length limits, 200 by default for text and 5000 for textarea", () => {
    expect(answer({ type: "text" }, "字".repeat(201))).toEqual({ errors: ["答案最多200个字"] });
    expect(answer({ type: "textarea" }, "字".repeat(5000))).toEqual({ ok: "字".repeat(5000) });
    expect(answer({ type: "textarea" }, "字".repeat(5001))).toEqual({ errors: ["答案最多5000个字"] });
    expect(answer({ type: "text", minLength: 3 }, "两字")).toEqual({ errors: ["答案至少3个字"] });
  });

  it("match a pattern against the whole answer, with the definition's message", () => {
    const postcode = { type: "text", pattern: "\\d{6}", patternMessage: "邮编须为6位数字" };
    expect(answer(postcode, "200030")).toEqual({ ok: "200030" });
    expect(answer(postcode, "2000301")).toEqual({ errors: ["邮编须为6位数字"] });
    expect(answer({ type: "text", pattern: "\\p{Script=Han}+" }, "abc")).toEqual({ errors: ["答案格式不正确"] });
  });

  it("refuse what is not text", () => {
    expect(answer({ type: "text" }, 42)).toEqual({ errors: ["答案须为文本"] });
  });
});

describe("number and money", () => {
  it("take numbers within limits; an emptied number input (NaN) counts as not filled in", () => {
    expect(answer({ type: "number", min: 1, max: 10 }, 2.5)).toEqual({ ok: 2.5 });
    expect(answer({ type: "number", integer: true }, 2.5)).toEqual({ errors: ["答案须为整数"] });
    expect(answer({ type: "number", min: 1 }, 0)).toEqual({ errors: ["答案不能小于1"] });
    expect(answer({ type: "number", max: 10 }, 11)).toEqual({ errors: ["答案不能大于10"] });
    expect(answer({ type: "number" }, "3")).toEqual({ errors: ["答案须为数字"] });
    expect(answer({ type: "number", required: true }, Number.NaN)).toEqual({ errors: ["请填写答案"] });
    expect(one({ type: "number" }, Number.NaN).data).toEqual({});
  });

  it("keep money in whole 分, not negative unless allowed, limits shown in 元", () => {
    expect(answer({ type: "money" }, 123450)).toEqual({ ok: 123450 });
    expect(answer({ type: "money" }, 12.5)).toEqual({ errors: ["答案须精确到分"] });
    expect(answer({ type: "money" }, -1)).toEqual({ errors: ["答案不能少于0.00元"] });
    expect(answer({ type: "money", min: -10_000 }, -1)).toEqual({ ok: -1 });
    expect(answer({ type: "money", max: 1_000_000 }, 1_000_001)).toEqual({ errors: ["答案不能超过10000.00元"] });
  });
});

describe("date and datetime", () => {
  it("take real calendar dates within limits", () => {
    expect(answer({ type: "date" }, "2024-02-29")).toEqual({ ok: "2024-02-29" });
    expect(answer({ type: "date" }, "2023-02-29")).toEqual({ errors: ["答案须为有效的日期（YYYY-MM-DD）"] });
    expect(answer({ type: "date", min: "2024-05-01" }, "2024-04-30")).toEqual({ errors: ["答案不能早于2024-05-01"] });
    expect(answer({ type: "date", max: "2024-05-01" }, "2024-05-02")).toEqual({ errors: ["答案不能晚于2024-05-01"] });
    expect(answer({ type: "date", required: true }, "")).toEqual({ errors: ["请选择答案"] });
  });

  it("take local times written YYYY-MM-DDTHH:mm", () => {
    expect(answer({ type: "datetime" }, "2024-05-18T14:30")).toEqual({ ok: "2024-05-18T14:30" });
    expect(answer({ type: "datetime" }, "2024-05-18 14:30")).toEqual({ errors: ["答案须为有效的时间（YYYY-MM-DDTHH:mm）"] });
    expect(answer({ type: "datetime", max: "2024-05-18T12:00" }, "2024-05-18T12:01")).toEqual({ errors: ["答案不能晚于2024-05-18 12:00"] });
  });
});

describe("choices", () => {
  const options = [{ value: "lecture", label: "讲座" }, { value: "salon", label: "沙龙" }, { value: "visit", label: "参访" }];

  it("select and radio take one of the option values", () => {
    expect(answer({ type: "select", options }, " salon ")).toEqual({ ok: "salon" });
    expect(answer({ type: "radio", options }, "沙龙")).toEqual({ errors: ["答案的选项无效"] });
    expect(answer({ type: "radio", options, required: true }, "")).toEqual({ errors: ["请选择答案"] });
  });

  it("multiselect takes distinct option values within the item limits", () => {
    const field = { type: "multiselect", options, minItems: 2, maxItems: 2 };
    expect(answer(field, ["visit", "lecture"])).toEqual({ ok: ["visit", "lecture"] });
    expect(answer(field, ["visit"])).toEqual({ errors: ["答案至少选择2项"] });
    expect(answer(field, ["visit", "lecture", "salon"])).toEqual({ errors: ["答案最多选择2项"] });
    expect(answer(field, ["visit", "visit"])).toEqual({ errors: ["答案不能重复选择同一项"] });
    expect(answer(field, ["visit", "party"])).toEqual({ errors: ["答案的选项无效"] });
    expect(answer({ ...field, required: true }, [])).toEqual({ errors: ["请选择答案"] });
  });

  it("a required checkbox must be ticked; an optional one keeps false", () => {
    expect(answer({ type: "checkbox", required: true }, false)).toEqual({ errors: ["请勾选答案"] });
    expect(answer({ type: "checkbox", required: true }, true)).toEqual({ ok: true });
    expect(answer({ type: "checkbox" }, false)).toEqual({ ok: false });
    expect(answer({ type: "checkbox" }, "true")).toEqual({ errors: ["答案须为是或否"] });
  });
});

describe("identifiers", () => {
  it("phone numbers are stored as 11 digits", () => {
    expect(answer({ type: "phone" }, "+86 138-0013-8000")).toEqual({ ok: "13800138000" });
    expect(answer({ type: "phone" }, "12800138000")).toEqual({ errors: ["答案须为正确的11位手机号"] });
  });

  it("e-mail addresses are stored in lower case", () => {
    expect(answer({ type: "email" }, " Li.Hua@Example.CN ")).toEqual({ ok: "li.hua@example.cn" });
    expect(answer({ type: "email" }, "li.hua@")).toEqual({ errors: ["答案须为正确的邮箱"] });
  });

  it("身份证号 and 统一社会信用代码 are checked by their check character and stored upper case", () => {
    expect(answer({ type: "idcard" }, "11010519491231002x")).toEqual({ ok: "11010519491231002X" });
    expect(answer({ type: "idcard" }, "110105194912310021")).toEqual({ errors: ["答案须为正确的18位身份证号"] });
    expect(answer({ type: "uscc" }, "91350100m000100y43")).toEqual({ ok: "91350100M000100Y43" });
    expect(answer({ type: "uscc" }, "91350100M000100Y44")).toEqual({ errors: ["答案须为正确的18位统一社会信用代码"] });
  });

  it("a member picker takes an account id, or several distinct ones", () => {
    expect(answer({ type: "member" }, " acc_1 ")).toEqual({ ok: "acc_1" });
    expect(answer({ type: "member" }, ["acc_1"])).toEqual({ errors: ["答案须为成员"] });
    expect(answer({ type: "member", multiple: true }, ["acc_1", "acc_2"])).toEqual({ ok: ["acc_1", "acc_2"] });
    expect(answer({ type: "member", multiple: true }, ["acc_1", "acc_1"])).toEqual({ errors: ["答案不能重复选择同一人"] });
    expect(answer({ type: "member", multiple: true, required: true }, [])).toEqual({ errors: ["请选择答案"] });
  });
});

describe("files and images", () => {
  it("keep the file references, dropping anything else the browser attached", () => {
    expect(answer({ type: "image", maxFiles: 2 }, [{ ...PNG, url: "blob:1" }])).toEqual({ ok: [PNG] });
  });

  it("hold to type, size and count; images default to JPEG, PNG and WebP", () => {
    expect(answer({ type: "image" }, [PDF])).toEqual({ errors: ["文件“方案.pdf”的类型不在允许范围内"] });
    expect(answer({ type: "file", accept: ["application/pdf"] }, [PDF])).toEqual({ ok: [PDF] });
    expect(answer({ type: "file", maxSizeMB: 1 }, [{ ...PDF, size: 1024 * 1024 + 1 }])).toEqual({ errors: ["文件“方案.pdf”超过1MB"] });
    expect(answer({ type: "file" }, [PDF, PNG])).toEqual({ errors: ["答案最多上传1个文件"] });
    expect(answer({ type: "file" }, [{ name: "x" }])).toEqual({ errors: ["答案的文件信息无效"] });
    expect(answer({ type: "file", required: true }, [])).toEqual({ errors: ["请选择答案"] });
  });
});

describe("the activity proposal (活动申报)", () => {
  const schema = compileForm(validateDefinition(activityProposal));

  it("stores trimmed, normalized answers without sections or unknown keys", () => {
    const result = schema.safeParse(validProposalAnswers);
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      name: "新空间读书沙龙",
      theme: "salon",
      startsAt: "2024-05-18T14:30",
      capacity: 40,
      contactPhone: "13800138000",
      needFunding: "是",
      budget: [
        { item: "场地布置", amount: 50_000 },
        { item: "茶歇", amount: 600_000, invoice: [{ uploadId: "u1", name: "报价.pdf", size: 2048, type: "application/pdf" }] },
      ],
      fundingNote: "按实结算",
      agree: true,
    });
  });

  it("shows 经费明细 only if 是否需要经费 = 是, and drops it otherwise", () => {
    const result = schema.safeParse({ ...validProposalAnswers, needFunding: "否", budget: [{ item: "", amount: -1 }] });
    expect(result.success).toBe(true);
    expect(result.data).not.toHaveProperty("budget");
    expect(result.data).not.toHaveProperty("fundingNote");
  });

  it("asks for 经费明细 when funding is needed", () => {
    const result = schema.safeParse({ ...validProposalAnswers, budget: [], fundingNote: "" });
    expect(fieldErrorsFromIssues(result.error!.issues)).toEqual({ budget: ["请填写经费明细"] });
  });

  it("reports row errors at [group, row, field], with conditions read within the row", () => {
    const result = schema.safeParse({
      ...validProposalAnswers,
      budget: [{ item: "场地", amount: 12.5 }, { item: " ", amount: 600_000 }, "not a row"],
    });
    expect(result.error!.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [["budget", 0, "amount"], "金额须精确到分"],
      [["budget", 1, "item"], "请填写支出项目"],
      [["budget", 1, "invoice"], "请选择报价单"],
      [["budget", 2], "经费明细第3行格式不正确"],
    ]);
  });

  it("holds a group to its row limits", () => {
    const row = { item: "场地", amount: 100 };
    const tooMany = schema.safeParse({ ...validProposalAnswers, budget: [row, row, row, row] });
    expect(fieldErrorsFromIssues(tooMany.error!.issues)).toEqual({ budget: ["经费明细最多3行"] });
  });

  it("makes 经费说明 required only when there are budget rows (requiredIf)", () => {
    const result = schema.safeParse({ ...validProposalAnswers, fundingNote: "  " });
    expect(fieldErrorsFromIssues(result.error!.issues)).toEqual({ fundingNote: ["请填写经费说明"] });
  });

  it("refuses answers that are not an object", () => {
    for (const input of [null, "x", [], 3]) {
      expect(fieldErrorsFromIssues(schema.safeParse(input).error!.issues)).toEqual({ "": ["表单内容须为对象"] });
    }
  });

  it("gives react-hook-form its errors next to each field through zodResolver", async () => {
    const resolve = zodResolver(schema);
    const { errors } = await resolve({ ...validProposalAnswers, name: "", budget: [{ item: "场地", amount: 1.5 }] }, undefined, {
      fields: {},
      shouldUseNativeValidation: false,
    });
    expect(errors.name?.message).toBe("请填写活动名称");
    expect((errors.budget as unknown as Array<Record<string, { message: string }>>)[0]?.amount?.message).toBe("金额须精确到分");
  });
});

describe("conditions", () => {
  const chain = validateDefinition({
    title: "条件",
    fields: [
      { key: "member", type: "radio", label: "是否会员", options: [{ value: "y", label: "是" }, { value: "n", label: "否" }] },
      { key: "level", type: "select", label: "会员级别", visibleIf: { field: "member", op: "eq", value: "y" }, options: [{ value: "gold", label: "金" }, { value: "std", label: "普通" }] },
      { key: "perk", type: "text", label: "权益", required: true, visibleIf: { field: "level", op: "eq", value: "gold" } },
      { key: "why", type: "text", label: "原因", requiredIf: { any: [{ field: "level", op: "falsy" }, { not: { field: "member", op: "neq", value: "y" } }] } },
      { key: "topics", type: "multiselect", label: "兴趣", options: [{ value: "law", label: "法律" }, { value: "art", label: "艺术" }] },
      { key: "lawyer", type: "text", label: "律所", visibleIf: { field: "topics", op: "eq", value: "law" } },
      { key: "budget", type: "money", label: "预算" },
      { key: "approval", type: "file", label: "批文", requiredIf: { all: [{ field: "budget", op: "gte", value: 100_000 }, { field: "budget", op: "lt", value: 10_000_000 }] } },
    ],
  });
  const schema = compileForm(chain);

  it("a field whose controller is hidden is hidden too, and its answer dropped", () => {
    const result = schema.safeParse({ member: "n", level: "gold", perk: "", why: "不想" });
    expect(result.data).toEqual({ member: "n", why: "不想" });
  });

  it("a hidden field is neither required nor checked", () => {
    expect(schema.safeParse({ member: "y", level: "std", perk: 42, why: "x" }).data).toEqual({ member: "y", level: "std", why: "x" });
    expect(fieldErrorsFromIssues(schema.safeParse({ member: "y", level: "gold" }).error!.issues)).toEqual({ perk: ["请填写权益"], why: ["请填写原因"] });
  });

  it("eq on a multi-select asks whether it contains the value", () => {
    expect(schema.safeParse({ why: "x", topics: ["art", "law"], lawyer: "天达" }).data).toMatchObject({ lawyer: "天达" });
    expect(schema.safeParse({ why: "x", topics: ["art"], lawyer: "天达" }).data).not.toHaveProperty("lawyer");
  });

  it("numeric comparisons read money in 分", () => {
    expect(fieldErrorsFromIssues(schema.safeParse({ why: "x", budget: 100_000 }).error!.issues)).toEqual({ approval: ["请选择批文"] });
    expect(schema.safeParse({ why: "x", budget: 99_999 }).success).toBe(true);
  });
});

describe("drafts", () => {
  const draft = compileForm(validateDefinition(activityProposal), { mode: "draft" });

  it("may leave anything out", () => {
    expect(draft.safeParse({}).data).toEqual({});
    expect(draft.safeParse({ needFunding: "是", budget: [{}], agree: false }).data).toEqual({ needFunding: "是", budget: [{}], agree: false });
  });

  it("never hold garbage: what is given must be valid", () => {
    const result = draft.safeParse({ capacity: 0.5, contactPhone: "123", theme: "party", needFunding: "是", budget: [{ amount: -5 }] });
    expect(Object.keys(fieldErrorsFromIssues(result.error!.issues)).sort()).toEqual(["budget.0.amount", "capacity", "contactPhone", "theme"]);
  });

  it("may fall short of minimum lengths and counts but not exceed maximums", () => {
    const definition = validateDefinition({
      title: "草稿",
      fields: [
        { key: "intro", type: "textarea", label: "简介", minLength: 50, maxLength: 100 },
        { key: "tags", type: "multiselect", label: "标签", minItems: 2, options: [{ value: "a", label: "甲" }, { value: "b", label: "乙" }] },
      ],
    });
    const schema = compileForm(definition, { mode: "draft" });
    expect(schema.safeParse({ intro: "未写完", tags: ["a"] }).data).toEqual({ intro: "未写完", tags: ["a"] });
    expect(schema.safeParse({ intro: "字".repeat(101) }).success).toBe(false);
    expect(compileForm(definition).safeParse({ intro: "未写完", tags: ["a"] }).success).toBe(false);
  });
});

describe("conditions on normalized answers", () => {
  it("decide the same on a phone number as typed and as stored, so re-opening a saved answer keeps it", () => {
    const definition = validateDefinition({
      title: "t",
      fields: [
        { key: "contact", type: "phone", label: "手机" },
        { key: "other", type: "checkbox", label: "另填", visibleIf: { field: "contact", op: "neq", value: "13800138000" } },
      ],
    });
    const schema = compileForm(definition, { mode: "submit" });
    const typed = schema.safeParse({ contact: "138-0013-8000", other: false });
    expect(typed.success && typed.data).toEqual({ contact: "13800138000" });
    const reopened = schema.safeParse(typed.success ? typed.data : {});
    expect(reopened.success && reopened.data).toEqual({ contact: "13800138000" });
  });
});
