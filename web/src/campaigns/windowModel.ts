import { fromBeijingInput, toBeijingInput } from "@tongxin/core/office/beijing-time";
import type { Campaign } from "@tongxin/core/campaigns/model";

/**
 * 调整征集时间: what the dialog holds (`datetime-local` values) and how it becomes the body of
 * PUT /campaigns/{id}/window. The server checks the same rules; these give the message first.
 */
/** A Date as a `datetime-local` value in Beijing time, whatever the device's zone (seconds kept when set). */
export const toLocalInput = (date: Date): string => toBeijingInput(date);

export interface WindowValues {
  openAt: string;
  closeAt: string;
}

export type WindowField = "submissionsOpenAt" | "submissionsCloseAt";

export interface WindowBody {
  submissionsOpenAt?: string;
  submissionsCloseAt: string;
}

type Window = Pick<Campaign, "submissionsOpenAt" | "submissionsCloseAt">;

/** The window as the dialog shows it first. */
export const windowValues = (campaign: Window): WindowValues => ({
  openAt: toLocalInput(new Date(campaign.submissionsOpenAt)),
  closeAt: toLocalInput(new Date(campaign.submissionsCloseAt)),
});

/** Whether the window has opened (then its opening can no longer be moved). */
export const hasOpened = (campaign: Window, now = new Date()): boolean => now.getTime() >= Date.parse(campaign.submissionsOpenAt);

const parse = (value: string) => (value.trim() === "" ? Number.NaN : fromBeijingInput(value).getTime());

/** What is wrong with the typed window, by the body field it lands on (empty when fine). */
export function windowProblems(values: WindowValues, campaign: Window, now = new Date()): Partial<Record<WindowField, string>> {
  const problems: Partial<Record<WindowField, string>> = {};
  const open = opened(values, campaign, now) ? Date.parse(campaign.submissionsOpenAt) : parse(values.openAt);
  const close = parse(values.closeAt);
  if (Number.isNaN(open)) problems.submissionsOpenAt = values.openAt.trim() === "" ? "请选择开始征集时间" : "开始征集时间格式不正确";
  if (Number.isNaN(close)) problems.submissionsCloseAt = values.closeAt.trim() === "" ? "请选择截止时间" : "截止时间格式不正确";
  else if (!Number.isNaN(open) && close <= open) problems.submissionsCloseAt = "截止时间应晚于开始时间";
  return problems;
}

/** Whether the opening is kept as it is: the window has opened, or the typed value is unchanged. */
function opened(values: WindowValues, campaign: Window, now: Date): boolean {
  return hasOpened(campaign, now) || values.openAt === windowValues(campaign).openAt;
}

/** The body to send: the opening only when it is to move. */
export function windowBody(values: WindowValues, campaign: Window, now = new Date()): WindowBody {
  // An untouched close keeps its stored value (the input drops milliseconds).
  const closeAt = values.closeAt === windowValues(campaign).closeAt ? campaign.submissionsCloseAt : fromBeijingInput(values.closeAt).toISOString();
  return opened(values, campaign, now) ? { submissionsCloseAt: closeAt } : { submissionsOpenAt: fromBeijingInput(values.openAt).toISOString(), submissionsCloseAt: closeAt };
}

/** 提前截止: the window closes now. */
export const closeNowBody = (now = new Date()): WindowBody => ({ submissionsCloseAt: now.toISOString() });
