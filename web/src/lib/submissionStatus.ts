import type { SubmissionStatus } from "../api";

/** The same words the exports use (core forms/export STATUS_LABELS, which is server-only). */
export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  draft: "草稿",
  submitted: "已提交",
  in_review: "审核中",
  returned: "已退回",
  approved: "已通过",
  rejected: "未通过",
  withdrawn: "已撤回",
};

/** Statuses a submitted form can be in (drafts are never listed to reviewers). */
export const LISTED_STATUSES = ["submitted", "in_review", "returned", "approved", "rejected", "withdrawn"] as const satisfies readonly SubmissionStatus[];
