import type { ActionType } from "./types";

/** Actions that open a dialog (resubmitting a proposal is done by editing it instead). */
export type DialogAction = Exclude<ActionType, "resubmit">;

export interface ActionSpec {
  /** The button. */
  button: string;
  /** The dialog's heading. */
  title: string;
  /** The confirm button. */
  confirm: string;
  /** The comment box: its label, and the message when a required one is empty. */
  comment: { label: string; required?: string };
  /** What the dialog needs besides the comment. */
  needs?: "returnTarget" | "person" | "people";
  /** A line of explanation above the fields. */
  intro?: string;
  /** Said on the page afterwards. */
  done: string;
  danger?: boolean;
}

export const ACTION_SPECS: Record<DialogAction, ActionSpec> = {
  approve: { button: "同意", title: "同意", confirm: "确认同意", comment: { label: "审批意见" }, done: "已同意" },
  reject: {
    button: "驳回",
    title: "驳回申报",
    confirm: "确认驳回",
    comment: { label: "驳回理由", required: "请填写驳回理由" },
    intro: "驳回后审批结束，申报人不能再修改这份申报。",
    done: "已驳回",
    danger: true,
  },
  return: {
    button: "退回",
    title: "退回修改",
    confirm: "确认退回",
    comment: { label: "退回理由", required: "请填写退回理由" },
    needs: "returnTarget",
    done: "已退回",
  },
  transfer: { button: "转交", title: "转交他人审批", confirm: "确认转交", comment: { label: "说明" }, needs: "person", done: "已转交" },
  add_signer: {
    button: "加签",
    title: "加签",
    confirm: "确认加签",
    comment: { label: "说明" },
    needs: "person",
    intro: "加签人须同意后，本步骤才算完成。",
    done: "已加签",
  },
  cc: { button: "抄送", title: "抄送", confirm: "确认抄送", comment: { label: "说明" }, needs: "people", intro: "被抄送的人可以查看这份申报，但不参与审批。", done: "已抄送" },
  withdraw: {
    button: "撤回",
    title: "撤回申报",
    confirm: "确认撤回",
    comment: { label: "撤回原因" },
    intro: "撤回后审批终止，如需开展活动须重新填写申报。确定要撤回吗？",
    done: "已撤回",
    danger: true,
  },
  comment: { button: "评论", title: "发表评论", confirm: "发表", comment: { label: "评论内容", required: "请填写评论内容" }, done: "评论已发表" },
};

/** Shown in the sticky bar (the decisions); the rest sit in 其他操作. */
export const PRIMARY_ACTIONS: readonly DialogAction[] = ["approve", "return", "reject", "withdraw"];
export const SECONDARY_ACTIONS: readonly DialogAction[] = ["transfer", "add_signer", "cc", "comment"];
