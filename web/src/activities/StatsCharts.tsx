import { ArcElement, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from "chart.js";
import { Bar, Doughnut } from "react-chartjs-2";
import type { StatsReport } from "./api";
import { themeColor } from "./bits";

// Only what these three charts use, so the page stays small (the controllers come with Bar and Doughnut).
ChartJS.register(CategoryScale, LinearScale, BarElement, ArcElement, Tooltip, Legend);
ChartJS.defaults.font.family = '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
ChartJS.defaults.color = "#59606a";

const ACCENT = "#b3261e";
const SECOND = "#e8a19c";
const count = { beginAtZero: true, ticks: { precision: 0 } } as const;

/** 按月份: 场次 (left axis) and 人次 (right axis) per month. */
export function MonthChart({ report }: { report: StatsReport }) {
  const options: ChartOptions<"bar"> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } }, tooltip: { callbacks: { title: (items) => `${items[0]?.label ?? ""}月` } } },
    scales: {
      // 1–12 upright: twelve labels fit a phone without turning sideways.
      x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 0 }, title: { display: true, text: "月份" } },
      y: { ...count, title: { display: true, text: "场次" } },
      y1: { ...count, position: "right", grid: { display: false }, title: { display: true, text: "人次" } },
    },
  };
  const data = {
    labels: report.byMonth.map((m) => String(Number(m.month))),
    datasets: [
      { label: "活动场次", data: report.byMonth.map((m) => m.activities), backgroundColor: ACCENT, yAxisID: "y" },
      { label: "参与人次", data: report.byMonth.map((m) => m.attendances), backgroundColor: SECOND, yAxisID: "y1" },
    ],
  };
  const busiest = [...report.byMonth].sort((a, b) => b.activities - a.activities)[0];
  const label = `按月份的活动场次柱状图${busiest && busiest.activities > 0 ? `，最多的是${Number(busiest.month)}月（${busiest.activities}场）` : "，暂无数据"}；数据见下表`;
  return (
    <div className="chart chart--month">
      <Bar options={options} data={data} role="img" aria-label={label} />
    </div>
  );
}

/** 按主题: 场次 per theme as a doughnut. */
export function ThemeChart({ report }: { report: StatsReport }) {
  const options: ChartOptions<"doughnut"> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    cutout: "55%",
    plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
  };
  const data = {
    labels: report.byTheme.map((t) => t.label),
    datasets: [{ label: "活动场次", data: report.byTheme.map((t) => t.activities), backgroundColor: report.byTheme.map((t) => themeColor(t.theme)), borderWidth: 2 }],
  };
  const label = `按主题的活动场次环形图：${report.byTheme.map((t) => `${t.label}${t.activities}场`).join("，")}`;
  return (
    <div className="chart chart--theme">
      <Doughnut options={options} data={data} role="img" aria-label={label} />
    </div>
  );
}

/** 按下级组织: 场次 per child org (and 本级), as horizontal bars. */
export function ChildChart({ rows }: { rows: Array<{ name: string; activities: number; attendances: number }> }) {
  const options: ChartOptions<"bar"> = {
    indexAxis: "y",
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    scales: { x: { ...count }, y: { grid: { display: false } } },
  };
  const data = {
    labels: rows.map((row) => row.name),
    datasets: [{ label: "活动场次", data: rows.map((row) => row.activities), backgroundColor: ACCENT, maxBarThickness: 22 }],
  };
  return (
    <div className="chart" style={{ height: `${Math.max(140, rows.length * 38 + 70)}px` }}>
      <Bar options={options} data={data} role="img" aria-label={`按下级组织的活动场次条形图：${rows.map((r) => `${r.name}${r.activities}场`).join("，")}`} />
    </div>
  );
}
