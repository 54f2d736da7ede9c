import { formatBeijingDateTime } from "../office/beijing-time";
import { renderPdf } from "../pdf/document";
import type { Sheet } from "./sheet";

/**
 * 审批单 as PDF (pdf/document.ts: pdfkit with the embedded 思源黑体 subset): the same content as
 * the printable page — head facts, the answers, 审批意见 (step, approver, decision and comment,
 * time), the audit head hash and chain check, and a QR code to the approval. Data in, bytes out.
 */
export function approvalSheetPdf(sheet: Sheet, options: { link: string; at?: Date }): Promise<Uint8Array> {
  const at = options.at ?? new Date();
  return renderPdf({ title: `${sheet.title} · ${sheet.subject}`, subject: sheet.subject, createdAt: at }, (page) => {
    page.title(sheet.title, sheet.subject);
    page.facts(sheet.facts.slice(0, 4), 2);
    if (sheet.facts.length > 4) page.facts(sheet.facts.slice(4), 1);

    page.heading("申报内容");
    if (!sheet.answers) page.text("无法读取申报内容。", { soft: true });
    else {
      const rows: string[][] = [];
      for (const answer of sheet.answers) rows.push(answer.kind === "section" ? [`【${answer.label}】`, ""] : [answer.label, answer.value]);
      page.table(["项目", "内容"], rows, [0.3, 0.7]);
    }

    page.heading("审批意见");
    page.table(
      ["步骤", "审批人", "意见", "时间"],
      sheet.lines.map((line) => [line.step, line.approver, line.comment ? `${line.decision}：${line.comment}` : line.decision, line.at]),
      [0.18, 0.22, 0.38, 0.22],
    );

    page.heading("审计");
    const check = sheet.audit.valid ? "哈希链完整" : `第${sheet.audit.brokenAt ?? "?"}条起被改动`;
    page.text(`审计记录共${sheet.audit.length}条，${check}`);
    page.text(`审计链末条哈希：${sheet.audit.head}`, { size: 9 });
    page.gap(0.5);
    page.qr(options.link, ["扫码查看审批详情与审计记录", `审批编号 ${sheet.instanceId}`, `生成于 ${formatBeijingDateTime(at)}（北京时间）`]);
  });
}
