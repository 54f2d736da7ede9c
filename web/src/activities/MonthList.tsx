import { Link } from "react-router-dom";
import type { Activity } from "./api";
import { PlacesLeft, ThemeChip } from "./bits";
import { dayLabel, timeRange } from "./time";

/** Activities grouped by their start day, `YYYY-MM-DD` → activities (in start order). */
export function byDay(items: readonly Activity[]): Map<string, Activity[]> {
  const days = new Map<string, Activity[]>();
  for (const item of items) {
    const day = item.startsAt.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return days;
}

/** One activity as a tappable card: time, title, theme, unit and places left. */
export function ActivityCard({ activity }: { activity: Activity }) {
  return (
    <li>
      <Link className="card card--link act-card" to={`/activities/${activity.activityId}`}>
        <span className="act-card__time">{timeRange(activity)}</span>
        <span className="card__title">{activity.title}</span>
        <span className="card__meta">
          <ThemeChip theme={activity.theme} label={activity.themeLabel} />
          <span className="kind">{activity.unitName}</span>
          <PlacesLeft activity={activity} />
        </span>
      </Link>
    </li>
  );
}

/** 活动日历 on a phone: only the days that have activities, each with its cards. */
export function MonthList({ items, today }: { items: readonly Activity[]; today: string }) {
  const days = byDay(items);
  return (
    <div className="day-list">
      {[...days].map(([day, activities]) => (
        <section key={day} className="day-list__day" aria-labelledby={`day-${day}`}>
          <h3 id={`day-${day}`} className={day === today ? "day-list__head day-list__head--today" : "day-list__head"}>
            {dayLabel(day)}
            {day === today && <span className="tag">今天</span>}
          </h3>
          <ul className="cards">
            {activities.map((activity) => (
              <ActivityCard key={activity.activityId} activity={activity} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
