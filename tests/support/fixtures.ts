/** The 活动申报表 in miniature: a condition, money, a repeating group, a photo. */
export const activityForm = {
  title: "活动申报表",
  fields: [
    { key: "title", type: "text", label: "活动名称", required: true, maxLength: 50 },
    { key: "theme", type: "select", label: "活动主题", required: true, options: [{ value: "sishi", label: "四史学习" }, { value: "volunteer", label: "公益志愿" }] },
    { key: "date", type: "date", label: "活动日期", required: true },
    { key: "needsFunds", type: "radio", label: "是否需要经费", required: true, options: [{ value: "yes", label: "是" }, { value: "no", label: "否" }] },
    {
      key: "budget",
      type: "group",
      label: "经费明细",
      visibleIf: { field: "needsFunds", op: "eq", value: "yes" },
      requiredIf: { field: "needsFunds", op: "eq", value: "yes" },
      minRows: 1,
      maxRows: 10,
      fields: [
        { key: "item", type: "text", label: "项目", required: true },
        { key: "amount", type: "money", label: "金额", required: true, min: 1 },
      ],
    },
    { key: "poster", type: "image", label: "活动海报", maxSizeMB: 1 },
  ],
};

