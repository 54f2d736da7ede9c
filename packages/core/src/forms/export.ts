import Papa from "papaparse";
import writeXlsxFile from "write-excel-file/node";
import { inertCell, inertRows } from "../exports/cells";
import { formatBeijingDateTime, SHEET_DATE_TIME_FORMAT } from "../office/beijing-time";
import type { FileRef } from "./attachments";
import type { Field, FormDefinition } from "./index";
import type { Submission, SubmissionStatus } from "./submissions";

/**
 * Submissions as a table with the form's Chinese labels as headers, for XLSX and CSV.
 *
 * Columns: 提交编号, 提交人, 单位, 状态, 提交时间, 表单版本, then one column per field in the
 * newest version's order (fields only older versions had follow). Flattening:
 * - money in 元 with two decimals; choices by their labels, several joined with "、";
 *   checkbox 是/否; a member picker by the people's names;
 * - files and images as links (one per line) to `/api/uploads/<id>`, which checks access and
 *   redirects to a short-lived download;
 * - a repeating group in one cell, one line per row: "第1行：项目=场地费；金额=500.00";
 * - times in Beijing time, `2026-12-07 14:30` (提交时间 is an instant; date and datetime fields
 *   already hold Beijing wall-clock values); in XLSX they are date cells, so Excel sorts and filters them.
 */
export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  draft: "草稿",
  submitted: "已提交",
  in_review: "审核中",
  returned: "已退回",
  approved: "已通过",
  rejected: "未通过",
  withdrawn: "已撤回",
};

export interface ExportContext {
  /** Definitions of every version the submissions use, newest first. */
  definitions: FormDefinition[];
  unitNames: ReadonlyMap<string, string>;
  memberNames: ReadonlyMap<string, string>;
  /** Absolute origin for upload links, e.g. https://tongxin.example.org */
  origin: string;
}

type ValueField = Exclude<Field, { type: "section" }>;

/** Fields across versions, by key, in the newest version's order. */
function columnsOf(definitions: FormDefinition[]): ValueField[] {
  const columns = new Map<string, ValueField>();
  for (const definition of definitions) {
    for (const field of definition.fields) if (field.type !== "section" && !columns.has(field.key)) columns.set(field.key, field);
  }
  return [...columns.values()];
}

function optionLabel(field: Field, value: unknown): string {
  const options = "options" in field ? (field.options ?? []) : [];
  return options.find((option) => option.value === value)?.label ?? String(value);
}

function formatValue(field: Field, value: unknown, context: ExportContext): string {
  if (value === undefined || value === null || value === "") return "";
  switch (field.type) {
    case "money":
      return (Number(value) / 100).toFixed(2);
    case "calculated":
      return field.format === "money" ? (Number(value) / 100).toFixed(2) : String(value);
    case "select":
    case "radio":
      return optionLabel(field, value);
    case "multiselect":
      return (value as unknown[]).map((v) => optionLabel(field, v)).join("、");
    case "checkbox":
      return value ? "是" : "否";
    case "datetime":
      return String(value).replace("T", " ");
    case "member":
      return (Array.isArray(value) ? value : [value]).map((id) => context.memberNames.get(String(id)) ?? String(id)).join("、");
    case "file":
    case "image":
      return (value as FileRef[]).map((ref) => `${context.origin}/api/uploads/${ref.uploadId}`).join("\n");
    case "group":
      return (value as Array<Record<string, unknown>>)
        .map((row, index) => {
          const cells = field.fields
            .filter((sub) => row[sub.key] !== undefined)
            .map((sub) => `${sub.label}=${formatValue(sub, row[sub.key], context)}`);
          return `第${index + 1}行：${cells.join("；")}`;
        })
        .join("\n");
    default:
      return String(value);
  }
}

/** Rows of text; `timeColumns` holds Beijing `YYYY-MM-DD[ HH:mm]` values that XLSX writes as date cells. */
export interface ExportTable {
  headers: string[];
  rows: string[][];
  timeColumns?: number[];
}

/** Who made a file and when (PIPL: an export of personal data names its exporter), and whether personal answers in it are masked. */
export interface ExportProvenance {
  exporterName: string;
  /** An ISO instant; written in Beijing time. */
  at: string;
  masked: boolean;
  /** Replaces the 个人信息 line (e.g. a person's own data). */
  note?: string;
}

function provenanceLines(provenance: ExportProvenance): string[][] {
  return [
    ["导出人", provenance.exporterName],
    ["导出时间", `${formatBeijingDateTime(provenance.at)}（北京时间）`],
    ["个人信息", provenance.note ?? (provenance.masked ? "已脱敏" : "完整（已记入个人信息访问记录，请妥善保管，用后删除）")],
  ];
}

const FIXED_COLUMNS = 6;

export function submissionTable(submissions: Submission[], context: ExportContext): ExportTable {
  const columns = columnsOf(context.definitions);
  const headers = ["提交编号", "提交人", "单位", "状态", "提交时间", "表单版本", ...columns.map((field) => field.label)];
  const timeColumns = [4, ...columns.flatMap((field, index) => (field.type === "date" || field.type === "datetime" ? [FIXED_COLUMNS + index] : []))];
  const rows = submissions.map((submission) => [
    submission.submissionId,
    submission.submitterName,
    context.unitNames.get(submission.unitId) ?? submission.unitId,
    STATUS_LABELS[submission.status],
    submission.submittedAt ? formatBeijingDateTime(submission.submittedAt) : "",
    String(submission.version),
    ...columns.map((field) => formatValue(field, submission.data[field.key], context)),
  ]);
  return { headers, rows, timeColumns };
}

/** A Beijing `YYYY-MM-DD[ HH:mm]` as a zone-less sheet date (its UTC fields are the wall clock). */
function sheetDate(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour = "0", minute = "0"] = match;
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)));
}

function xlsxCell(value: string, isTime: boolean) {
  const date = isTime ? sheetDate(value) : undefined;
  if (date) return { value: date, type: Date, format: value.length > 10 ? SHEET_DATE_TIME_FORMAT : "yyyy-mm-dd" };
  return { value: inertCell(value), wrap: value.includes("\n") };
}

/**
 * CSV with a UTF-8 byte-order mark, so Excel opens the Chinese text correctly; no cell runs as a
 * formula. With a provenance, the table is followed by an empty line and 导出人 / 导出时间 / 个人信息 lines.
 */
export function toCsv(table: ExportTable, provenance?: ExportProvenance): string {
  const trailer = provenance ? [[""], ...provenanceLines(provenance)] : [];
  return "\uFEFF" + Papa.unparse(inertRows([table.headers, ...table.rows, ...trailer]), { newline: "\r\n" });
}

/** The table on its sheet; with a provenance, a second sheet 导出说明 names the exporter and the time. */
export async function toXlsx(table: ExportTable, sheet = "提交记录", provenance?: ExportProvenance): Promise<Buffer> {
  const header = table.headers.map((value) => ({ value: inertCell(value), fontWeight: "bold" as const }));
  const times = new Set(table.timeColumns ?? []);
  const body = table.rows.map((row) => row.map((value, column) => xlsxCell(value, times.has(column))));
  if (!provenance) return writeXlsxFile([header, ...body], { sheet, stickyRowsCount: 1 }).toBuffer();
  const about = provenanceLines(provenance).map((row) => row.map((value) => ({ value: inertCell(value) })));
  return writeXlsxFile([
    { data: [header, ...body], sheet, stickyRowsCount: 1 },
    { data: about, sheet: "导出说明" },
  ]).toBuffer();
}
