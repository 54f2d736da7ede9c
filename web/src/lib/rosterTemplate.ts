import { ROLES } from "./labels";

/** The roll's columns, in the order the template uses. 姓名 and 手机 are required. */
export const ROSTER_HEADERS = ["姓名", "手机", "单位", "职务", "新阶层类别", "邮箱", "角色"] as const;

export const ROLE_LABEL_LIST = Object.values(ROLES).join("/");

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** CSV text for the given rows, with CRLF line ends as spreadsheet programs expect. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * Downloads the empty roll template. The UTF-8 BOM makes Excel on Windows read the
 * Chinese headers correctly instead of guessing a legacy code page.
 */
export function downloadRosterTemplate(): void {
  const blob = new Blob(["\uFEFF", toCsv([ROSTER_HEADERS])], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = "花名册模板.csv";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
