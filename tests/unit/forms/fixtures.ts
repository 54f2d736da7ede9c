import type { FormDefinition } from "@tongxin/core/forms/index";

/** 活动申报: the example — 经费明细 shows only when 是否需要经费 = 是. */
export const activityProposal = {
  title: "新空间活动申报",
  description: "请在活动开始前10个工作日提交",
  fields: [
    { key: "basics", type: "section", label: "基本信息" },
    { key: "name", type: "text", label: "活动名称", required: true, maxLength: 50 },
    { key: "theme", type: "select", label: "活动主题", required: true, options: [
      { value: "lecture", label: "讲座" },
      { value: "salon", label: "沙龙" },
      { value: "volunteer", label: "志愿服务" },
    ] },
    { key: "startsAt", type: "datetime", label: "开始时间", required: true, min: "2024-01-01T00:00" },
    { key: "capacity", type: "number", label: "计划人数", required: true, integer: true, min: 1, max: 500 },
    { key: "contactPhone", type: "phone", label: "联系电话", required: true },
    { key: "needFunding", type: "radio", label: "是否需要经费", required: true, options: [
      { value: "是", label: "是" },
      { value: "否", label: "否" },
    ] },
    { key: "budget", type: "group", label: "经费明细", required: true, minRows: 1, maxRows: 3,
      visibleIf: { field: "needFunding", op: "eq", value: "是" },
      fields: [
        { key: "item", type: "text", label: "支出项目", required: true },
        { key: "amount", type: "money", label: "金额", required: true, max: 1_000_000 },
        { key: "invoice", type: "file", label: "报价单", requiredIf: { field: "amount", op: "gt", value: 500_000 }, accept: ["application/pdf"] },
      ] },
    { key: "fundingNote", type: "textarea", label: "经费说明", visibleIf: { field: "needFunding", op: "eq", value: "是" },
      requiredIf: { field: "budget", op: "truthy" } },
    { key: "agree", type: "checkbox", label: "我已阅读并同意活动安全须知", required: true },
  ],
} satisfies FormDefinition;

/** Answers to `activityProposal` that pass, as a browser would send them (untrimmed, with extras). */
export const validProposalAnswers = {
  name: "  新空间读书沙龙 ",
  theme: "salon",
  startsAt: "2024-05-18T14:30",
  capacity: 40,
  contactPhone: "138 0013 8000",
  needFunding: "是",
  budget: [
    { item: "场地布置", amount: 50_000 },
    { item: "茶歇", amount: 600_000, invoice: [{ uploadId: "u1", name: "报价.pdf", size: 2048, type: "application/pdf", url: "blob:x" }] },
  ],
  fundingNote: "按实结算",
  agree: true,
  basics: "ignored",
  somethingElse: 1,
};
