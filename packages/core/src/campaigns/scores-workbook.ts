import writeXlsxFile from "write-excel-file/node";
import { inertCell } from "../exports/cells";
import { load } from "./results";
import type { StoredCampaign } from "./store";

type Cell = { value?: string | number; fontWeight?: "bold"; type?: typeof Number | typeof String };

/** All judges' scores per criterion with totals, then each entry's aggregate and rank. */
export async function scoresWorkbook(campaign: StoredCampaign): Promise<Buffer> {
  const { scores, rows } = await load(campaign);
  const header = (values: string[]): Cell[] => values.map((value) => ({ value: inertCell(value), fontWeight: "bold" }));
  const num = (value: number | null | undefined): Cell => (value === null || value === undefined ? {} : { value, type: Number });
  const text = (value: string): Cell => ({ value: inertCell(value), type: String });
  const rowOf = new Map(rows.map((r) => [r.entryId, r]));
  const detail: Cell[][] = [header(["案例", "申报单位", "评委", "状态", ...campaign.rubric.map((c) => `${c.label}（${c.max}）`), "总分", "评语"])];
  for (const score of [...scores].sort((a, b) => (rowOf.get(a.entryId)?.rank ?? 1e9) - (rowOf.get(b.entryId)?.rank ?? 1e9) || (a.entryId < b.entryId ? -1 : 1))) {
    const row = rowOf.get(score.entryId);
    detail.push([
      text(row?.title ?? ""),
      text(row?.unitName ?? ""),
      text(score.judgeName),
      text(score.status === "submitted" ? "已提交" : score.status === "draft" ? "暂存" : "未评"),
      ...campaign.rubric.map((c) => num(score.status === "submitted" ? score.scores[c.key] : null)),
      num(score.status === "submitted" ? score.total : null),
      text(score.status === "submitted" ? score.comment : ""),
    ]);
  }
  const summary: Cell[][] = [header(["排名", "案例", "申报单位", "综合得分", "中位数", "平均分", "极差", "已评/应评", "拟获奖项", "备注"])];
  for (const row of rows) {
    const notes = [row.tie ? "并列" : "", row.boundaryTie ? "跨奖项并列" : "", row.incomplete ? "评分未完成" : "", row.trimmed ? "已去掉最高分和最低分" : ""].filter(Boolean).join("；");
    summary.push([num(row.rank), text(row.title), text(row.unitName), num(row.aggregate), num(row.median), num(row.mean), num(row.spread), text(`${row.submitted}/${row.assigned}`), text(row.proposedTier ?? ""), text(notes)]);
  }
  return writeXlsxFile([
    { data: summary, sheet: "排名", stickyRowsCount: 1 },
    { data: detail, sheet: "评分明细", stickyRowsCount: 1 },
  ]).toBuffer();
}
