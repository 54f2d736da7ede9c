import type { ReactNode } from "react";
import type { StatsReport } from "./api";

interface Column<T> {
  title: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

/** A data table under a chart (what the chart shows, readable by everyone). */
export function DataTable<T>({ caption, columns, rows, rowKey, empty }: { caption: string; columns: Array<Column<T>>; rows: T[]; rowKey: (row: T) => string; empty?: string }) {
  return (
    <div className="table-scroll">
      <table className="stats-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.title} scope="col" className={column.numeric ? "num" : undefined}>
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="muted">
                {empty ?? "暂无数据"}
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, index) =>
                index === 0 ? (
                  <th key={column.title} scope="row">
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.title} className={column.numeric ? "num" : undefined}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Row = { activities: number; attendances: number };
const figures = [
  { title: "场次", cell: (row: Row) => row.activities, numeric: true },
  { title: "人次", cell: (row: Row) => row.attendances, numeric: true },
];

export const MonthTable = ({ report }: { report: StatsReport }) => (
  <DataTable caption="各月活动场次与参与人次" rows={report.byMonth} rowKey={(m) => m.month} columns={[{ title: "月份", cell: (m) => `${Number(m.month)}月` }, ...figures]} />
);

export const ThemeTable = ({ report }: { report: StatsReport }) => (
  <DataTable caption="各主题活动场次与参与人次" rows={report.byTheme} rowKey={(t) => t.theme} columns={[{ title: "活动主题", cell: (t) => t.label }, ...figures]} empty="本年度暂无已总结的活动" />
);

export type ChildRow = Row & { orgId: string; name: string; people?: number };

export const ChildTable = ({ rows }: { rows: ChildRow[] }) => (
  <DataTable
    caption="各下级组织活动场次、参与人次与人数"
    rows={rows}
    rowKey={(c) => c.orgId}
    columns={[{ title: "组织", cell: (c) => c.name }, ...figures, { title: "人数", cell: (c) => c.people ?? "—", numeric: true }]}
  />
);
