import writeXlsxFile from "write-excel-file/node";
import { inertCell } from "../exports/cells";
import type { StatsReport } from "./stats";

/** The report as a workbook: 概况, 按月份, 按主题, 按下级组织 — Chinese headers, numbers as numbers. */
export async function statsWorkbook(report: StatsReport): Promise<Buffer> {
  const header = (...titles: string[]) => titles.map((value) => ({ value: inertCell(value), fontWeight: "bold" as const }));
  const row = (...values: Array<string | number>) => values.map((value) => ({ value: typeof value === "string" ? inertCell(value) : value }));
  const sheets = [
    {
      sheet: "概况",
      data: [header("组织", "年度", "活动场次", "参与人次", "参与人数"), row(report.orgName, report.year, report.totals.activities, report.totals.attendances, report.totals.people)],
    },
    { sheet: "按月份", data: [header("月份", "活动场次", "参与人次"), ...report.byMonth.map((m) => row(`${Number(m.month)}月`, m.activities, m.attendances))] },
    { sheet: "按主题", data: [header("活动主题", "活动场次", "参与人次"), ...report.byTheme.map((t) => row(t.label, t.activities, t.attendances))] },
    {
      sheet: "按下级组织",
      data: [
        header("组织", "活动场次", "参与人次", "参与人数"),
        ...report.byChild.map((c) => row(c.name, c.activities, c.attendances, c.people)),
        row("本级", report.own.activities, report.own.attendances, ""),
      ],
    },
  ];
  return writeXlsxFile(sheets.map((sheet) => ({ ...sheet, stickyRowsCount: 1 }))).toBuffer();
}
