import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useNavigate } from "react-router-dom";
import { z } from "zod";
import { passwordProblem, PASSWORD_MAX_LENGTH } from "@tongxin/core/auth/password-strength";
import { api } from "../../api";
import { useMe } from "../../components/AppShell";
import { MeLinks } from "../../components/MeLinks";
import { TextField } from "../../components/Fields";
import { ErrorMessage, Success } from "../../components/Status";
import { ElderSwitch } from "../../elder/ElderSwitch";
import { applyServerErrors } from "../../lib/serverErrors";
import { useTitle } from "../../lib/useTitle";
import { MIN_SCORE, PasswordStrength } from "../PasswordStrength";

const PasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "请输入当前密码"),
    newPassword: z.string().max(PASSWORD_MAX_LENGTH, `密码最多${PASSWORD_MAX_LENGTH}位`),
    confirmPassword: z.string(),
  })
  .superRefine((values, context) => {
    const problem = passwordProblem(values.newPassword, {});
    if (problem) context.addIssue({ code: "custom", path: ["newPassword"], message: problem });
    else if (values.newPassword === values.currentPassword) context.addIssue({ code: "custom", path: ["newPassword"], message: "新密码不能与当前密码相同" });
    if (values.confirmPassword !== values.newPassword) context.addIssue({ code: "custom", path: ["confirmPassword"], message: "两次输入的新密码不一致" });
  });
type PasswordValues = z.infer<typeof PasswordSchema>;

/** 修改密码: the current password, a new one with its strength meter, the same again. */
function ChangePassword() {
  const me = useMe();
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState(false);
  const [score, setScore] = useState<number>();
  const { register, handleSubmit, formState, setError, watch, reset } = useForm<PasswordValues>({
    resolver: zodResolver(PasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async ({ currentPassword, newPassword }) => {
    setProblem(undefined);
    setDone(false);
    if (score !== undefined && score < MIN_SCORE) {
      setError("newPassword", { type: "strength", message: "密码强度太弱，请加长或混用字母、数字和符号" }, { shouldFocus: true });
      return;
    }
    try {
      await api.changePassword(currentPassword, newPassword);
      reset();
      setDone(true);
    } catch (error) {
      setProblem(applyServerErrors(error, setError, ["currentPassword", "newPassword"]));
    }
  });

  return (
    <section className="account-section" aria-labelledby="change-password">
      <h2 id="change-password">修改密码</h2>
      <p className="muted">修改后，其他设备上的登录将全部退出。</p>
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorMessage error={problem} />
        {done && <Success>密码已修改，其他设备上的登录已退出</Success>}
        <TextField label="当前密码" type="password" registration={register("currentPassword")} error={errors.currentPassword} autoComplete="current-password" />
        <TextField label="新密码" type="password" registration={register("newPassword")} error={errors.newPassword} autoComplete="new-password" hint="至少8位；不要用常见密码、手机号或姓名" />
        <PasswordStrength password={watch("newPassword")} userInputs={[me.account.name]} onScore={setScore} />
        <TextField label="确认新密码" type="password" registration={register("confirmPassword")} error={errors.confirmPassword} autoComplete="new-password" />
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? "正在保存…" : "修改密码"}
        </button>
      </form>
    </section>
  );
}

/** 退出所有设备: asks once more, then ends every session of the account and goes to the login page. */
function LogOutEverywhere() {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function logOutAll() {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.logoutAll();
      navigate("/login", { replace: true });
    } catch {
      setProblem("操作失败，请重试");
      setBusy(false);
    }
  }

  return (
    <section className="account-section" aria-labelledby="logout-all">
      <h2 id="logout-all">退出所有设备</h2>
      <p className="muted">手机丢失、在别人的电脑上登录过，或怀疑密码泄露时使用：所有设备（包括这一台）都需要重新登录。</p>
      <ErrorMessage error={problem} />
      {confirming ? (
        <div className="actions">
          <button type="button" className="button button--danger" onClick={logOutAll} disabled={busy}>
            {busy ? "正在退出…" : "确定退出所有设备"}
          </button>
          <button type="button" className="button button--ghost" onClick={() => setConfirming(false)} disabled={busy}>
            取消
          </button>
        </div>
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          退出所有设备
        </button>
      )}
    </section>
  );
}

/** 我的账户 (/me/account): 长辈版, 修改密码 and 退出所有设备, and the way to 我的个人信息. */
export default function AccountPage() {
  useTitle("我的账户");
  const me = useMe();
  return (
    <>
      <header className="page-head">
        <h1>我的账户</h1>
        <p className="muted">{me.account.name}</p>
      </header>
      <MeLinks />
      <ElderSwitch />
      <ChangePassword />
      <LogOutEverywhere />
    </>
  );
}
