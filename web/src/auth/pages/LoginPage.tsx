import { useState, type KeyboardEvent } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { Success } from "../../components/Status";
import { useTitle } from "../../lib/useTitle";
import { PasswordLoginForm } from "../PasswordLoginForm";
import { ResetPasswordForm } from "../ResetPasswordForm";
import { SmsLoginForm } from "../SmsLoginForm";

/** Only same-site paths are followed after sign-in (never `//evil.example`). */
const safeNext = (next: string | null): string => (next && next.startsWith("/") && !next.startsWith("//") ? next : "/");

type Mode = "password" | "sms" | "reset";
const TABS = [
  { id: "password", label: "密码登录" },
  { id: "sms", label: "短信验证码登录" },
] as const;

/**
 * 登录: by password or by an SMS code (members added by phone number may have no password),
 * and 忘记密码 — a new password set with a code sent to the account's phone.
 */
export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [mode, setMode] = useState<Mode>(params.get("by") === "sms" ? "sms" : "password");
  const [resetFor, setResetFor] = useState<string>();
  useTitle(mode === "reset" ? "重置密码" : "登录");
  const signedIn = () => navigate(safeNext(params.get("next")), { replace: true });

  const onTabKey = (event: KeyboardEvent) => {
    if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
    event.preventDefault();
    const next = mode === "password" ? "sms" : "password";
    setMode(next);
    document.getElementById(`login-tab-${next}`)?.focus();
  };

  return (
    <main className="login">
      <div className="login__panel">
        <p className="login__brand" aria-hidden="true">
          同心
        </p>
        {mode === "reset" ? (
          <>
            <h1>重置密码</h1>
            <p className="muted">输入账号绑定的手机号，凭短信验证码设置新密码。</p>
            <ResetPasswordForm
              onReset={(phone) => {
                setResetFor(phone);
                setMode("password");
              }}
              onCancel={() => setMode("password")}
            />
          </>
        ) : (
          <>
            <h1>登录</h1>
            <p className="muted">新联会、分会、商会、新空间与统战部的表单和审批平台</p>
            <div className="login-tabs" role="tablist" aria-label="登录方式" onKeyDown={onTabKey}>
              {TABS.map((tab) => (
                <button
                  key={tab.id}
                  id={`login-tab-${tab.id}`}
                  type="button"
                  role="tab"
                  aria-selected={mode === tab.id}
                  aria-controls="login-panel"
                  tabIndex={mode === tab.id ? 0 : -1}
                  onClick={() => setMode(tab.id)}
                >
                  {tab.label}
                </button>
              ))}
            </div>
            {/* Not labelled by its tab: "密码登录" would also answer to the label 密码. */}
            <div role="tabpanel" id="login-panel">
              {resetFor && mode === "password" && (
                <Success>
                  <p>密码已重置，请用新密码登录。</p>
                </Success>
              )}
              {mode === "password" ? (
                <PasswordLoginForm key={resetFor ?? ""} login={resetFor} onSignedIn={signedIn} onForgot={() => setMode("reset")} />
              ) : (
                <SmsLoginForm onSignedIn={signedIn} />
              )}
            </div>
          </>
        )}
      </div>
    </main>
  );
}
