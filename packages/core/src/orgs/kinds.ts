/** Kinds of organisation in the tree 区委统战部 → 街镇 → 新空间 / 分会 / 商会. */
export const ORG_KINDS = {
  district_office: "区委统战部",
  subdistrict: "街镇",
  association: "新联会",
  branch: "分会",
  intellectuals: "知联会",
  chamber: "商会",
  new_space: "新空间",
} as const;

export type OrgKind = keyof typeof ORG_KINDS;
export const ORG_KIND_CODES = Object.keys(ORG_KINDS) as [OrgKind, ...OrgKind[]];
