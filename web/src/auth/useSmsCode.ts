import { useState } from "react";
import { api, ApiError } from "../api";
import { useCountdown } from "./useCountdown";

/** The wait the server asks for between two codes to one phone (it enforces it too). */
export const RESEND_SECONDS = 60;

const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

/**
 * Asking for an SMS code: the 60 s countdown before the next one, and what to tell the person
 * (sent, or why not). The answer is the same whether or not the number has an account.
 */
export function useSmsCode(purpose: "login" | "reset") {
  const countdown = useCountdown();
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<string>();

  async function send(phone: string): Promise<void> {
    setSending(true);
    setNotice(undefined);
    setProblem(undefined);
    try {
      const { retryAfter } = await api.requestSmsCode(phone, purpose);
      countdown.start(retryAfter || RESEND_SECONDS);
      setNotice(`如该手机号已注册，验证码已发送至 ${masked(phone)}，5分钟内有效。`);
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.status === 429) countdown.start(Math.min(error.retryAfter ?? RESEND_SECONDS, RESEND_SECONDS));
        setProblem(error.errors.phone?.[0] ?? error.title);
      } else setProblem("验证码发送失败，请重试");
    } finally {
      setSending(false);
    }
  }

  return { send, sending, left: countdown.left, notice, problem };
}
