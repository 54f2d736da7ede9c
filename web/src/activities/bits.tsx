import { fenToYuan } from "@tongxin/core/forms/money";
import type { Activity, Signup } from "./api";

/** The five themes (活动主题) in the order the statistics use, each with its chart colour. */
export const THEME_COLORS: Record<string, string> = {
  sishi: "#b3261e",
  volunteer: "#1a7f37",
  science: "#1967d2",
  fellowship: "#e37400",
  advice: "#7b3fa0",
};
export const themeColor = (theme: string) => THEME_COLORS[theme] ?? "#59606a";

export function ThemeChip({ theme, label }: { theme: string; label: string }) {
  return (
    <span className="theme-chip" style={{ color: themeColor(theme), borderColor: themeColor(theme) }}>
      {label}
    </span>
  );
}

/** 余 3 位 / 已满 · 候补 2 人 / 已结束. */
export function PlacesLeft({ activity }: { activity: Activity }) {
  if (activity.status === "closed") return <span className="places places--none">已结束</span>;
  if (activity.placesLeft > 0) return <span className="places">余 {activity.placesLeft} 位</span>;
  return <span className="places places--none">已满{activity.waitlisted > 0 ? ` · 候补 ${activity.waitlisted} 人` : ""}</span>;
}

/** 已报名 / 已签到 / 候补第N位 / 已取消, as a status pill. */
export function signupLabel(signup: Pick<Signup, "status" | "position" | "checkedInAt">): string {
  if (signup.status === "cancelled") return "已取消";
  if (signup.status === "waitlisted") return signup.position ? `候补第${signup.position}位` : "候补中";
  return signup.checkedInAt ? "已签到" : "已报名";
}

export function SignupPill({ signup }: { signup: Pick<Signup, "status" | "position" | "checkedInAt"> }) {
  const tone = signup.status === "cancelled" ? "off" : signup.status === "waitlisted" ? "wait" : signup.checkedInAt ? "done" : "ok";
  return <span className={`signup-pill signup-pill--${tone}`}>{signupLabel(signup)}</span>;
}

/** 800.00 元 */
export const yuan = (fen: number) => `${fenToYuan(fen)} 元`;
