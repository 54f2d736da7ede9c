import { useEffect, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { useTitle } from "../../lib/useTitle";
import { publicFormApi, type OwnerLink, type PublicLinkSettings } from "./api";

/** A datetime-local value (Beijing time, as typed) ⇄ an ISO instant. */
const toLocal = (iso?: string) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16) : "");
const fromLocal = (local: string) => (local ? `${local}:00+08:00` : undefined);
const optionalNumber = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** 公开链接 (/orgs/:orgId/forms/:formId/public-link): the form admin's settings, the link and its QR code. */
export default function PublicLinkPage() {
  const { orgId = "", formId = "" } = useParams();
  const [link, setLink] = useState<OwnerLink | null>();
  const [error, setError] = useState<ApiError | string>();
  useTitle("公开链接");
  useEffect(() => {
    publicFormApi.ownerLink(orgId, formId).then(
      (found) => setLink(found.link),
      (failure: unknown) => setError(failure instanceof ApiError ? failure : "加载失败，请刷新重试"),
    );
  }, [orgId, formId]);
  if (error) return <ErrorMessage error={error} />;
  if (link === undefined) return <Loading />;
  return <Settings orgId={orgId} formId={formId} link={link} onSaved={setLink} />;
}

function Settings({ orgId, formId, link, onSaved }: { orgId: string; formId: string; link: OwnerLink | null; onSaved: (link: OwnerLink) => void }) {
  const current: Partial<PublicLinkSettings> = link?.settings ?? { enabled: true, smsRequired: true, perPhone: 1, perAddressPerHour: 30 };
  const [enabled, setEnabled] = useState(current.enabled ?? true);
  const [opensAt, setOpensAt] = useState(toLocal(current.opensAt));
  const [closesAt, setClosesAt] = useState(toLocal(current.closesAt));
  const [quota, setQuota] = useState(current.quota?.toString() ?? "");
  const [smsRequired, setSmsRequired] = useState(current.smsRequired ?? true);
  const [perPhone, setPerPhone] = useState(current.perPhone?.toString() ?? "");
  const [perAddress, setPerAddress] = useState(String(current.perAddressPerHour ?? 30));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setProblem(undefined);
    setSaved(false);
    try {
      const next = await publicFormApi.setLink(orgId, formId, {
        enabled,
        opensAt: fromLocal(opensAt),
        closesAt: fromLocal(closesAt),
        quota: optionalNumber(quota),
        smsRequired,
        perPhone: smsRequired ? optionalNumber(perPhone) : undefined,
        perAddressPerHour: Number(perAddress),
        optionQuotas: link?.settings.optionQuotas ?? [],
      });
      onSaved(next.link);
      setSaved(true);
    } catch (failure) {
      if (failure instanceof ApiError) {
        setErrors(failure.errors);
        setProblem(failure.title);
      } else setProblem("保存失败，请重试");
    }
  }

  const fieldError = (key: string) => errors[key]?.[0] && <p className="field__error">{errors[key]![0]}</p>;
  return (
    <>
      <header className="page-head">
        <h1>公开链接</h1>
        <p className="page-head__meta muted">
          无需登录即可填写（报名表、意见征集）。<Link to={`/orgs/${orgId}/forms/${formId}/submissions`}>查看提交记录</Link>
        </p>
      </header>
      {link && (
        <section className="card" data-testid="public-link">
          <p>
            链接：<a href={link.path}>{link.url}</a>
          </p>
          <p>已占用名额：{link.taken}{link.settings.quota ? ` / ${link.settings.quota}` : ""}</p>
          <img src={link.qr} alt="公开链接二维码" width={200} height={200} />
        </section>
      )}
      <form className="form" onSubmit={save} noValidate>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> 开放填写
        </label>
        <div className="field">
          <label htmlFor="pl-opens">开始时间（北京时间，可不填）</label>
          <input id="pl-opens" type="datetime-local" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} />
          {fieldError("opensAt")}
        </div>
        <div className="field">
          <label htmlFor="pl-closes">截止时间（可不填）</label>
          <input id="pl-closes" type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} />
          {fieldError("closesAt")}
        </div>
        <div className="field">
          <label htmlFor="pl-quota">总名额（可不填）</label>
          <input id="pl-quota" inputMode="numeric" value={quota} onChange={(e) => setQuota(e.target.value)} />
          {fieldError("quota")}
        </div>
        <label className="check">
          <input type="checkbox" checked={smsRequired} onChange={(e) => setSmsRequired(e.target.checked)} /> 填写前须短信验证手机号
        </label>
        {smsRequired && (
          <div className="field">
            <label htmlFor="pl-per-phone">每个手机号限填次数（可不填）</label>
            <input id="pl-per-phone" inputMode="numeric" value={perPhone} onChange={(e) => setPerPhone(e.target.value)} />
            {fieldError("perPhone")}
          </div>
        )}
        <div className="field">
          <label htmlFor="pl-per-address">同一网络每小时限填次数</label>
          <input id="pl-per-address" inputMode="numeric" value={perAddress} onChange={(e) => setPerAddress(e.target.value)} />
          {fieldError("perAddressPerHour")}
        </div>
        <ErrorMessage error={problem} />
        {saved && <p className="notice" role="status">已保存</p>}
        <button type="submit" className="button button--primary">
          {link ? "保存设置" : "生成公开链接"}
        </button>
      </form>
    </>
  );
}
