import { z } from "zod";
import { fromBeijingInput, toBeijingInput } from "@tongxin/core/office/beijing-time";
import { toLocalInput } from "./windowModel";

/** The 十佳 tier's name (core campaigns/model WINNERS_TIER); further tiers may not reuse it. */
export const WINNERS_TIER = "十佳案例";

/**
 * 新建评选: what the form holds (numbers as typed text, times as `datetime-local` values) and
 * how it becomes the body of POST /orgs/{orgId}/campaigns. The server checks the same rules;
 * these give the message before the round trip.
 */

const whole = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, `${label}请填写整数`)
    .refine((value) => Number(value) >= min && Number(value) <= max, `${label}应在 ${min}–${max} 之间`);

const localTime = (label: string) =>
  z
    .string()
    .min(1, `请选择${label}`)
    .refine((value) => !Number.isNaN(fromBeijingInput(value).getTime()), `${label}格式不正确`);

export const CriterionSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]*$/, "以小写字母开头，只含小写字母、数字和下划线")
    .max(40, "最多40个字符"),
  label: z.string().trim().min(1, "请填写评分项名称").max(30, "最多30个字"),
  description: z.string().trim().max(500, "最多500个字"),
  max: whole("满分", 1, 100),
});

export const TierSchema = z.object({
  name: z.string().trim().min(1, "请填写奖项名称").max(30, "最多30个字"),
  count: whole("名额", 1, 100),
});

export const EditorSchema = z
  .object({
    title: z.string().trim().min(2, "名称至少2个字").max(100, "名称最多100个字"),
    year: whole("年度", 2000, 2100),
    description: z.string().trim().max(5000, "说明最多5000字"),
    submissionsOpenAt: localTime("开始征集时间"),
    submissionsCloseAt: localTime("截止时间"),
    rubric: z.array(CriterionSchema).min(1, "至少一个评分项").max(10, "最多10个评分项"),
    winners: whole("十佳名额", 1, 100),
    tiers: z.array(TierSchema).max(5, "最多5个其他奖项"),
    orgAwardOn: z.boolean(),
    orgAward: z.object({ name: z.string().trim(), count: z.string().trim() }),
    blind: z.boolean(),
    judgesPerEntry: whole("每件案例评委人数", 1, 15),
    noticeDays: whole("公示天数", 0, 30),
  })
  .superRefine((values, context) => {
    if (fromBeijingInput(values.submissionsCloseAt) <= fromBeijingInput(values.submissionsOpenAt)) {
      context.addIssue({ code: "custom", path: ["submissionsCloseAt"], message: "截止时间应晚于开始时间" });
    }
    if (values.orgAwardOn) {
      const award = TierSchema.safeParse(values.orgAward);
      if (!award.success) for (const issue of award.error.issues) context.addIssue({ code: "custom", path: ["orgAward", ...issue.path.map(String)], message: issue.message });
    }
    const seen = new Map<string, number>();
    values.rubric.forEach((row, index) => {
      const first = seen.get(row.key);
      if (first !== undefined) context.addIssue({ code: "custom", path: ["rubric", index, "key"], message: `与第${first + 1}项的代码重复` });
      else seen.set(row.key, index);
    });
    const names = new Set<string>([WINNERS_TIER]);
    values.tiers.forEach((tier, index) => {
      if (names.has(tier.name.trim())) context.addIssue({ code: "custom", path: ["tiers", index, "name"], message: `奖项“${tier.name.trim()}”重复` });
      names.add(tier.name.trim());
    });
  });

export type EditorValues = z.infer<typeof EditorSchema>;
export type CriterionValues = z.infer<typeof CriterionSchema>;

/** 创新性30 实效性30 示范性20 可推广性20, as the yearly selection scores. */
/** 创新性30 实效性30 示范性20 可推广性20 (the same keys as core's DEFAULT_RUBRIC). */
export const DEFAULT_RUBRIC: CriterionValues[] = [
  { key: "innovation", label: "创新性", description: "思路、方法或载体有新意", max: "30" },
  { key: "effect", label: "实效性", description: "解决实际问题，成效可见可感", max: "30" },
  { key: "exemplary", label: "示范性", description: "在本区域内具有引领示范作用", max: "20" },
  { key: "transferable", label: "可推广性", description: "经验做法可复制、可推广", max: "20" },
];

export { toLocalInput };

/** Opens now (to the minute) and closes in 30 days at 17:00, Beijing time. */
export function initialValues(now = new Date()): EditorValues {
  const open = toBeijingInput(new Date(Math.floor(now.getTime() / 60_000) * 60_000));
  const closeDay = toBeijingInput(new Date(now.getTime() + 30 * 86_400_000)).slice(0, 10);
  const year = open.slice(0, 4);
  return {
    title: `${year}年度街道乡镇统战工作十佳案例评选`,
    year,
    description: "",
    submissionsOpenAt: open,
    submissionsCloseAt: `${closeDay}T17:00`,
    rubric: DEFAULT_RUBRIC.map((row) => ({ ...row })),
    winners: "10",
    tiers: [{ name: "优秀作品", count: "6" }],
    orgAwardOn: true,
    orgAward: { name: "优秀组织奖", count: "3" },
    blind: true,
    judgesPerEntry: "3",
    noticeDays: "7",
  };
}

/** The sum of the criteria's full marks, counting only what parses (shown while typing). */
export function rubricTotal(rows: ReadonlyArray<{ max: string }>): number {
  return rows.reduce((sum, row) => sum + (/^\d{1,3}$/.test(row.max.trim()) ? Number(row.max) : 0), 0);
}

export interface NewCampaignBody {
  title: string;
  year: number;
  description?: string;
  submissionsOpenAt: string;
  submissionsCloseAt: string;
  rubric: Array<{ key: string; label: string; description?: string; max: number }>;
  winners: number;
  tiers: Array<{ name: string; count: number }>;
  orgAward: { name: string; count: number } | null;
  blind: boolean;
  judgesPerEntry: number;
  noticeDays: number;
}

export function toBody(values: EditorValues): NewCampaignBody {
  return {
    title: values.title,
    year: Number(values.year),
    description: values.description || undefined,
    submissionsOpenAt: fromBeijingInput(values.submissionsOpenAt).toISOString(),
    submissionsCloseAt: fromBeijingInput(values.submissionsCloseAt).toISOString(),
    rubric: values.rubric.map((row) => ({ key: row.key, label: row.label, description: row.description || undefined, max: Number(row.max) })),
    winners: Number(values.winners),
    tiers: values.tiers.map((tier) => ({ name: tier.name, count: Number(tier.count) })),
    orgAward: values.orgAwardOn ? { name: values.orgAward.name, count: Number(values.orgAward.count) } : null,
    blind: values.blind,
    judgesPerEntry: Number(values.judgesPerEntry),
    noticeDays: Number(values.noticeDays),
  };
}

/** Every field a server error may name (`rubric.2.max` lands on that row's 满分). */
export const EDITOR_FIELDS = ["title", "year", "description", "submissionsOpenAt", "submissionsCloseAt", "rubric", "winners", "tiers", "orgAward", "blind", "judgesPerEntry", "noticeDays"] as const;
