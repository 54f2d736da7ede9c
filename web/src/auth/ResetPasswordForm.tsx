import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { api } from "../api";
import { TextField } from "../components/Fields";
import { ErrorMessage } from "../components/Status";
import { showCodeProblem } from "./codeProblem";
import { CodeField } from "./CodeField";
import { PhoneSchema, ResetPasswordSchema, type ResetPasswordInput, type ResetPasswordValues } from "./schemas";
import { useSmsCode } from "./useSmsCode";

/**
 * 忘记密码: a code sent to the account's phone and a new password of the member's own choosing.
 * The server's password rules decide; its reasons appear under 新密码.
 */
export function ResetPasswordForm({ onReset, onCancel }: { onReset: (phone: string) => void; onCancel: () => void }) {
  const [problem, setProblem] = useState<string>();
  const sms = useSmsCode("reset");
  const { register, handleSubmit, formState, trigger, getValues, setError } = useForm<ResetPasswordInput, unknown, ResetPasswordValues>({
    resolver: zodResolver(ResetPasswordSchema),
    defaultValues: { phone: "", code: "", password: "", confirm: "" },
  });
  const { errors, isSubmitting } = formState;

  const sendCode = async () => {
    if (await trigger("phone")) await sms.send(PhoneSchema.parse(getValues("phone")));
  };

  const onSubmit = handleSubmit(async ({ phone, code, password }) => {
    setProblem(undefined);
    try {
      await api.resetPassword(phone, code, password);
      onReset(phone);
    } catch (error) {
      setProblem(showCodeProblem(error, setError, ["phone", "code", "password"]));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form">
      <ErrorMessage error={problem ?? sms.problem} />
      {sms.notice && (
        <p className="form__notice" role="status">
          {sms.notice}
        </p>
      )}
      <TextField label="手机号" type="tel" inputMode="numeric" autoComplete="tel" registration={register("phone")} error={errors.phone} />
      <CodeField registration={register("code")} error={errors.code} left={sms.left} sending={sms.sending} onSend={() => void sendCode()} />
      <TextField label="新密码" type="password" autoComplete="new-password" hint="至少8位" registration={register("password")} error={errors.password} />
      <TextField label="确认新密码" type="password" autoComplete="new-password" registration={register("confirm")} error={errors.confirm} />
      <button type="submit" className="button button--primary button--block" disabled={isSubmitting}>
        {isSubmitting ? "正在提交…" : "重置密码"}
      </button>
      <button type="button" className="link-button" onClick={onCancel}>
        返回登录
      </button>
    </form>
  );
}
