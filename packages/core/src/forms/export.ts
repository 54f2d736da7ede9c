import Papa from "papaparse";
import writeXlsxFile from "write-excel-file/node";
import { inertCell, inertRows } from "../exports/cells";
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
 * - a repeating group in one cell, one line per row: "第1行：项目=场地费；金额=500.00".
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
    case "select":
    case "radio":
      return optionLabel(field, value);
    case "multiselect":
      return (value as unknown[]).map((v) => optionLabel(field, v)).join("、");
    case "checkbox":
      return value ? "是" : "否";
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

export function submissionTable(submissions: Submission[], context: ExportContext): { headers: string[]; rows: string[][] } {
  const columns = columnsOf(context.definitions);
  const headers = ["提交编号", "提交人", "单位", "状态", "提交时间", "表单版本", ...columns.map((field) => field.label)];
  const rows = submissions.map((submission) => [
    submission.submissionId,
    submission.submitterName,
    context.unitNames.get(submission.unitId) ?? submission.unitId,
    STATUS_LABELS[submission.status],
    submission.submittedAt ?? "",
    String(submission.version),
    ...columns.map((field) => formatValue(field, submission.data[field.key], context)),
  ]);
  return { headers, rows };
}

/** CSV with a UTF-8 byte-order mark, so Excel opens the Chinese text correctly; no cell runs as a formula. */
export function toCsv(table: { headers: string[]; rows: string[][] }): string {
  return "\uFEFF" + Papa.unparse(inertRows([table.headers, ...table.rows]), { newline: "\r\n" });
}

export async function toXlsx(table: { headers: string[]; rows: string[][] }, sheet = "提交记录"): Promise<Buffer> {
  const header = table.headers.map((value) => ({ value: inertCell(value), fontWeight: "bold" as const }));
  const body = table.rows.map((row) => row.map((value) => ({ value: inertCell(value), wrap: value.includes("\n") })));
  return writeXlsxFile([header, ...body], { sheet, stickyRowsCount: 1 }).toBuffer();
}
