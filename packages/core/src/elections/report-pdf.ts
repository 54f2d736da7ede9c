import { renderPdf, type PdfPage } from "../pdf/document";
import { describeThreshold, POSITION_KINDS } from "./config";
import type { ResultsDocument } from "./results";
import type { Election } from "./store";

/**
 * 选举结果报告单: the signed sheet that goes to the 民政 / 统战 office with the 换届 documents.
 * Data in, PDF bytes out (pdf/document.ts): the election, its dates, roll, present, 发出 and 收回
 * (paper and electronic), valid and void per position, each candidate's votes, who is elected,
 * the motions, the scrutineers' and tellers' names with lines to sign, the audit head hash and
 * the results hash, and a QR code that opens the public results page to check it against.
 */
export interface ReportInput {
  election: Election;
  document: ResultsDocument;
  orgName: string;
  /** The public verification page the QR opens (the results page). */
  verifyUrl: string;
  /** When the report is generated (printed on it). */
  at?: Date;
}

const shanghai = (iso: string | Date | undefined) => {
  if (!iso) return "—";
  const parts = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));
  return parts;
};
const day = (iso: string | undefined) => (iso ? new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" }).format(new Date(iso)) : "—");

export function electionReportPdf(input: ReportInput): Promise<Uint8Array> {
  return renderPdf({ title: `${input.election.title} 选举结果报告单`, subject: input.orgName, createdAt: input.at }, (page) => drawReport(page, input));
}

/** The report's pages, drawn on `page` (also the first part of the 换届备案 pack). */
export function drawReport(page: PdfPage, { election, document, orgName, verifyUrl, at = new Date() }: ReportInput): void {
  const { results } = document;
  const f = results.figures;
  const paper = f.paperIssued !== undefined;
  const title = "选举结果报告单";
  page.title(title, `${orgName} · ${election.title}${election.round > 1 ? `（第${election.round}轮）` : ""}`);
  page.facts([
    ["选举日期", day(election.openedAt ?? election.closedAt)],
    ["投票方式", election.config.mode === "meeting" ? (paper ? (election.config.ballots === "paper" ? "会议投票·纸质选票" : "会议投票·纸质与电子选票") : "会议投票·电子选票") : "网上投票"],
    ["开始投票", shanghai(election.openedAt)],
    ["结束投票", shanghai(election.closedAt)],
  ]);

  page.heading("一、选民与选票");
  page.facts(
    [
      ["选民名册", `${f.roll}人`],
      ["到会选民", `${f.present}人`],
      ["发出选票", paper ? `${f.issued}张（纸质${f.paperIssued}张、电子${f.issued - f.paperIssued!}张）` : `${f.issued}张`],
      ["收回选票", paper ? `${f.returned}张（纸质${f.paperReturned}张、电子${f.returned - (f.paperReturned ?? 0)}张）` : `${f.returned}张`],
      ["有效选票", `${f.valid}张`],
      ["废票", `${f.void}张`],
      ["当选基数", `${f.baseLabel}${f.base}`],
      ["当选门槛", describeThreshold(election.config.threshold)],
    ],
    2,
  );
  page.text(results.integrity.ok ? "收回选票不多于发出选票，本次选举有效。" : `本次选举无效：${results.integrity.problems.join("；")}`);

  page.heading("二、各职位得票");
  for (const position of results.positions) {
    page.text(`${position.title}（${POSITION_KINDS[position.kind]}，应选${position.seats}名）：有效${position.valid}张，作废${position.void}张；当选至少需赞成${position.required}票`, { size: 10.5 });
    const rows = [
      ...position.candidates.map((c) => [c.name, String(c.for), String(c.against), String(c.abstain), c.elected ? "当选" : c.tied ? "得票相同，另行选举" : "未当选"]),
      ...position.writeIns.map((w) => [`${w.name}（另选）`, String(w.for), "—", "—", w.elected ? "当选" : w.tied ? "得票相同，另行选举" : "未当选"]),
    ];
    page.table(["姓名", "赞成", "反对", "弃权", "结果"], rows, [0.34, 0.13, 0.13, 0.13, 0.27], ["left", "right", "right", "right", "left"]);
    page.text(`当选：${position.elected.length > 0 ? position.elected.join("、") : "无"}${position.flags.length > 0 ? `。${position.flags.join("；")}` : ""}`);
    page.gap(0.4);
  }

  if (results.motions.length > 0) {
    page.heading("三、议题表决");
    page.table(
      ["议题", "赞成", "反对", "弃权", "通过所需", "结果"],
      results.motions.map((m) => [m.title, String(m.for), String(m.against), String(m.abstain), `${m.required}票`, m.passed ? "通过" : "未通过"]),
      [0.4, 0.11, 0.11, 0.11, 0.13, 0.14],
      ["left", "right", "right", "right", "right", "left"],
    );
  }

  page.heading(`${results.motions.length > 0 ? "四" : "三"}、监票与计票`);
  page.signatures("监票人", election.scrutineers.map((p) => p.name));
  if ((election.tellers ?? []).length > 0) page.signatures("计票人", election.tellers!.map((p) => p.name));
  if (election.certifications.length > 0) page.text(`系统内确认：${election.certifications.map((c) => `${c.name}（${shanghai(c.at)}）`).join("、")}`, { soft: true });

  page.heading("核验");
  page.qr(verifyUrl, [
    "扫码打开选举结果公示页面，核对本报告单的数字；结果公布后可下载选票清单重新计票。",
    `审计记录链尾哈希：${election.auditHead}`,
    `计票结果哈希：${document.resultsHash}`,
    `本报告单生成于 ${shanghai(at)}`,
  ]);
}

export interface FilingInput extends ReportInput {
  /** The roll: names and how each was present (no phone, no vote). */
  voters: Array<{ name: string; checkedIn: boolean; proxyHolderName?: string; paper?: boolean }>;
}

/**
 * 换届备案材料: one PDF for the 民政 / 统战 filing — the 选举结果报告单, then the roll summary (who was
 * present, in person or by written proxy), the candidate list per position (and where each came
 * from) and the motions with their results.
 */
export function filingPackPdf(input: FilingInput): Promise<Uint8Array> {
  const { election, document, voters } = input;
  return renderPdf({ title: `${election.title} 换届备案材料`, subject: input.orgName, createdAt: input.at }, (page) => {
    drawReport(page, input);

    page.newPage().title("选民名册摘要", election.title);
    const present = voters.filter((v) => v.checkedIn);
    const byProxy = voters.filter((v) => v.proxyHolderName);
    page.facts([
      ["选民名册", `${voters.length}人`],
      ["到会", `${present.length}人（其中委托${byProxy.length}人）`],
      ["未到会", `${voters.length - present.length}人`],
      ["领取纸质选票", `${voters.filter((v) => v.paper).length}人`],
    ]);
    page.table(
      ["序号", "姓名", "到会情况"],
      voters.map((v, i) => [String(i + 1), v.name, v.proxyHolderName ? `委托${v.proxyHolderName}` : v.checkedIn ? (v.paper ? "到会（纸质选票）" : "到会") : "未到会"]),
      [0.12, 0.4, 0.48],
      ["right", "left", "left"],
    );

    page.newPage().title("候选人名单", election.title);
    for (const position of election.config.positions) {
      page.text(`${position.title}（${POSITION_KINDS[position.kind]}，应选${position.seats}名${position.allowWriteIns ? "，可另选他人" : ""}）`);
      page.table(
        ["序号", "姓名", "来源"],
        position.candidates.map((c, i) => [String(i + 1), c.name, c.nominationId ? "经提名审核列入" : "选举设置时列入"]),
        [0.12, 0.4, 0.48],
        ["right", "left", "left"],
      );
    }

    if (document.results.motions.length > 0) {
      page.heading("议题表决结果");
      page.table(
        ["议题", "通过条件", "赞成", "反对", "弃权", "结果"],
        document.results.motions.map((m) => {
          const motion = election.config.motions.find((x) => x.id === m.motionId);
          return [m.title, motion ? describeThreshold(motion.threshold) : "", String(m.for), String(m.against), String(m.abstain), m.passed ? "通过" : "未通过"];
        }),
        [0.34, 0.2, 0.1, 0.1, 0.1, 0.16],
        ["left", "left", "right", "right", "right", "left"],
      );
    }
  });
}
