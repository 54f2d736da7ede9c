import { describe, expect, it } from "vitest";
import { DEFAULT_RUBRIC, EDITOR_FIELDS, EditorSchema, initialValues, rubricTotal, toBody, toLocalInput, WINNERS_TIER, type EditorValues } from "../../../web/src/campaigns/editorModel";

/** 新建评选 (CampaignEditor): what the office sees before the round trip, and what it sends. */
/** The message each field shows: the first issue on its path, as the form's resolver shows it. */
const messages = (values: EditorValues) => {
  const parsed = EditorSchema.safeParse(values);
  const shown: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) shown[issue.path.join(".")] ??= issue.message;
  return shown;
};
/** A Beijing wall-clock time (the form speaks Beijing time whatever the device's zone). */
const beijing = (year: number, month: number, day: number, hour: number, minute: number, second = 0) => new Date(Date.UTC(year, month, day, hour - 8, minute, second));
const NOW = beijing(2026, 2, 15, 9, 41, 27); // 15 March 2026, 09:41:27 Beijing time

describe("the new campaign form as it first appears", () => {
  const values = initialValues(NOW);

  it("is titled for this year's selection and valid as it stands", () => {
    expect(values.title).toBe("2026年度街道乡镇统战工作十佳案例评选");
    expect(values.year).toBe("2026");
    expect(messages(values)).toEqual({});
  });

  it("opens the window now (to the minute) and closes it in 30 days at 17:00", () => {
    expect(values.submissionsOpenAt).toBe("2026-03-15T09:41");
    expect(values.submissionsCloseAt).toBe("2026-04-14T17:00");
  });

  it("offers the yearly rubric 创新性30 实效性30 示范性20 可推广性20, totalling 100", () => {
    expect(values.rubric.map((row) => `${row.label}${row.max}`)).toEqual(["创新性30", "实效性30", "示范性20", "可推广性20"]);
    expect(rubricTotal(values.rubric)).toBe(100);
  });

  it("proposes 十佳 10, 优秀作品 6, 优秀组织奖 3, blind review by 3 judges, a 7-day 公示", () => {
    expect(values).toMatchObject({ winners: "10", tiers: [{ name: "优秀作品", count: "6" }], orgAwardOn: true, orgAward: { name: "优秀组织奖", count: "3" }, blind: true, judgesPerEntry: "3", noticeDays: "7" });
  });

  it("gives every new form its own rubric rows, so editing one form leaves the defaults alone", () => {
    initialValues(NOW).rubric[0]!.max = "50";
    expect(DEFAULT_RUBRIC[0]!.max).toBe("30");
    expect(initialValues(NOW).rubric[0]!.max).toBe("30");
  });
});

describe("the rubric total shown while typing", () => {
  it("counts only full marks that are whole numbers", () => {
    expect(rubricTotal([{ max: "30" }, { max: " 20 " }, { max: "" }, { max: "1.5" }, { max: "abc" }, { max: "1000" }])).toBe(50);
  });
});

describe("what the office is told before creating", () => {
  const base = initialValues(NOW);

  it("a window that closes before (or when) it opens", () => {
    expect(messages({ ...base, submissionsCloseAt: "2026-03-15T09:00" })).toEqual({ submissionsCloseAt: "截止时间应晚于开始时间" });
    expect(messages({ ...base, submissionsCloseAt: base.submissionsOpenAt })).toEqual({ submissionsCloseAt: "截止时间应晚于开始时间" });
  });

  it("a missing time", () => {
    expect(messages({ ...base, submissionsOpenAt: "" })).toMatchObject({ submissionsOpenAt: "请选择开始征集时间" });
    expect(messages({ ...base, submissionsCloseAt: "2026-13-45T99:00" })).toMatchObject({ submissionsCloseAt: "截止时间格式不正确" });
  });

  it("numbers that are not whole or out of range, by their label", () => {
    expect(messages({ ...base, year: "1999", winners: "ten", judgesPerEntry: "16", noticeDays: "31" })).toEqual({
      year: "年度应在 2000–2100 之间",
      winners: "十佳名额请填写整数",
      judgesPerEntry: "每件案例评委人数应在 1–15 之间",
      noticeDays: "公示天数应在 0–30 之间",
    });
  });

  it("a criterion code that repeats an earlier row, or is not lower-case letters and digits", () => {
    const rubric = [...base.rubric, { ...base.rubric[1]! }];
    expect(messages({ ...base, rubric })).toEqual({ "rubric.4.key": "与第2项的代码重复" });
    expect(messages({ ...base, rubric: [{ ...base.rubric[0]!, key: "Innovation" }] })).toEqual({ "rubric.0.key": "以小写字母开头，只含小写字母、数字和下划线" });
  });

  it("an award tier named like 十佳案例 or like another tier", () => {
    expect(messages({ ...base, tiers: [{ name: WINNERS_TIER, count: "2" }] })).toEqual({ "tiers.0.name": "奖项“十佳案例”重复" });
    expect(messages({ ...base, tiers: [{ name: "优秀作品", count: "2" }, { name: " 优秀作品 ", count: "1" }] })).toEqual({ "tiers.1.name": "奖项“优秀作品”重复" });
  });

  it("an org award switched on without a name or count, but not when it is off", () => {
    const orgAward = { name: "", count: "0" };
    expect(messages({ ...base, orgAward })).toEqual({ "orgAward.name": "请填写奖项名称", "orgAward.count": "名额应在 1–100 之间" });
    expect(messages({ ...base, orgAwardOn: false, orgAward })).toEqual({});
  });
});

describe("what 创建评选 sends", () => {
  it("numbers as numbers, times as ISO instants, blanks left out, no org award when switched off", () => {
    const values: EditorValues = { ...initialValues(NOW), description: "", orgAwardOn: false, rubric: [{ key: "innovation", label: "创新性", description: "", max: "60" }, { key: "effect", label: "实效性", description: "见成效", max: "40" }] };
    const body = toBody(values);
    expect(body).toEqual({
      title: "2026年度街道乡镇统战工作十佳案例评选",
      year: 2026,
      description: undefined,
      submissionsOpenAt: beijing(2026, 2, 15, 9, 41).toISOString(),
      submissionsCloseAt: beijing(2026, 3, 14, 17, 0).toISOString(),
      rubric: [
        { key: "innovation", label: "创新性", description: undefined, max: 60 },
        { key: "effect", label: "实效性", description: "见成效", max: 40 },
      ],
      winners: 10,
      tiers: [{ name: "优秀作品", count: 6 }],
      orgAward: null,
      blind: true,
      judgesPerEntry: 3,
      noticeDays: 7,
    });
  });

  it("the org award when switched on", () => {
    expect(toBody(initialValues(NOW)).orgAward).toEqual({ name: "优秀组织奖", count: 3 });
  });

  it("every body field is one a server error may name on the form", () => {
    const fields = Object.keys(toBody(initialValues(NOW)));
    expect(fields.filter((field) => !(EDITOR_FIELDS as readonly string[]).includes(field))).toEqual([]);
  });
});

describe("a time shown in a datetime-local box", () => {
  it("is local time to the minute, with seconds only when there are some", () => {
    expect(toLocalInput(beijing(2026, 0, 5, 8, 3))).toBe("2026-01-05T08:03");
    expect(toLocalInput(beijing(2026, 11, 31, 23, 59, 7))).toBe("2026-12-31T23:59:07");
  });
});
