import PDFDocument from "pdfkit";
import { create as qrCreate } from "qrcode/lib/core/qrcode.js";
import { cjkFont } from "./font";

/**
 * The platform's PDF writer: A4, one embedded CJK font (subset), and the few blocks our
 * documents are made of — headings, text, label/value facts, tables that break across pages,
 * signature lines and a vector QR code. The 选举结果报告单 uses it; the 十佳 certificates and
 * the 审批单 are meant to. Nothing here knows a domain: data in, bytes out.
 */
export interface PdfMeta {
  title: string;
  subject?: string;
  author?: string;
  /** Fixed creation date (tests, reproducible output); default now. */
  createdAt?: Date;
}

const MARGIN = 50;
const FONT = "cjk";
const INK = "#111111";
const SOFT = "#555555";
const RULE = "#999999";

type Doc = InstanceType<typeof PDFDocument>;

export class PdfPage {
  constructor(private readonly doc: Doc) {}

  private get width(): number {
    return this.doc.page.width - MARGIN * 2;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** Starts a new page when fewer than `height` points are left. */
  private room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  title(text: string, subtitle?: string): this {
    this.doc.fillColor(INK).fontSize(20).text(text, MARGIN, this.doc.y, { width: this.width, align: "center" });
    if (subtitle) this.doc.moveDown(0.2).fontSize(11).fillColor(SOFT).text(subtitle, { width: this.width, align: "center" });
    this.doc.moveDown(0.8).fillColor(INK);
    return this;
  }

  heading(text: string): this {
    this.room(60);
    this.doc.moveDown(0.5).fillColor(INK).fontSize(13).text(text, MARGIN, this.doc.y, { width: this.width });
    const y = this.doc.y + 2;
    this.doc.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(0.6).strokeColor(RULE).stroke();
    this.doc.moveDown(0.4);
    return this;
  }

  text(text: string, options: { size?: number; soft?: boolean } = {}): this {
    this.doc
      .fontSize(options.size ?? 10.5)
      .fillColor(options.soft ? SOFT : INK)
      .text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.fillColor(INK);
    return this;
  }

  /** A centred line (or paragraph) at `size` points: certificates and cover pages. */
  centered(text: string, options: { size?: number; soft?: boolean; align?: "center" | "right" } = {}): this {
    this.doc
      .fontSize(options.size ?? 12)
      .fillColor(options.soft ? SOFT : INK)
      .text(text, MARGIN, this.doc.y, { width: this.width, align: options.align ?? "center", lineGap: 4 });
    this.doc.fillColor(INK);
    return this;
  }

  /** Label/value pairs laid out in `columns` columns. */
  facts(pairs: Array<[string, string]>, columns = 2): this {
    const width = this.width / columns;
    for (let i = 0; i < pairs.length; i += columns) {
      this.room(20);
      const y = this.doc.y;
      let lowest = y;
      pairs.slice(i, i + columns).forEach(([label, value], column) => {
        this.doc.fontSize(10.5).fillColor(SOFT).text(`${label}：`, MARGIN + column * width, y, { continued: true, width: width - 8 }).fillColor(INK).text(value);
        lowest = Math.max(lowest, this.doc.y);
      });
      this.doc.y = lowest + 3;
    }
    return this;
  }

  /**
   * A ruled table; `widths` are fractions of the text width (summing to 1), `align` per column.
   * The header row repeats on every page the table runs onto.
   */
  table(header: string[], rows: string[][], widths: number[], align: Array<"left" | "right" | "center"> = []): this {
    const size = 10;
    const padding = 4;
    const columns = widths.map((w) => w * this.width);
    const heightOf = (cells: string[]) =>
      Math.max(...cells.map((cell, i) => this.doc.fontSize(size).heightOfString(cell || " ", { width: columns[i]! - padding * 2 }))) + padding * 2;
    const drawRow = (cells: string[], shaded: boolean) => {
      const height = heightOf(cells);
      let x = MARGIN;
      const y = this.doc.y;
      if (shaded) this.doc.rect(MARGIN, y, this.width, height).fillColor("#eeeeee").fill();
      cells.forEach((cell, i) => {
        this.doc.fillColor(INK).fontSize(size).text(cell, x + padding, y + padding, { width: columns[i]! - padding * 2, align: align[i] ?? "left" });
        x += columns[i]!;
      });
      this.doc.rect(MARGIN, y, this.width, height).lineWidth(0.5).strokeColor(RULE).stroke();
      x = MARGIN;
      for (const column of columns.slice(0, -1)) {
        x += column;
        this.doc.moveTo(x, y).lineTo(x, y + height).stroke();
      }
      this.doc.y = y + height;
    };
    this.room(heightOf(header) * 2);
    drawRow(header, true);
    for (const row of rows) {
      if (this.doc.y + heightOf(row) > this.bottom) {
        this.doc.addPage();
        drawRow(header, true);
      }
      drawRow(row, false);
    }
    this.doc.x = MARGIN;
    this.doc.moveDown(0.5);
    return this;
  }

  /** A line to sign on per person: 「姓名  签名：＿＿＿＿  日期：＿＿＿＿」. */
  signatures(role: string, names: string[]): this {
    this.room(30 + names.length * 26);
    this.doc.fontSize(10.5).fillColor(INK).text(`${role}：`, MARGIN, this.doc.y);
    this.doc.moveDown(0.3);
    for (const name of names) {
      const y = this.doc.y + 14;
      this.doc.fontSize(10.5).text(name, MARGIN + 12, y - 12, { width: 90 });
      this.doc.text("签名", MARGIN + 110, y - 12);
      this.doc.moveTo(MARGIN + 140, y).lineTo(MARGIN + 300, y).lineWidth(0.6).strokeColor(INK).stroke();
      this.doc.text("日期", MARGIN + 320, y - 12);
      this.doc.moveTo(MARGIN + 350, y).lineTo(MARGIN + 460, y).stroke();
      this.doc.y = y + 10;
    }
    this.doc.x = MARGIN;
    this.doc.moveDown(0.3);
    return this;
  }

  /** A QR code (vector squares, sharp in print) with a caption to its right. */
  qr(link: string, caption: string[], size = 90): this {
    this.room(size + 10);
    const { modules } = qrCreate(link, { errorCorrectionLevel: "M" });
    const cell = size / (modules.size + 2);
    const x0 = MARGIN;
    const y0 = this.doc.y;
    this.doc.fillColor(INK);
    for (let row = 0; row < modules.size; row += 1) {
      for (let column = 0; column < modules.size; column += 1) {
        if (modules.data[row * modules.size + column]) this.doc.rect(x0 + (column + 1) * cell, y0 + (row + 1) * cell, cell, cell);
      }
    }
    this.doc.fill();
    let y = y0 + 6;
    for (const line of caption) {
      this.doc.fontSize(9.5).fillColor(SOFT).text(line, x0 + size + 12, y, { width: this.width - size - 12 });
      y = this.doc.y + 2;
    }
    this.doc.fillColor(INK);
    this.doc.y = Math.max(y, y0 + size) + 6;
    this.doc.x = MARGIN;
    return this;
  }

  /** Starts a new page. */
  newPage(): this {
    this.doc.addPage();
    this.doc.x = MARGIN;
    this.doc.y = MARGIN;
    return this;
  }

  gap(lines = 1): this {
    this.doc.moveDown(lines);
    return this;
  }
}

/** Renders a document: `draw` fills the pages; the CJK font is embedded as a subset of what was drawn. */
export async function renderPdf(meta: PdfMeta, draw: (page: PdfPage) => void): Promise<Uint8Array> {
  // The CJK font from the start: pdfkit then never reads its Helvetica metrics from disk (a bundle need not carry them).
  const doc = new PDFDocument({
    font: cjkFont() as unknown as string,
    size: "A4",
    margin: MARGIN,
    info: { Title: meta.title, Subject: meta.subject, Author: meta.author ?? "同心", Creator: "同心", CreationDate: meta.createdAt ?? new Date() },
    lang: "zh-CN",
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  doc.registerFont(FONT, cjkFont() as unknown as string);
  doc.font(FONT);
  draw(new PdfPage(doc));
  doc.end();
  return done;
}
