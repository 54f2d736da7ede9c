import { z } from "zod";
import type { FormDefinition } from "../forms/definition";

/**
 * A public link's settings and the pure rules around them (no I/O): the open window, the total
 * quota, per-option quotas (名额), the per-phone limit, whether the filler proves a phone by SMS
 * code, and the per-address hourly rate limit.
 */
const iso = (error: string) => z.iso.datetime({ offset: true, error }).optional();

export const PublicLinkSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    opensAt: iso("请填写正确的开始时间"),
    closesAt: iso("请填写正确的截止时间"),
    /** At most this many submissions in all (withdrawn ones give their place back). */
    quota: z.number({ error: "名额须为整数" }).int("名额须为整数").min(1, "名额至少为1").max(100_000, "名额最多100000").optional(),
    /** Whether the filler proves a phone by SMS code before submitting. */
    smsRequired: z.boolean().default(true),
    /** Submissions per verified phone (needs `smsRequired`). */
    perPhone: z.number({ error: "每个手机号限填次数须为整数" }).int("每个手机号限填次数须为整数").min(1, "每个手机号至少可填1次").max(100, "每个手机号最多可填100次").optional(),
    /** Submissions per client address per hour (a CAPTCHA-free rate limit). */
    perAddressPerHour: z.number({ error: "每个网络每小时限填次数须为整数" }).int("每个网络每小时限填次数须为整数").min(1, "每个网络每小时至少可填1次").max(10_000, "每个网络每小时最多可填10000次").default(30),
    /** 名额 per option of a top-level 单选/下拉 field. */
    optionQuotas: z
      .array(z.object({ field: z.string().min(1, "请选择字段").max(64), option: z.string().min(1, "请选择选项").max(200), limit: z.number({ error: "名额须为整数" }).int("名额须为整数").min(1, "名额至少为1").max(100_000, "名额最多100000") }))
      .max(50, "最多设置50个选项名额")
      .default([]),
  })
  .superRefine((value, ctx) => {
    if (value.opensAt && value.closesAt && Date.parse(value.closesAt) <= Date.parse(value.opensAt)) {
      ctx.addIssue({ code: "custom", path: ["closesAt"], message: "截止时间须晚于开始时间" });
    }
    if (value.perPhone !== undefined && !value.smsRequired) {
      ctx.addIssue({ code: "custom", path: ["perPhone"], message: "限制每个手机号的填写次数须开启短信验证" });
    }
  });

export type PublicLinkSettingsInput = z.input<typeof PublicLinkSettingsSchema>;
export type PublicLinkSettings = z.output<typeof PublicLinkSettingsSchema>;

export type WindowState = "disabled" | "before" | "open" | "after";

export function windowState(settings: PublicLinkSettings, now = new Date()): WindowState {
  if (!settings.enabled) return "disabled";
  if (settings.opensAt && now.getTime() < Date.parse(settings.opensAt)) return "before";
  if (settings.closesAt && now.getTime() >= Date.parse(settings.closesAt)) return "after";
  return "open";
}

/** Field kinds a stranger cannot fill: files need an uploader's account, a member picker lists an org's people. */
const NEEDS_ACCOUNT = new Set(["file", "image", "member"]);

/**
 * What keeps a form (its published definition) and these settings from being published by link,
 * as field errors: a field kind that needs an account, an option quota on a field or option that
 * does not exist (or is not a top-level single choice).
 */
export function publicLinkProblems(definition: FormDefinition, settings: PublicLinkSettings): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const walk = (fields: FormDefinition["fields"], path: string) => {
    fields.forEach((field, i) => {
      if (NEEDS_ACCOUNT.has(field.type)) problems[`${path}${i}`] = [`“${field.label}”需要登录才能填写，不能通过公开链接收集`];
      if (field.type === "group") walk(field.fields, `${path}${i}.fields.`);
    });
  };
  walk(definition.fields, "fields.");
  settings.optionQuotas.forEach((quota, i) => {
    const field = definition.fields.find((f) => f.key === quota.field);
    if (!field || (field.type !== "select" && field.type !== "radio")) {
      problems[`optionQuotas.${i}.field`] = ["名额只能设在单选或下拉字段上"];
      return;
    }
    if (!field.options.some((option) => option.value === quota.option)) problems[`optionQuotas.${i}.option`] = [`“${field.label}”没有选项“${quota.option}”`];
  });
  return problems;
}

/** The option quotas an answer set uses (the chosen option of each quota'd field). */
export function quotasTaken(settings: PublicLinkSettings, data: Record<string, unknown>): Array<{ index: number; field: string; option: string; limit: number }> {
  return settings.optionQuotas.flatMap((quota, index) => (data[quota.field] === quota.option ? [{ index, ...quota }] : []));
}

/** A phone as shown to the owner and on the receipt: 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : "****";
}
