import { z } from "../zod-locale";
import { MOBILE_PATTERN, normalizeLogin } from "../auth/login-id";
import { ROLE_CODES } from "../access/roles";
import { isIdCardNumber } from "../forms/checksums";

/** 新阶层类别: the four groups of the new social strata. */
export const STRATA = [
  "民营企业和外商投资企业管理技术人员",
  "中介组织和社会组织从业人员",
  "自由职业人员",
  "新媒体从业人员",
] as const;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}最多${max}个字`)
    .optional()
    .transform((value) => (value ? value : undefined));

/** A member's profile in one org: 姓名, 手机, 单位, 职务, 新阶层类别, and their roles there. */
export const MemberProfileSchema = z.object({
  name: z.string({ error: "请填写姓名" }).trim().min(1, "请填写姓名").max(50, "姓名最多50个字"),
  phone: z
    .string({ error: "请填写手机号" })
    .transform((value) => normalizeLogin(value))
    .refine((value) => MOBILE_PATTERN.test(value), "请输入正确的11位手机号"),
  email: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value.toLowerCase() : undefined))
    .refine((value) => value === undefined || z.email().safeParse(value).success, "请输入正确的邮箱"),
  /** 身份证号: sensitive (PIPL art. 28): stored sealed, shown masked, one per member of an org (privacy/README.md). */
  idNumber: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value.toUpperCase() : undefined))
    .refine((value) => value === undefined || isIdCardNumber(value), "请输入正确的18位身份证号"),
  unit: optionalText(100, "单位"),
  title: optionalText(50, "职务"),
  stratum: z.enum(STRATA, { error: "新阶层类别须为四类之一" }).optional(),
  roles: z.array(z.enum(ROLE_CODES, { error: "未知角色" })).min(1, "至少一个角色").default(["member"]),
});
export type MemberProfileInput = z.input<typeof MemberProfileSchema>;
export type MemberProfile = z.output<typeof MemberProfileSchema>;

/**
 * A new member: the profile only. No admin chooses a member's password (issue #15): a person new
 * to the platform gets an invitation SMS and sets their own (auth/invitation.ts).
 */
export const NewMemberSchema = MemberProfileSchema.extend({
  /** Refused when given: a client still sending one is told why, rather than having it dropped. */
  initialPassword: z
    .unknown()
    .optional()
    .refine((value) => value === undefined, "管理员不能设置成员密码：新成员会收到邀请短信，自行设置密码"),
});
export type NewMember = z.output<typeof NewMemberSchema>;

export const MemberUpdateSchema = MemberProfileSchema.omit({ phone: true, email: true }).partial();
export type MemberUpdate = z.output<typeof MemberUpdateSchema>;
