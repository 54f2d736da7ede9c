/** Roles a person holds in one organisation. */
export const ROLES = {
  admin: "管理员",
  reviewer: "审核人",
  judge: "评审专家",
  scrutineer: "监票人",
  member: "会员",
} as const;

export type Role = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as [Role, ...Role[]];
