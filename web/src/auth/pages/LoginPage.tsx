import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useNavigate, useSearchParams } from "react-router-dom";
import { z } from "zod";
import { api, ApiError } from "../../api";
import { TextField } from "../../components/Fields";
import { ErrorMessage } from "../../components/Status";
import { useTitle } from "../../lib/useTitle";

const LoginSchema = z.object({
  login: z.string().trim().min(1, "请输入手机号或邮箱").max(254, "手机号或邮箱过长"),
  password: z.string().min(1, "请输入密码").max(256, "密码过长"),
});
type LoginValues = z.infer<typeof LoginSchema>;

/** Only same-site paths are followed after sign-in (never `//evil.example`). */
const safeNext = (next: string | null): string => (next && next.startsWith("/") && !next.startsWith("//") ? next : "/");

export function LoginPage() {
  useTitle("登录");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [problem, setProblem] = useState<string>();
  const { register, handleSubmit, formState } = useForm<LoginValues>({
    resolver: zodResolver(LoginSchema),
    defaultValues: { login: "", password: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async ({ login, password }) => {
    setProblem(undefined);
    try {
      await api.login(login, password);
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (error) {
      setProblem(error instanceof ApiError ? error.title : "登录失败，请重试");
    }
  });

  return (
    <main className="login">
      <div className="login__panel">
        <p className="login__brand" aria-hidden="true">
          同心
        </p>
        <h1>登录</h1>
        <p className="muted">新联会、分会、商会、新空间与统战部的表单和审批平台</p>
        <form onSubmit={onSubmit} noValidate className="form">
          <ErrorMessage error={problem} />
          <TextField
            label="手机号或邮箱"
            registration={register("login")}
            error={errors.login}
            autoComplete="username"
            autoCapitalize="off"
            spellCheck={false}
          />
          <TextField label="密码" type="password" registration={register("password")} error={errors.password} autoComplete="current-password" />
          <button type="submit" className="button button--primary button--block" disabled={isSubmitting}>
            {isSubmitting ? "正在登录…" : "登录"}
          </button>
        </form>
      </div>
    </main>
  );
}
