import { Link } from "react-router-dom";
import type { Activity } from "./api";
import { themeColor } from "./bits";
import { byDay } from "./MonthList";
import { daysOf, weekdayOf } from "./time";

const HEADS = ["一", "二", "三", "四", "五", "六", "日"];

/** The month's days in weeks, Monday first; null pads the first and last week. */
function weeksOf(month: string): Array<Array<string | null>> {
  const days = daysOf(month);
  const lead = (weekdayOf(days[0]!) + 6) % 7;
  const cells: Array<string | null> = [...Array<null>(lead).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}

/** 活动日历 on a wide screen: a month grid, each day with its activities. */
export function MonthGrid({ month, items, today }: { month: string; items: readonly Activity[]; today: string }) {
  const days = byDay(items);
  return (
    <table className="month-grid">
      <thead>
        <tr>
          {HEADS.map((head) => (
            <th key={head} scope="col">
              周{head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeksOf(month).map((week, index) => (
          <tr key={index}>
            {week.map((day, column) =>
              day === null ? (
                <td key={`pad-${column}`} className="month-grid__pad" />
              ) : (
                <td key={day} className={day === today ? "month-grid__today" : undefined}>
                  <span className="month-grid__date">{Number(day.slice(8))}</span>
                  {(days.get(day) ?? []).map((activity) => (
                    <Link key={activity.activityId} className="grid-act" to={`/activities/${activity.activityId}`} style={{ borderLeftColor: themeColor(activity.theme) }}>
                      <span className="grid-act__time">{activity.startsAt.slice(11, 16)}</span> {activity.title}
                      <span className="grid-act__meta">
                        {activity.themeLabel} · {activity.unitName} · {activity.status === "closed" ? "已结束" : activity.placesLeft > 0 ? `余${activity.placesLeft}位` : "已满"}
                      </span>
                    </Link>
                  ))}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
