import { renderPdf, type PdfPage } from "../pdf/document";
import type { Certificate, OrgCertificate } from "./model";

/**
 * 十佳 certificates as PDF (pdf/document.ts, the platform's one PDF writer): one page per award —
 * an entry's (its title, unit and tier) or an organiser's 优秀组织奖 (the org and its level) —
 * issued by the campaign's org on the publication date. Data in, bytes out; which certificates
 * (one, a tier, all) is the caller's choice.
 */
export type AnyCertificate = ({ kind: "entry" } & Certificate) | ({ kind: "org" } & OrgCertificate);

export function certificatesPdf(campaignTitle: string, certificates: AnyCertificate[]): Promise<Uint8Array> {
  return renderPdf({ title: `${campaignTitle} 荣誉证书`, subject: campaignTitle }, (page) => {
    certificates.forEach((certificate, index) => {
      if (index > 0) page.newPage();
      drawCertificate(page, certificate);
    });
  });
}

const chineseDate = (date: string) => {
  const [year, month, day] = date.split("-").map(Number);
  return year ? `${year}年${month}月${day}日` : "";
};

function drawCertificate(page: PdfPage, certificate: AnyCertificate): void {
  page.gap(6).centered("荣 誉 证 书", { size: 34 }).gap(3);
  if (certificate.kind === "entry") {
    page.centered(certificate.unitName, { size: 18 }).gap(1);
    page.centered(`你单位申报的案例《${certificate.title}》`, { size: 15 });
    page.centered(`在${certificate.year}年“${certificate.campaignTitle}”中`, { size: 15 });
    page.centered(`荣获“${certificate.tier}”。`, { size: 15 }).gap(1);
  } else {
    page.centered(`${certificate.orgName}（${certificate.level}）`, { size: 18 }).gap(1);
    page.centered(`在${certificate.year}年“${certificate.campaignTitle}”中组织有力、成效显著，`, { size: 15 });
    page.centered(`荣获“${certificate.award}”。`, { size: 15 }).gap(1);
  }
  page.centered("特发此证，以资鼓励。", { size: 15 }).gap(5);
  page.centered(certificate.issuer, { size: 14, align: "right" });
  page.centered(chineseDate(certificate.date), { size: 14, align: "right" });
}
