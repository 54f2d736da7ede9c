import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { api, ApiError } from "../api";
import { TextField } from "../components/Fields";
import { ErrorMessage } from "../components/Status";
import { PasswordLoginSchema, type PasswordLoginValues } from "./schemas";

/** 密码登录 with a phone number or e-mail, and the way to 忘记密码. */
export function PasswordLoginForm({ login = "", onSignedIn, onForgot }: { login?: string; onSignedIn: () => void; onForgot: () => void }) {
  const [problem, setProblem] = useState<string>();
  const { register, handleSubmit, formState } = useForm<PasswordLoginValues>({
    resolver: zodResolver(PasswordLoginSchema),
    defaultValues: { login, password: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async ({ login: id, password }) => {
    setProblem(undefined);
    try {
      await api.login(id, password);
      onSignedIn();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.title : "登录失败，请重试");
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form">
      <ErrorMessage error={problem} />
      <TextField label="手机号或邮箱" registration={register("login")} error={errors.login} autoComplete="username" autoCapitalize="off" spellCheck={false} />
      <TextField label="密码" type="password" registration={register("password")} error={errors.password} autoComplete="current-password" />
      <button type="submit" className="button button--primary button--block" disabled={isSubmitting}>
        {isSubmitting ? "正在登录…" : "登录"}
      </button>
      <button type="button" className="link-button" onClick={onForgot}>
        忘记密码？
      </button>
    </form>
  );
}
