import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Link, useNavigate } from "react-router-dom";
import { z } from "zod";
import { passwordProblem, PASSWORD_MAX_LENGTH } from "@tongxin/core/auth/password-strength";
import { api, ApiError } from "../../api";
import { TextField } from "../../components/Fields";
import { ErrorMessage, Loading } from "../../components/Status";
import { applyServerErrors } from "../../lib/serverErrors";
import { useTitle } from "../../lib/useTitle";
import { MIN_SCORE, PasswordStrength } from "../PasswordStrength";

const InviteSchema = z
  .object({
    password: z.string().max(PASSWORD_MAX_LENGTH, `密码最多${PASSWORD_MAX_LENGTH}位`),
    confirm: z.string(),
  })
  .superRefine((values, context) => {
    const problem = passwordProblem(values.password, {});
    if (problem) context.addIssue({ code: "custom", path: ["password"], message: problem });
    if (values.confirm !== values.password) context.addIssue({ code: "custom", path: ["confirm"], message: "两次输入的密码不一致" });
  });
type InviteValues = z.infer<typeof InviteSchema>;

/** The invitation token travels in the link's fragment (`/invite#…`), which no server ever logs. */
const tokenOfLink = () => decodeURIComponent(window.location.hash.replace(/^#/, ""));

/**
 * 接受邀请: the page an invitation SMS links to. The new member chooses their own password (no
 * admin ever sees it) and is signed in; a used or expired link says so and offers the SMS code.
 */
export function InvitePage() {
  useTitle("设置密码");
  const navigate = useNavigate();
  const [token] = useState(tokenOfLink);
  const [name, setName] = useState<string>();
  const [invalid, setInvalid] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [score, setScore] = useState<number>();
  const { register, handleSubmit, formState, setError, watch } = useForm<InviteValues>({ resolver: zodResolver(InviteSchema), defaultValues: { password: "", confirm: "" } });
  const { errors, isSubmitting } = formState;

  useEffect(() => {
    if (!token) {
      setInvalid("邀请链接不完整，请从短信中完整打开链接。");
      return;
    }
    api.invitation(token).then(
      (who) => setName(who.name),
      (error: unknown) => setInvalid(error instanceof ApiError ? error.title : "邀请链接无法打开，请稍后再试。"),
    );
  }, [token]);

  const onSubmit = handleSubmit(async ({ password }) => {
    setProblem(undefined);
    if (score !== undefined && score < MIN_SCORE) {
      setError("password", { type: "strength", message: "密码强度太弱，请加长或混用字母、数字和符号" }, { shouldFocus: true });
      return;
    }
    try {
      await api.acceptInvitation(token, password);
      navigate("/", { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setInvalid(error.title);
      else setProblem(applyServerErrors(error, setError, ["password"]));
    }
  });

  return (
    <main className="login">
      <div className="login__panel">
        <p className="login__brand" aria-hidden="true">
          同心
        </p>
        <h1>设置密码</h1>
        {invalid ? (
          <>
            <ErrorMessage error={invalid} />
            <p>
              <Link to="/login?by=sms">改用短信验证码登录</Link>
            </p>
          </>
        ) : name === undefined ? (
          <Loading />
        ) : (
          <form onSubmit={onSubmit} noValidate className="form">
            <p className="muted">{name}，欢迎使用同心。请设置您自己的登录密码，之后可用手机号和密码登录。</p>
            <ErrorMessage error={problem} />
            <TextField label="密码" type="password" autoComplete="new-password" hint="至少8位；不要用常见密码、手机号或姓名" registration={register("password")} error={errors.password} />
            <PasswordStrength password={watch("password")} userInputs={[name]} onScore={setScore} />
            <TextField label="确认密码" type="password" autoComplete="new-password" registration={register("confirm")} error={errors.confirm} />
            <button type="submit" className="button button--primary button--block" disabled={isSubmitting}>
              {isSubmitting ? "正在保存…" : "设置密码并登录"}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
