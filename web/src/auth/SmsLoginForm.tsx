import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { api } from "../api";
import { TextField } from "../components/Fields";
import { ErrorMessage } from "../components/Status";
import { showCodeProblem } from "./codeProblem";
import { CodeField } from "./CodeField";
import { PhoneSchema, SmsLoginSchema, type SmsLoginInput, type SmsLoginValues } from "./schemas";
import { useSmsCode } from "./useSmsCode";

/** 短信验证码登录: a phone number and the code sent to it, for members with or without a password. */
export function SmsLoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [problem, setProblem] = useState<string>();
  const sms = useSmsCode("login");
  const { register, handleSubmit, formState, trigger, getValues, setError } = useForm<SmsLoginInput, unknown, SmsLoginValues>({
    resolver: zodResolver(SmsLoginSchema),
    defaultValues: { phone: "", code: "" },
  });
  const { errors, isSubmitting } = formState;

  const sendCode = async () => {
    if (await trigger("phone")) await sms.send(PhoneSchema.parse(getValues("phone")));
  };

  const onSubmit = handleSubmit(async ({ phone, code }) => {
    setProblem(undefined);
    try {
      await api.loginWithSmsCode(phone, code);
      onSignedIn();
    } catch (error) {
      setProblem(showCodeProblem(error, setError, ["phone", "code"]));
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
      <button type="submit" className="button button--primary button--block" disabled={isSubmitting}>
        {isSubmitting ? "正在登录…" : "登录"}
      </button>
    </form>
  );
}
