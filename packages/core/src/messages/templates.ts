import type { TemplateCode } from "./model";

/**
 * Message templates, modelled the way Chinese SMS providers register them: a template code
 * and named string parameters (阿里云/腾讯云 短信模板). The in-app title and body use the same
 * parameters, so what a person reads in the app and on the phone say the same thing.
 */
export interface Template {
  /** The provider's registered template code for this stage (overridable per stage by `SMS_TEMPLATES`). */
  smsCode: string;
  /** Parameters the registered template expects, in order. */
  params: readonly string[];
  title: (p: Record<string, string>) => string;
  body: (p: Record<string, string>) => string;
  /** Sent by SMS whatever the person's preferences say (sign-in codes, invitations). */
  smsAlways?: boolean;
}

const t = (smsCode: string, params: readonly string[], title: Template["title"], body: Template["body"], smsAlways?: boolean): Template => ({ smsCode, params, title, body, smsAlways });

export const TEMPLATES: Record<TemplateCode, Template> = {
  "approval.task": t("SMS_TX_0001", ["title", "step", "submitter", "due"], (p) => `待审批：${p.title}`, (p) => `${p.submitter}提交的「${p.title}」等待您审批（${p.step}），请于${p.due}前处理。`),
  "approval.transferred": t("SMS_TX_0002", ["title", "step", "submitter", "due"], (p) => `审批转交给您：${p.title}`, (p) => `「${p.title}」（${p.submitter}提交）的${p.step}已转交给您审批，请于${p.due}前处理。`),
  "approval.signer_added": t("SMS_TX_0003", ["title", "step", "submitter", "due"], (p) => `加签：${p.title}`, (p) => `您被加签为「${p.title}」（${p.submitter}提交）${p.step}的审批人，请于${p.due}前处理。`),
  "approval.cc": t("SMS_TX_0004", ["title", "unit"], (p) => `抄送：${p.title}`, (p) => `${p.unit}的「${p.title}」抄送给您，供您知悉。`),
  "approval.returned": t("SMS_TX_0005", ["title", "comment"], (p) => `已退回修改：${p.title}`, (p) => `您提交的「${p.title}」被退回修改：${p.comment}`),
  "approval.approved": t("SMS_TX_0006", ["title"], (p) => `已通过：${p.title}`, (p) => `您提交的「${p.title}」已审批通过。`),
  "approval.rejected": t("SMS_TX_0007", ["title", "comment"], (p) => `未通过：${p.title}`, (p) => `您提交的「${p.title}」未获通过：${p.comment}`),
  "approval.overdue": t("SMS_TX_0008", ["title", "step", "due"], (p) => `审批已逾期：${p.title}`, (p) => `「${p.title}」（${p.step}）已于${p.due}到期，请尽快处理。`),
  "approval.nudge": t("SMS_TX_0009", ["title", "submitter"], (p) => `催办：${p.title}`, (p) => `${p.submitter}提醒您尽快审批「${p.title}」。`),
  "approval.digest": t("SMS_TX_0022", ["count", "titles"], (p) => `${p.count}项审批已逾期`, (p) => `您有${p.count}项审批已逾期待处理：${p.titles}，请登录同心尽快处理。`),
  "signup.confirmed": t("SMS_TX_0010", ["title", "startsAt", "venue"], (p) => `报名成功：${p.title}`, (p) => `您已报名「${p.title}」，${p.startsAt}在${p.venue}举行，请凭签到码入场。`),
  "signup.promoted": t("SMS_TX_0011", ["title", "startsAt", "venue"], (p) => `候补转正：${p.title}`, (p) => `有人退出，您已由候补转为正式报名「${p.title}」，${p.startsAt}在${p.venue}举行。`),
  "activity.changed": t("SMS_TX_0012", ["title", "startsAt", "venue"], (p) => `活动变更：${p.title}`, (p) => `您报名的「${p.title}」有变更：${p.startsAt}在${p.venue}举行。`),
  "activity.cancelled": t("SMS_TX_0013", ["title"], (p) => `活动取消：${p.title}`, (p) => `您报名的「${p.title}」已取消，给您带来不便，敬请谅解。`),
  "activity.tomorrow": t("SMS_TX_0014", ["title", "startsAt", "venue"], (p) => `明天的活动：${p.title}`, (p) => `提醒：「${p.title}」将于${p.startsAt}在${p.venue}举行。`),
  "activity.summary_overdue": t("SMS_TX_0023", ["title", "due"], (p) => `活动总结已逾期：${p.title}`, (p) => `「${p.title}」的活动总结应于${p.due}前提交，目前尚未提交，请尽快补交。`),
  "election.opened": t("SMS_TX_0015", ["title"], (p) => `投票已开始：${p.title}`, (p) => `「${p.title}」已开始投票，请按会议安排投票。`),
  "election.vote_online": t("SMS_TX_0025", ["title", "link"], (p) => `网上投票已开始：${p.title}`, (p) => `「${p.title}」已开始网上投票，请打开 ${p.link} 登录后投出您的选票。`),
  "election.published": t("SMS_TX_0016", ["title"], (p) => `选举结果已公布：${p.title}`, (p) => `「${p.title}」的选举结果已公布，可在同心查看。`),
  "campaign.judge_assigned": t("SMS_TX_0017", ["title"], (p) => `评审任务：${p.title}`, (p) => `您被分配为「${p.title}」的评审专家，请登录同心评分。`),
  "campaign.notice_started": t("SMS_TX_0018", ["title"], (p) => `公示开始：${p.title}`, (p) => `「${p.title}」的评选结果开始公示。`),
  "campaign.objection_answered": t("SMS_TX_0019", ["title"], (p) => `异议已答复：${p.title}`, (p) => `您对「${p.title}」提出的异议已有答复，请登录同心查看。`),
  "campaign.notice_ended": t("SMS_TX_0024", ["title", "endedAt", "openObjections"], (p) => `公示期结束：${p.title}`, (p) => `「${p.title}」的公示期已于${p.endedAt}结束，待处理异议${p.openObjections}件，处理完毕后即可发布最终结果。`),
  "auth.sms_code": t("SMS_TX_0020", ["code"], () => "验证码", (p) => `您的同心验证码为${p.code}，5分钟内有效。如非本人操作，请忽略本短信。`, true),
  "member.invited": t("SMS_TX_0021", ["org", "link"], (p) => `邀请加入${p.org}`, (p) => `${p.org}邀请您使用同心，请打开 ${p.link} 设置密码或用短信验证码登录。`, true),
};

/**
 * The title and body of a template with its parameters.
 * @example render("approval.approved", { title: "读书会" }).body // "您提交的「读书会」已审批通过。"
 */
export function render(code: TemplateCode, params: Record<string, string>): { title: string; body: string } {
  const template = TEMPLATES[code];
  return { title: template.title(params), body: template.body(params) };
}

/** The parameters a registered SMS template takes, in the template's own names. */
export function smsParams(code: TemplateCode, params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(TEMPLATES[code].params.map((name) => [name, params[name] ?? ""]));
}

/**
 * The registered template code of a message on this stage: `SMS_TEMPLATES` (JSON, message
 * template → the code Aliyun approved for the stage's signature) overrides the default.
 * @example smsCodeOf("auth.sms_code", '{"auth.sms_code":"SMS_465000001"}') // "SMS_465000001"
 */
export function smsCodeOf(code: TemplateCode, overrides = process.env.SMS_TEMPLATES): string {
  if (overrides) {
    try {
      const chosen = (JSON.parse(overrides) as Record<string, unknown>)[code];
      if (typeof chosen === "string" && chosen) return chosen;
    } catch {
      // A malformed setting falls back to the defaults rather than stopping every message.
    }
  }
  return TEMPLATES[code].smsCode;
}
