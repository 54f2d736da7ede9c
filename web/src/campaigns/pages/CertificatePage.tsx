import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { useTitle } from "../../lib/useTitle";
import { publicApi, type Certificate, type OrgCertificate } from "../api";
import "../certificate.css";

/** 2026-05-03 → 二〇二六年五月三日, as certificates are dated. */
export function chineseDate(date: string): string {
  const digits = "〇一二三四五六七八九";
  const [y = "", m = "", d = ""] = date.split("-");
  const number = (n: number) => (n <= 10 ? (n === 10 ? "十" : digits[n]!) : n < 20 ? `十${digits[n - 10]}` : `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ""}`);
  return `${[...y].map((c) => digits[Number(c)]).join("")}年${number(Number(m))}月${number(Number(d))}日`;
}

/**
 * 荣誉证书 (/public/campaigns/:id/certificates/:entryId): one A4 landscape page, printed from the
 * browser. `org-{orgId}` in place of the entry id is an org award's (优秀组织奖) certificate.
 */
export default function CertificatePage() {
  const { campaignId = "", entryId = "" } = useParams();
  const [certificate, setCertificate] = useState<Certificate | OrgCertificate>();
  const [error, setError] = useState<ApiError | string>();
  useTitle(certificate ? `证书 · ${"orgName" in certificate ? certificate.orgName : certificate.title}` : "证书");

  useEffect(() => {
    publicApi.campaign(campaignId).then(
      (campaign) => {
        const orgId = entryId.startsWith("org-") ? entryId.slice(4) : undefined;
        const found = orgId ? campaign.orgCertificates.find((c) => c.orgId === orgId) : campaign.certificates.find((c) => c.entryId === entryId);
        if (found) setCertificate(found);
        else setError(campaign.status === "notice" ? "评选结果发布后方可查看证书" : orgId ? "该单位没有获奖证书" : "该案例没有获奖证书");
      },
      (failure: unknown) => setError(failure instanceof ApiError && failure.status === 404 ? "该评选结果尚未发布" : failure instanceof ApiError ? failure : "加载失败，请刷新重试"),
    );
  }, [campaignId, entryId]);

  if (error) return <main className="cert-page"><ErrorMessage error={error} /></main>;
  if (!certificate) return <main className="cert-page"><Loading /></main>;
  return (
    <main className="cert-page">
      <nav className="cert-tools">
        <Link to={`/public/campaigns/${campaignId}`}>‹ 评选结果</Link>
        <button type="button" onClick={() => window.print()}>
          打印证书
        </button>
      </nav>
      <article className="certificate" aria-label="荣誉证书">
        <h1 className="certificate__head">荣誉证书</h1>
        {"orgName" in certificate ? (
          <>
            <p className="certificate__to">
              {certificate.orgName}（{certificate.level}）：
            </p>
            <p className="certificate__body">贵单位在{certificate.campaignTitle}中组织发动有力，荣获</p>
            <p className="certificate__tier">{certificate.award}</p>
          </>
        ) : (
          <>
            <p className="certificate__to">{certificate.unitName}：</p>
            <p className="certificate__body">
              贵单位报送的案例《{certificate.title}》在{certificate.campaignTitle}中，荣获
            </p>
            <p className="certificate__tier">{certificate.tier}</p>
          </>
        )}
        <p className="certificate__body">特发此证，以资鼓励。</p>
        <footer className="certificate__foot">
          <p className="certificate__issuer">{certificate.issuer}</p>
          <p className="certificate__date">{chineseDate(certificate.date)}</p>
        </footer>
      </article>
    </main>
  );
}
