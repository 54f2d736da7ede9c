import { z } from "../zod-locale";
import { FormDefinitionSchema } from "../forms/definition";
import { inYearRange, YEAR_RANGE } from "../forms/limits";

/**
 * 十佳案例 campaigns: the input schemas the routes validate with, and the configuration they
 * produce. See README.md in this folder for the rules behind each field.
 */

export const CRITERION_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;

const isoDateTime = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), { message: `${what}须为有效时间（ISO 格式）`, abort: true })
    .refine(inYearRange, `${what}的年份须在${YEAR_RANGE.min}–${YEAR_RANGE.max}之间`)
    .transform((value) => new Date(value).toISOString());

const name = (what: string, max: number) => z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `${what}最多${max}个字`);

export const CriterionSchema = z.object({
  key: z.string({ error: "请填写指标标识" }).regex(CRITERION_KEY_PATTERN, "指标标识须以小写字母开头，只含小写字母、数字和下划线").max(40, "指标标识最多40位"),
  label: name("指标名称", 30),
  description: z.string().trim().max(500, "指标说明最多500个字").optional(),
  max: z.number({ error: "请填写满分" }).int("满分须为整数").min(1, "满分至少为1").max(100, "满分不能超过100"),
});
export type Criterion = z.output<typeof CriterionSchema>;

export const TierSchema = z.object({
  name: name("奖项名称", 30),
  count: z.number({ error: "请填写名额" }).int("名额须为整数").min(1, "名额至少为1").max(200, "名额不能超过200"),
});
export type Tier = z.output<typeof TierSchema>;

/** 创新性30 实效性30 示范性20 可推广性20. */
export const DEFAULT_RUBRIC: Criterion[] = [
  { key: "innovation", label: "创新性", description: "思路、方法或载体有新意", max: 30 },
  { key: "effect", label: "实效性", description: "解决实际问题，成效可见可感", max: 30 },
  { key: "exemplary", label: "示范性", description: "在本区域内具有引领示范作用", max: 20 },
  { key: "transferable", label: "可推广性", description: "经验做法可复制、可推广", max: 20 },
];

/** The default 十佳 tier name; further tiers follow it by rank. */
export const WINNERS_TIER = "十佳案例";

export const CampaignInputSchema = z
  .object({
    title: name("评选名称", 100),
    year: z.number({ error: "请填写年度" }).int("年度须为整数").min(2000, "年度须在2000–2100之间").max(2100, "年度须在2000–2100之间"),
    description: z.string().trim().max(5000, "评选说明最多5000个字").optional(),
    submissionsOpenAt: isoDateTime("征集开始时间"),
    submissionsCloseAt: isoDateTime("征集截止时间"),
    rubric: z.array(CriterionSchema).min(1, "至少一个评分指标").max(10, "评分指标最多10个").default(DEFAULT_RUBRIC),
    winners: z.number().int("名额须为整数").min(1, "十佳名额至少为1").max(100, "十佳名额不能超过100").default(10),
    tiers: z.array(TierSchema).max(5, "奖项层级最多5个").default([]),
    orgAward: TierSchema.nullish().transform((value) => value ?? null),
    blind: z.boolean().default(true),
    judgesPerEntry: z.number().int("须为整数").min(1, "每件作品至少1位评委").max(15, "每件作品最多15位评委").default(3),
    noticeDays: z.number().int("须为整数").min(0, "公示天数须在0–30之间").max(30, "公示天数须在0–30之间").default(7),
    /** `working`: the 公示 lasts noticeDays 工作日 (Chinese working-day calendar); `calendar`: noticeDays × 24 h. */
    noticeDayKind: z.enum(["working", "calendar"], { error: "公示期计算方式须为 working 或 calendar" }).default("working"),
    entryForm: FormDefinitionSchema.optional(),
    reviewWorkflowId: z.string().min(1).max(64).optional(),
  })
  .superRefine((input, ctx) => {
    if (Date.parse(input.submissionsCloseAt) <= Date.parse(input.submissionsOpenAt)) {
      ctx.addIssue({ code: "custom", path: ["submissionsCloseAt"], message: "征集截止时间须晚于开始时间" });
    }
    const seen = new Set<string>();
    input.rubric.forEach((criterion, index) => {
      if (seen.has(criterion.key)) ctx.addIssue({ code: "custom", path: ["rubric", index, "key"], message: `指标标识“${criterion.key}”重复` });
      seen.add(criterion.key);
    });
    const tierNames = new Set<string>([WINNERS_TIER]);
    input.tiers.forEach((tier, index) => {
      if (tierNames.has(tier.name)) ctx.addIssue({ code: "custom", path: ["tiers", index, "name"], message: `奖项“${tier.name}”重复` });
      tierNames.add(tier.name);
    });
  });
export type CampaignInput = z.input<typeof CampaignInputSchema>;
export type CampaignConfig = Omit<z.output<typeof CampaignInputSchema>, "entryForm" | "reviewWorkflowId">;

/**
 * `PUT /campaigns/{id}/window`: the office extends the window (延长征集期), closes it early
 * (提前截止: a close time of now or in the past, after the opening) or moves the opening of a
 * window not yet open. Only while collecting; the close must be after the opening.
 */
export const WindowInputSchema = z.object({
  /** Omitted: the opening stays as it is. */
  submissionsOpenAt: isoDateTime("征集开始时间").optional(),
  submissionsCloseAt: isoDateTime("征集截止时间"),
});
export type WindowInput = z.input<typeof WindowInputSchema>;
export type WindowChange = z.output<typeof WindowInputSchema>;

export const EntryCreateSchema = z.object({
  unitId: z.string({ error: "请选择申报单位" }).min(1, "请选择申报单位").max(64),
  data: z.record(z.string(), z.unknown()).default({}),
  /** Save as a draft (lenient validation) instead of submitting. */
  draft: z.boolean().default(false),
});
export type EntryCreate = z.input<typeof EntryCreateSchema>;

export const EntryUpdateSchema = z.object({
  data: z.record(z.string(), z.unknown()),
  /** Submit (a draft) or resubmit (a returned entry); false saves the draft. */
  submit: z.boolean().default(false),
  /** The entry's `revision` as loaded; a stale save is refused (409 conflict.stale). */
  revision: z.number().int().min(1),
});
export type EntryUpdate = z.input<typeof EntryUpdateSchema>;

export const JudgesInputSchema = z.object({
  judgeIds: z.array(z.string().min(1).max(64)).max(100, "评委最多100位"),
});
export type JudgesInput = z.input<typeof JudgesInputSchema>;

export const ScoreInputSchema = z.object({
  /** criterion key → points, 0..max in steps of 0.5 (checked against the rubric: errors name `scores.<key>`). */
  scores: z.record(z.string(), z.number({ error: "分数须为数字" })).default({}),
  comment: z.string().trim().max(2000, "评语最多2000个字").default(""),
  /** Submit (final) instead of saving a draft; requires every criterion. */
  submit: z.boolean().default(false),
});
export type ScoreInput = z.input<typeof ScoreInputSchema>;

export const ConfirmInputSchema = z.object({
  awards: z.array(z.object({ tier: name("奖项", 30), entryIds: z.array(z.string().min(1).max(64)).max(200) })).min(1, "请至少确认一个奖项").max(10),
  orgAwards: z.array(z.string().min(1).max(64)).max(100).default([]),
});
export type ConfirmInput = z.input<typeof ConfirmInputSchema>;

export const ObjectionInputSchema = z.object({
  entryId: z.string().min(1).max(64).optional(),
  reasons: z.string({ error: "请填写异议理由" }).trim().min(10, "异议理由至少10个字").max(2000, "异议理由最多2000个字"),
});
export type ObjectionInput = z.input<typeof ObjectionInputSchema>;

export const ResolveInputSchema = z.object({
  answer: z.string({ error: "请填写处理意见" }).trim().min(1, "请填写处理意见").max(2000, "处理意见最多2000个字"),
  /** Whether the objection was found justified (成立). */
  upheld: z.boolean(),
});
export type ResolveInput = z.input<typeof ResolveInputSchema>;
