import writeXlsxFile from "write-excel-file/node";
import { inertRows } from "../exports/cells";
import { describeThreshold } from "./config";
import type { ResultsDocument } from "./results";

/**
 * The results as a printable sheet (计票结果报告): the figures, then one row per candidate and
 * write-in (赞成/反对/弃权, 当选), then the motions, with the flags (ties, unfilled seats).
 */
export function resultsRows(document: ResultsDocument): string[][] {
  const { results, config } = document;
  const f = results.figures;
  const rows: string[][] = [
    [document.title],
    [`名册人数 ${f.roll}`, `到会 ${f.present}`, `发出选票 ${f.issued}`, `收回选票 ${f.returned}`, `有效票 ${f.valid}`, `废票 ${f.void}`],
    [`当选门槛：${f.baseLabel}（${f.base}）的${describeThreshold(config.threshold)}`, document.published ? "已公布" : "未公布"],
    [],
    ["职务", "姓名", "赞成", "反对", "弃权", "结果"],
  ];
  for (const position of results.positions) {
    for (const c of position.candidates) {
      rows.push([position.title, c.name, String(c.for), String(c.against), String(c.abstain), c.elected ? "当选" : c.tied ? "得票相同，须另行选举" : "未当选"]);
    }
    for (const w of position.writeIns) rows.push([position.title, `${w.name}（另选）`, String(w.for), "", "", w.elected ? "当选" : w.tied ? "得票相同，须另行选举" : "未当选"]);
    rows.push([position.title, `应选${position.seats}名，有效${position.valid}票，作废${position.void}票，当选需${position.required}票`, "", "", "", position.flags.join("；")]);
  }
  if (results.motions.length > 0) {
    rows.push([], ["议题", "", "赞成", "反对", "弃权", "结果"]);
    for (const m of results.motions) rows.push([m.title, `需${m.required}票`, String(m.for), String(m.against), String(m.abstain), m.passed ? "通过" : "未通过"]);
  }
  if (!results.integrity.ok) rows.push([], ["完整性检查未通过", results.integrity.problems.join("；")]);
  rows.push([], ["监票人确认", document.certifications.map((c) => `${c.name}（${c.at}）`).join("、")], ["结果校验值", document.resultsHash]);
  return rows;
}

export async function resultsWorkbook(document: ResultsDocument): Promise<Buffer> {
  const rows = inertRows(resultsRows(document)).map((row) => row.map((value) => ({ value })));
  return writeXlsxFile(rows, { sheet: "选举结果" }).toBuffer();
}
