/** Why someone asks for a value in full ("查看完整"): a short list, so the log can be read and counted. */
export const REVEAL_REASONS = {
  verify_identity: "核实身份（如候选人、会员资格审查）",
  contact: "联系本人",
  handle_business: "办理本人申请的业务",
  legal_request: "依法配合有关部门",
} as const;

export type RevealReason = keyof typeof REVEAL_REASONS;
export const REVEAL_REASON_CODES = Object.keys(REVEAL_REASONS) as [RevealReason, ...RevealReason[]];
