import { z } from "zod";

/**
 * The sign-in forms' rules, worded for the person at the phone. The server checks the same
 * things again (and the password rules it has); its field errors are shown beside the fields.
 */
const mobile = z
  .string()
  .trim()
  .min(1, "请输入手机号")
  .transform((raw) => raw.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, ""))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, "请输入正确的11位手机号"));

const smsCode = z.string().trim().regex(/^\d{6}$/, "请输入短信中的6位数字验证码");

export const PasswordLoginSchema = z.object({
  login: z.string().trim().min(1, "请输入手机号或邮箱").max(254, "手机号或邮箱过长"),
  password: z.string().min(1, "请输入密码").max(256, "密码过长"),
});
export type PasswordLoginValues = z.infer<typeof PasswordLoginSchema>;

export const SmsLoginSchema = z.object({ phone: mobile, code: smsCode });
export type SmsLoginInput = z.input<typeof SmsLoginSchema>;
export type SmsLoginValues = z.output<typeof SmsLoginSchema>;

export const ResetPasswordSchema = z
  .object({
    phone: mobile,
    code: smsCode,
    password: z.string().min(8, "新密码至少8位").max(256, "新密码过长"),
    confirm: z.string().min(1, "请再次输入新密码"),
  })
  .refine((values) => values.password === values.confirm, { path: ["confirm"], message: "两次输入的新密码不一致" });
export type ResetPasswordInput = z.input<typeof ResetPasswordSchema>;
export type ResetPasswordValues = z.output<typeof ResetPasswordSchema>;

/** The phone rule alone, to check the number before a code is sent. */
export const PhoneSchema = mobile;
