import { describe, expect, it } from "vitest";
import { ACTIVITY_PROPOSAL_FORM } from "@tongxin/core/activities/proposal-form";
import { CampaignInputSchema, WindowInputSchema } from "@tongxin/core/campaigns/inputs";
import { type AppError, fieldErrorsFromIssues } from "@tongxin/core/errors";
import { compileForm, validateDefinition } from "@tongxin/core/forms/index";

const proposal = { title: "读书会", theme: "fellowship", startsAt: "2026-12-28T19:00", endsAt: "2026-12-28T21:00", venue: "新空间", capacity: 20, needsFunds: "no", description: "共读" };
const errorsOf = (result: { success: boolean; error?: { issues: Parameters<typeof fieldErrorsFromIssues>[0] } }) => (result.success ? {} : fieldErrorsFromIssues(result.error!.issues));

function definitionErrors(definition: unknown): Record<string, string[]> {
  try {
    validateDefinition(definition);
    return {};
  } catch (error) {
    return (error as AppError).fields ?? {};
  }
}

describe("date ranges in the shared form schema", () => {
  const schema = compileForm(validateDefinition(ACTIVITY_PROPOSAL_FORM));

  it("an activity that ends before (or when) it starts is refused at 结束时间, in the browser and the API alike", () => {
    expect(schema.safeParse(proposal).success).toBe(true);
    expect(errorsOf(schema.safeParse({ ...proposal, endsAt: "2026-12-28T18:59" }))).toEqual({ endsAt: ["结束时间须晚于开始时间"] });
    expect(errorsOf(schema.safeParse({ ...proposal, endsAt: proposal.startsAt }))).toEqual({ endsAt: ["结束时间须晚于开始时间"] });
  });

  it("a date in year 9999 (or 0001) is refused with the field named", () => {
    expect(errorsOf(schema.safeParse({ ...proposal, endsAt: "9999-12-31T21:00" }))).toEqual({ endsAt: ["结束时间的年份须在1900–2100之间"] });
    expect(errorsOf(schema.safeParse({ ...proposal, startsAt: "0001-01-01T09:00" }))).toEqual({ startsAt: ["开始时间的年份须在1900–2100之间"] });
    const birthday = compileForm(validateDefinition({ title: "登记", fields: [{ key: "born", type: "date", label: "出生日期" }] }));
    expect(errorsOf(birthday.safeParse({ born: "9999-01-01" }))).toEqual({ born: ["出生日期的年份须在1900–2100之间"] });
    expect(birthday.safeParse({ born: "1948-10-01" }).success).toBe(true);
  });

  it("an end date may fall on the start date but not before it, also inside a repeating group", () => {
    const trips = compileForm(
      validateDefinition({
        title: "行程",
        fields: [{ key: "trips", type: "group", label: "行程", fields: [{ key: "from", type: "date", label: "出发日期" }, { key: "to", type: "date", label: "返回日期", after: "from" }] }],
      }),
    );
    expect(trips.safeParse({ trips: [{ from: "2026-05-01", to: "2026-05-01" }] }).success).toBe(true);
    expect(errorsOf(trips.safeParse({ trips: [{ from: "2026-05-01", to: "2026-05-03" }, { from: "2026-05-02", to: "2026-04-30" }] }))).toEqual({ "trips.1.to": ["返回日期不能早于出发日期"] });
  });

  it("a form whose end field points at a missing or differently typed field is refused when saved", () => {
    const fields = (after: string) => [{ key: "start", type: "date", label: "开始" }, { key: "title", type: "text", label: "标题" }, { key: "end", type: "date", label: "结束", after }];
    expect(definitionErrors({ title: "t", fields: fields("start") })).toEqual({});
    expect(definitionErrors({ title: "t", fields: fields("nowhere") })).toEqual({ "fields.2.after": ["须为本表单中另一个日期字段"] });
    expect(definitionErrors({ title: "t", fields: fields("title") })).toEqual({ "fields.2.after": ["须为本表单中另一个日期字段"] });
    expect(definitionErrors({ title: "t", fields: fields("end") })).toEqual({ "fields.2.after": ["须为本表单中另一个日期字段"] });
    expect(definitionErrors({ title: "t", fields: [{ key: "d", type: "date", label: "日期", max: "9999-12-31" }] })).toEqual({ "fields.0.max": ["年份须在1900–2100之间"] });
  });
});

describe("campaign windows", () => {
  const campaign = { title: "十佳案例", year: 2026, submissionsOpenAt: "2026-03-01T00:00:00+08:00", submissionsCloseAt: "2026-04-01T00:00:00+08:00" };

  it("a window closing in year 9999 is refused at the closing time", () => {
    expect(CampaignInputSchema.safeParse(campaign).success).toBe(true);
    expect(errorsOf(CampaignInputSchema.safeParse({ ...campaign, submissionsCloseAt: "9999-12-31T00:00:00Z" }))).toEqual({ submissionsCloseAt: ["征集截止时间的年份须在1900–2100之间"] });
    expect(errorsOf(WindowInputSchema.safeParse({ submissionsCloseAt: "9999-12-31T00:00:00Z" }))).toEqual({ submissionsCloseAt: ["征集截止时间的年份须在1900–2100之间"] });
  });

  it("a window that closes before it opens is refused at the closing time", () => {
    expect(errorsOf(CampaignInputSchema.safeParse({ ...campaign, submissionsCloseAt: "2026-02-01T00:00:00+08:00" }))).toEqual({ submissionsCloseAt: ["征集截止时间须晚于开始时间"] });
  });
});
