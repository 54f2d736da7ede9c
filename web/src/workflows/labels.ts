import type { ActionType, InstanceStatus, StepMode } from "./types";

export const INSTANCE_STATUS: Record<InstanceStatus, string> = {
  in_review: "审核中",
  returned: "已退回",
  approved: "已通过",
  rejected: "未通过",
  withdrawn: "已撤回",
};

export const MODE_LABELS: Record<StepMode, string> = {
  any: "或签",
  all: "会签",
  sequential: "依次",
};

export const MODE_HINTS: Record<StepMode, string> = {
  any: "一人同意即可",
  all: "须全部同意",
  sequential: "按顺序逐一同意",
};

/** The verb of each action, as the timeline and the buttons say it. */
export const ACTION_LABELS: Record<ActionType | "start" | "nudge", string> = {
  start: "提交",
  nudge: "催办",
  approve: "同意",
  reject: "驳回",
  return: "退回",
  resubmit: "重新提交",
  transfer: "转交",
  add_signer: "加签",
  withdraw: "撤回",
  comment: "评论",
  cc: "抄送",
};

/** 2026-05-03 (Beijing date). */
export { formatDate } from "../lib/format";

/** A list of names: 张晓雯、王海峰. Unknown ids show as 未知人员. */
export function namesOf(ids: readonly string[], names: Record<string, string>): string {
  return ids.map((id) => names[id] ?? "未知人员").join("、");
}
