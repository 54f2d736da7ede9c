import { useEffect, useId, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { useTitle } from "../../lib/useTitle";
import { applyAnswerErrors } from "../answers";
import { ConsentBox, type ConsentState } from "../ConsentBox";
import { FormRenderer, useDefinitionForm } from "../FormRenderer";
import { publicFormApi, type PublicFormPage } from "./api";
import "../../campaigns/public.css";

type Filler = { pass: string; phone: string };

/**
 * 公开表单 (/f/:linkId), no session: the published form rendered by the fill page's renderer,
 * the phone proven by an SMS code when the link asks for it, then submitted; the filler keeps
 * the receipt link to view or withdraw it.
 */
export default function PublicFillPage() {
  const { linkId = "" } = useParams();
  const [page, setPage] = useState<PublicFormPage>();
  const [error, setError] = useState<ApiError | string>();
  useTitle(page ? page.title : "在线填写");
  useEffect(() => {
    let live = true;
    publicFormApi.page(linkId).then(
      (next) => live && setPage(next),
      (failure: unknown) => live && setError(failure instanceof ApiError && failure.status === 404 ? "链接不存在或已停止收集" : failure instanceof ApiError ? failure : "加载失败，请刷新重试"),
    );
    return () => {
      live = false;
    };
  }, [linkId]);
  if (error) return <main className="public"><ErrorMessage error={error} /></main>;
  if (!page) return <main className="public"><Loading /></main>;
  return <PublicFill page={page} />;
}

function PublicFill({ page }: { page: PublicFormPage }) {
  const { definition, notice } = page;
  const methods = useDefinitionForm(definition, "submit");
  const [filler, setFiller] = useState<Filler>();
  const [consent, setConsent] = useState<ConsentState>({ notice: false, sensitive: false });
  const [consentError, setConsentError] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<{ receiptPath: string }>();
  const full = page.placesLeft === 0;

  const onSubmit = methods.handleSubmit(
    async (data) => {
      setProblem(undefined);
      if (notice && !consent.notice) {
        setConsentError("请阅读并同意个人信息收集告知");
        setProblem("请先阅读并同意个人信息收集告知");
        return;
      }
      try {
        const made = await publicFormApi.submit(page.linkId, { pass: filler?.pass, data, consent: notice ? { noticeVersion: notice.version, notice: consent.notice, sensitive: consent.sensitive } : undefined });
        setDone({ receiptPath: made.receiptPath });
        window.scrollTo(0, 0);
      } catch (failure) {
        setProblem(applyAnswerErrors(failure, methods.setError, definition));
      }
    },
    () => setProblem("还有未填或填写有误的项目，请按提示修改"),
  );

  const window_ = page.opensAt || page.closesAt ? `填写时间：${page.opensAt ? formatDateTime(page.opensAt) : "即日起"} 至 ${page.closesAt ? formatDateTime(page.closesAt) : "不限"}` : undefined;
  return (
    <main className="public public--form">
      <header className="public__head">
        <p className="public__issuer">{page.orgName}</p>
        <h1>{page.title}</h1>
        {window_ && <p className="public__status">{window_}</p>}
        {page.placesLeft !== undefined && <p className="public__status" data-testid="places-left">剩余名额：{page.placesLeft}</p>}
      </header>
      {done ? (
        <section className="notice" role="status" data-testid="public-receipt">
          <p>提交成功，感谢填写！</p>
          <p>
            请保存您的回执链接，可凭此查看或撤回：<Link to={done.receiptPath}>{`${window.location.origin}${done.receiptPath}`}</Link>
          </p>
        </section>
      ) : page.state !== "open" ? (
        <p className="notice notice--warn">{page.state === "before" ? "尚未开始收集" : "已截止收集"}</p>
      ) : full ? (
        <p className="notice notice--warn">名额已满，感谢关注</p>
      ) : page.smsRequired && !filler ? (
        <PhoneCheck linkId={page.linkId} onVerified={setFiller} />
      ) : (
        <form className="form fill-form" onSubmit={onSubmit} noValidate>
          {filler && (
            <p className="public__voter" data-testid="filler">
              已验证手机号 {filler.phone}
            </p>
          )}
          <FormRenderer definition={definition} form={methods} />
          {notice && (
            <ConsentBox
              notice={notice}
              value={consent}
              errors={{ notice: consentError }}
              onChange={(next) => {
                setConsent(next);
                setConsentError(undefined);
              }}
            />
          )}
          <ErrorMessage error={problem} />
          <div className="fill-form__bar">
            <button type="submit" className="button button--primary" disabled={methods.formState.isSubmitting}>
              {methods.formState.isSubmitting ? "正在提交…" : "提交"}
            </button>
          </div>
        </form>
      )}
    </main>
  );
}

function PhoneCheck({ linkId, onVerified }: { linkId: string; onVerified: (filler: Filler) => void }) {
  const phoneId = useId();
  const codeId = useId();
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function send() {
    setBusy(true);
    setProblem(undefined);
    try {
      await publicFormApi.sendCode(linkId, phone.trim());
      setSent(true);
    } catch (failure) {
      setProblem(failure instanceof ApiError ? (failure.errors.phone?.[0] ?? failure.title) : "发送失败，请重试");
    } finally {
      setBusy(false);
    }
  }

  async function verify(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const verified = await publicFormApi.verify(linkId, phone.trim(), code.trim());
      onVerified({ pass: verified.pass, phone: verified.phone });
    } catch (failure) {
      setProblem(failure instanceof ApiError ? (failure.errors.code?.[0] ?? failure.title) : "验证失败，请重试");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="vote__check" onSubmit={verify}>
      <h2>验证手机号后填写</h2>
      <label htmlFor={phoneId}>手机号</label>
      <input id={phoneId} type="tel" inputMode="numeric" autoComplete="tel" maxLength={11} value={phone} onChange={(e) => setPhone(e.target.value)} />
      <button type="button" className="button" disabled={busy || phone.trim().length !== 11} onClick={() => void send()}>
        {sent ? "重新获取验证码" : "获取验证码"}
      </button>
      {sent && (
        <>
          <label htmlFor={codeId}>短信验证码</label>
          <input id={codeId} inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
          <button type="submit" className="button button--primary" disabled={busy || code.trim().length !== 6}>
            验证
          </button>
        </>
      )}
      {problem && (
        <p className="notice notice--warn" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
