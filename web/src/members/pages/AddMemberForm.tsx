import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { normalizeLogin } from "@tongxin/core/auth/login-id";
import { api, type Member } from "../../api";
import { CheckboxGroup, SelectField, TextField } from "../../components/Fields";
import { ErrorMessage, Success } from "../../components/Status";
import { MOBILE_PATTERN, ROLE_CODES, ROLES, STRATA } from "../../lib/labels";
import { applyServerErrors } from "../../lib/serverErrors";

const optional = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}最多${max}个字`)
    .transform((value) => value || undefined);

const AddMemberSchema = z.object({
  name: z.string().trim().min(1, "请填写姓名").max(50, "姓名最多50个字"),
  phone: z
    .string()
    .transform((value) => normalizeLogin(value))
    .refine((value) => value !== "", "请填写手机号")
    .refine((value) => value === "" || MOBILE_PATTERN.test(value), "请输入正确的11位手机号"),
  email: z
    .string()
    .trim()
    .transform((value) => value.toLowerCase() || undefined)
    .refine((value) => value === undefined || z.email().safeParse(value).success, "请输入正确的邮箱"),
  unit: optional(100, "单位"),
  title: optional(50, "职务"),
  stratum: z.union([z.literal(""), z.enum(STRATA)]).transform((value) => value || undefined),
  roles: z.preprocess((value) => (Array.isArray(value) ? value : value ? [value] : []), z.array(z.enum(ROLE_CODES)).min(1, "至少选择一个角色")),
});
type AddMemberInput = z.input<typeof AddMemberSchema>;
type AddMemberValues = z.output<typeof AddMemberSchema>;

const FIELDS = ["name", "phone", "email", "unit", "title", "stratum", "roles"] as const;
const STRATUM_OPTIONS = STRATA.map((value) => ({ value, label: value }));
const ROLE_OPTIONS = ROLE_CODES.map((code) => ({ value: code, label: ROLES[code] }));
const EMPTY: AddMemberInput = { name: "", phone: "", email: "", unit: "", title: "", stratum: "", roles: ["member"] };

/** 添加成员 (admins): one person; the server's field errors appear next to the fields. */
export function AddMemberForm({ orgId, onAdded }: { orgId: string; onAdded: (member: Member) => void }) {
  const [problem, setProblem] = useState<string>();
  const [added, setAdded] = useState<string>();
  const { register, handleSubmit, reset, setError, formState } = useForm<AddMemberInput, unknown, AddMemberValues>({
    resolver: zodResolver(AddMemberSchema),
    defaultValues: EMPTY,
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setProblem(undefined);
    setAdded(undefined);
    try {
      const member = await api.addMember(orgId, values);
      onAdded(member);
      setAdded(member.name);
      reset(EMPTY);
    } catch (error) {
      setProblem(applyServerErrors(error, setError, FIELDS));
    }
  });

  return (
    <details className="panel disclosure">
      <summary>添加成员</summary>
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorMessage error={problem} />
        <TextField label="姓名" registration={register("name")} error={errors.name} autoComplete="off" />
        <TextField label="手机" type="tel" inputMode="numeric" registration={register("phone")} error={errors.phone} autoComplete="off" />
        <TextField label="单位" optional registration={register("unit")} error={errors.unit} />
        <TextField label="职务" optional registration={register("title")} error={errors.title} />
        <SelectField label="新阶层类别" optional registration={register("stratum")} error={errors.stratum} options={STRATUM_OPTIONS} placeholder="不填" />
        <TextField label="邮箱" optional type="email" registration={register("email")} error={errors.email} autoCapitalize="off" spellCheck={false} />
        <CheckboxGroup legend="角色" registration={register("roles")} options={ROLE_OPTIONS} error={errors.roles} />
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? "正在添加…" : "添加"}
        </button>
        {added && <Success>已添加“{added}”。尚未设置密码的新成员会收到邀请短信，自行设置密码（链接7天内有效）。</Success>}
      </form>
    </details>
  );
}
