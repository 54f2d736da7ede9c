import type { FormDefinition } from "../forms/index";

/** 活动主题: the themes activities are counted by. */
export const ACTIVITY_THEMES = [
  { value: "sishi", label: "四史学习" },
  { value: "volunteer", label: "公益志愿" },
  { value: "science", label: "科普" },
  { value: "fellowship", label: "联谊" },
  { value: "advice", label: "建言献策" },
] as const;

/**
 * 活动申报表: what an organizer fills to propose an activity. The activity module reads
 * these keys when an approved proposal opens for sign-up.
 */
export const ACTIVITY_PROPOSAL_FORM: FormDefinition = {
  title: "活动申报表",
  description: "新空间、分会等组织开展活动前填写，经审批后向会员开放报名。",
  fields: [
    { key: "title", type: "text", label: "活动名称", required: true, maxLength: 50 },
    { key: "theme", type: "select", label: "活动主题", required: true, options: ACTIVITY_THEMES.map((theme) => ({ ...theme })) },
    { key: "startsAt", type: "datetime", label: "开始时间", required: true },
    { key: "endsAt", type: "datetime", label: "结束时间", required: true, after: "startsAt" },
    { key: "venue", type: "text", label: "活动地点", required: true, maxLength: 100 },
    { key: "capacity", type: "number", label: "人数上限", required: true, integer: true, min: 1, max: 5000 },
    { key: "needsFunds", type: "radio", label: "是否需要经费", required: true, options: [{ value: "yes", label: "是" }, { value: "no", label: "否" }] },
    {
      key: "budget",
      type: "group",
      label: "经费明细",
      visibleIf: { field: "needsFunds", op: "eq", value: "yes" },
      requiredIf: { field: "needsFunds", op: "eq", value: "yes" },
      minRows: 1,
      maxRows: 20,
      fields: [
        { key: "item", type: "text", label: "项目", required: true, maxLength: 40 },
        { key: "amount", type: "money", label: "金额", required: true, min: 1 },
      ],
    },
    { key: "description", type: "textarea", label: "活动内容", required: true, maxLength: 2000 },
    { key: "safetyNotes", type: "textarea", label: "安全预案", maxLength: 1000 },
    { key: "poster", type: "image", label: "活动海报", maxFiles: 1, maxSizeMB: 5 },
  ],
} as FormDefinition;

/** The fields an activity is opened from, with the type each must have. */
const ACTIVITY_KEYS: ReadonlyArray<readonly [key: string, types: readonly string[]]> = [
  ["title", ["text"]],
  ["theme", ["select", "radio"]],
  ["startsAt", ["datetime"]],
  ["endsAt", ["datetime"]],
  ["venue", ["text", "textarea"]],
  ["capacity", ["number"]],
];

/**
 * Whether a form is an activity proposal: it has the activity keys with the right types.
 * The seeded 活动申报表 is one; so is any copy an org admin builds with the same keys, so
 * approval opens an activity however the form came to be.
 */
export function isActivityProposal(definition: Pick<FormDefinition, "fields">): boolean {
  const types = new Map(definition.fields.map((field) => [field.key, field.type as string]));
  return ACTIVITY_KEYS.every(([key, allowed]) => allowed.includes(types.get(key) ?? ""));
}

/** The label of a theme as the proposal's definition names it (else the default list's). */
export function themeLabel(definition: Pick<FormDefinition, "fields">, theme: string): string {
  const field = definition.fields.find((f) => f.key === "theme");
  const options = field && "options" in field ? (field.options ?? []) : [];
  return options.find((option) => option.value === theme)?.label ?? ACTIVITY_THEMES.find((t) => t.value === theme)?.label ?? theme;
}
