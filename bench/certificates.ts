import { certificatesPdf, type AnyCertificate } from "@tongxin/core/campaigns/certificates-pdf";
import { percentile, record, sample, section } from "./harness";

/**
 * 十佳 certificates (campaigns/certificates-pdf.ts): the time and size of one certificate and of a
 * tier of ten in one file, rendered as the office function renders them (font parsed once per process).
 */
export async function benchCertificates(): Promise<void> {
  section("十佳 certificates as PDF (one CJK font subset per file)");
  const base = { campaignTitle: "2026年度闵行区新的社会阶层人士统战工作十佳案例评选", year: 2026, issuer: "中共闵行区委统战部", date: "2026-12-08" };
  const entry = (i: number): AnyCertificate => ({ kind: "entry", entryId: `e${i}`, title: `新空间里的同心圆——案例${i + 1}`, unitName: `新意城新空间${i + 1}`, tier: "十佳案例", ...base });
  const first = performance.now();
  await certificatesPdf(base.campaignTitle, [entry(0)]);
  record({ name: "certificate PDF: first in a process (reads and parses the font)", value: performance.now() - first, unit: "ms" });
  let oneSize = 0;
  const one = await sample(async () => (oneSize = (await certificatesPdf(base.campaignTitle, [entry(1)])).length), 20, 3);
  record({ name: "certificate PDF: one certificate, median", value: percentile(one, 50), unit: "ms", note: `${(oneSize / 1024).toFixed(1)} KB` });
  let tierSize = 0;
  const ten = Array.from({ length: 10 }, (_, i) => entry(i));
  const tier = await sample(async () => (tierSize = (await certificatesPdf(base.campaignTitle, ten)).length), 10, 2);
  record({ name: "certificate PDF: a tier of 10 in one file, median", value: percentile(tier, 50), unit: "ms", note: `${(tierSize / 1024).toFixed(1)} KB` });
  record({ name: "certificate PDF: size of one", value: Math.round(oneSize / 102.4) / 10, unit: "KB" });
}
