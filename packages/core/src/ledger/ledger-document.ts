import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { Activity } from "../activities/model";
import type { StatsReport } from "../activities/stats";
import type { LedgerPhoto } from "./photos";

/**
 * 活动台账 as a Word document: each activity of the year (date, theme, place, organizer,
 * planned and actual attendance, summary text, photos), then the year's totals by month and
 * theme — taken from the same report as the statistics page. Pure: data in, bytes out.
 * Photos come read and sized (`photos.ts`), keyed by upload id.
 * Fonts are named in the document's styles (宋体 body, 黑体 headings) for Word and WPS.
 */
const BODY_FONT = "宋体";
const HEADING_FONT = "黑体";
const fonts = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
const table = (header: string[], rows: string[][]) =>
  new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...rows.map((row) => new TableRow({ children: row.map((text) => cell(text)) }))] });

/** `2026年12月7日 14:30` of a Shanghai local `YYYY-MM-DDTHH:mm`. */
const localWords = (local: string) => `${local.slice(0, 4)}年${Number(local.slice(5, 7))}月${Number(local.slice(8, 10))}日 ${local.slice(11, 16)}`;

/** A photo's width on the page (pixels at 96 dpi): at most the text width, at most its own. */
const PHOTO_MAX_WIDTH = 480;

function photoParagraph(photo: LedgerPhoto): Paragraph {
  const scale = Math.min(1, PHOTO_MAX_WIDTH / photo.width);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [
      new ImageRun({
        type: photo.type,
        data: photo.data,
        transformation: { width: Math.round(photo.width * scale), height: Math.round(photo.height * scale) },
        altText: { name: photo.name, title: photo.name, description: photo.name },
      }),
    ],
  });
}

function activitySection(activity: Activity, index: number, photos: ReadonlyMap<string, LedgerPhoto>): Paragraph[] {
  const summary = activity.summary;
  const embedded = (summary?.photos ?? []).flatMap((ref) => photos.get(ref.uploadId) ?? []);
  const listedOnly = (summary?.photos.length ?? 0) - embedded.length;
  const facts: Array<[string, string]> = [
    ["时间", `${localWords(activity.startsAt)} 至 ${localWords(activity.endsAt)}`],
    ["主题", activity.themeLabel],
    ["地点", activity.venue],
    ["主办单位", activity.unitName],
    ["负责人", activity.organizerName],
    ["计划人数", String(activity.capacity)],
    ["实际参加人次", summary ? String(summary.attendance) : "尚未填报活动小结"],
    ["活动照片", summary && summary.photos.length > 0 ? `${summary.photos.length} 张：${summary.photos.map((photo) => photo.name).join("、")}` : "无"],
  ];
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${index + 1}. ${activity.title}`)] }),
    ...facts.map(([label, value]) => new Paragraph({ children: [new TextRun({ text: `${label}：`, bold: true }), new TextRun(value)] })),
    new Paragraph({ children: [new TextRun({ text: "活动小结：", bold: true }), new TextRun(summary?.notes || "—")] }),
    ...embedded.map(photoParagraph),
    ...(listedOnly > 0 ? [new Paragraph({ children: [new TextRun({ text: `另有 ${listedOnly} 张照片未嵌入本文件（文件大小所限），可在系统中查看。`, italics: true })] })] : []),
  ];
}

/** The ledger's totals as figures a test (or a reader) can check against the statistics API. */
export function ledgerTotalsLine(report: StatsReport): string {
  return `全年共开展活动 ${report.totals.activities} 场次，参加 ${report.totals.attendances} 人次。`;
}

/**
 * The .docx bytes of an org's ledger for a year.
 *
 * @example
 * await ledgerDocument(report, activities) // Buffer starting with "PK"
 */
export async function ledgerDocument(report: StatsReport, activities: Activity[], photos: ReadonlyMap<string, LedgerPhoto> = new Map()): Promise<Buffer> {
  const ordered = [...activities].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const document = new Document({
    creator: "同心 Tongxin",
    title: `${report.orgName}${report.year}年活动台账`,
    styles: {
      default: { document: { run: { font: fonts(BODY_FONT), size: 24 } }, heading1: { run: { font: fonts(HEADING_FONT), size: 36, bold: true } }, heading2: { run: { font: fonts(HEADING_FONT), size: 28, bold: true } } },
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, children: [new TextRun(`${report.orgName}${report.year}年活动台账`)] }),
          new Paragraph({ children: [new TextRun(ledgerTotalsLine(report))] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("一、活动记录")] }),
          ...(ordered.length > 0 ? ordered.flatMap((activity, index) => activitySection(activity, index, photos)) : [new Paragraph("本年度暂无活动。")]),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("二、全年统计")] }),
          table(["项目", "场次", "人次"], [["合计", String(report.totals.activities), String(report.totals.attendances)]]),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun("按月份")] }),
          table(["月份", "场次", "人次"], report.byMonth.map((row) => [`${Number(row.month)}月`, String(row.activities), String(row.attendances)])),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun("按主题")] }),
          table(["主题", "场次", "人次"], report.byTheme.map((row) => [row.label, String(row.activities), String(row.attendances)])),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
