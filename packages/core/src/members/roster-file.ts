import Papa from "papaparse";
import { readSheet } from "read-excel-file/universal";
import { AppError } from "../errors";
import { decodeOfficeText } from "../office/text-encoding";
import { measureZip } from "../office/zip-budget";

/**
 * Reading a roll file (花名册) as offices have it: XLSX, or CSV saved by Excel/WPS in GB18030
 * or by other tools in UTF-8 (with or without BOM). Old binary `.xls` is refused with what to do
 * instead. Pure: bytes in, cells out.
 */
export type RosterFormat = "csv" | "xlsx";

/** Rows a roll may hold (the header comes on top). */
export const MAX_ROSTER_ROWS = 5000;
/** A roll of 5,000 people inflates to a few megabytes; far more is a zip bomb, refused before parsing. */
export const MAX_XLSX_INFLATED_BYTES = 16 * 1024 * 1024;

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** The OLE2 compound-file signature of `.xls` (and `.et`/`.doc`) files. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SAVE_AS = "请在 Excel 或 WPS 中另存为 .xlsx 或 CSV（逗号分隔）后再上传";

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/**
 * Which reader a file needs, from its bytes first and its name and type second.
 * Windows browsers label `.csv` files `application/vnd.ms-excel`, so that type alone proves nothing.
 *
 * @example
 * rosterFormatOf({ bytes, name: "会员.xls", type: "application/vnd.ms-excel" }) // throws validation.failed naming the file
 */
export function rosterFormatOf(file: { bytes: Uint8Array; name?: string; type?: string }): RosterFormat {
  const name = (file.name ?? "").toLowerCase();
  const type = (file.type ?? "").toLowerCase();
  if (startsWith(file.bytes, OLE2) || name.endsWith(".xls") || name.endsWith(".et")) {
    throw new AppError("validation.failed", `不支持旧版 Excel（.xls）文件，${SAVE_AS}`, { fields: { file: [`不支持 .xls 文件，${SAVE_AS}`] } });
  }
  if (startsWith(file.bytes, [0x50, 0x4b]) || type.startsWith(XLSX_TYPE) || name.endsWith(".xlsx")) return "xlsx";
  if (name.endsWith(".csv") || name.endsWith(".txt") || type.startsWith("text/") || type === "application/vnd.ms-excel" || name === "") return "csv";
  throw new AppError("validation.failed", "只支持 .xlsx 或 .csv 格式的花名册", { fields: { file: ["只支持 .xlsx 或 .csv 格式"] } });
}

function readCsv(bytes: Uint8Array): string[][] {
  const decoded = decodeOfficeText(bytes);
  if (!decoded) {
    throw new AppError("validation.failed", "无法识别文件的文字编码，请另存为 UTF-8 或 GBK 编码的 CSV", {
      fields: { file: ["无法识别文件的文字编码（支持 UTF-8 与 GBK/GB18030）"] },
    });
  }
  const parsed = Papa.parse<string[]>(decoded.text, { skipEmptyLines: "greedy" });
  return parsed.data.map((row) => row.map((cell) => String(cell ?? "")));
}

/** Refuses an XLSX that inflates too far or holds too many rows, before any parser reads it. */
function checkXlsxBudget(bytes: Uint8Array): void {
  const measure = measureZip(bytes, { maxInflatedBytes: MAX_XLSX_INFLATED_BYTES, maxRows: MAX_ROSTER_ROWS + 1 });
  if (measure.ok || measure.exceeded === "unreadable") return; // an unreadable file gets the reader's own message
  if (measure.exceeded === "inflatedBytes") {
    const limit = `${MAX_XLSX_INFLATED_BYTES / 1024 / 1024} MB`;
    throw new AppError("request.too_large", `文件解压后超过 ${limit}，不是正常的花名册，未导入任何人`, { fields: { file: [`文件解压后超过 ${limit}`] } });
  }
  throw new AppError("member.import_invalid", `一次最多导入${MAX_ROSTER_ROWS}人`, { fields: { file: [`一次最多导入${MAX_ROSTER_ROWS}人`] }, details: { rows: [] } });
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  checkXlsxBudget(bytes);
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const sheet = await readSheet(buffer);
    return sheet.map((row) => row.map((cell) => (cell === null || cell === undefined ? "" : String(cell))));
  } catch (error) {
    throw new AppError("validation.failed", "无法读取 Excel 文件，请上传 .xlsx 格式的花名册", { fields: { file: ["无法读取 Excel 文件"] }, cause: error });
  }
}

/** The roll's cells, header row first. */
export async function readRoster(bytes: Uint8Array, format: RosterFormat): Promise<string[][]> {
  return format === "csv" ? readCsv(bytes) : readXlsx(bytes);
}
