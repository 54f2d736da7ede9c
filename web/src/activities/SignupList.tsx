import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "../lib/format";
import { keys } from "../lib/queryKeys";
import { ErrorMessage, Loading } from "../components/Status";
import { activitiesApi, type Signup } from "./api";
import { SignupPill } from "./bits";

function Person({ signup }: { signup: Signup }) {
  const when = signup.checkedInAt
    ? `签到 ${formatDateTime(signup.checkedInAt)}`
    : signup.status === "cancelled"
      ? `取消 ${formatDateTime(signup.cancelledAt)}`
      : `报名 ${formatDateTime(signup.signedUpAt)}`;
  return (
    <li className="signup-row">
      <span className="signup-row__name">{signup.name}</span>
      <SignupPill signup={signup} />
      <span className="signup-row__when muted">{when}</span>
    </li>
  );
}

/** 报名名单 (organizer and the unit's admins): confirmed (and who checked in), the waitlist in order, cancelled. */
export function SignupList({ activityId }: { activityId: string }) {
  const list = useQuery({ queryKey: keys.activities.signups(activityId), queryFn: ({ signal }) => activitiesApi.signups(activityId, signal) });
  if (list.isPending) return <Loading />;
  if (!list.data) return <ErrorMessage error={list.error} />;
  const { items, counts } = list.data;
  const confirmed = items.filter((s) => s.status === "confirmed");
  const waiting = items.filter((s) => s.status === "waitlisted");
  const cancelled = items.filter((s) => s.status === "cancelled");
  return (
    <div className="signups">
      <p className="signups__counts">
        已报名 <strong>{counts.confirmed}</strong>/{counts.capacity} · 已签到 <strong>{counts.checkedIn}</strong> · 候补 <strong>{counts.waitlisted}</strong>
      </p>
      {items.length === 0 && <p className="empty muted">还没有人报名。</p>}
      {confirmed.length > 0 && (
        <ul className="signup-rows" aria-label="已报名">
          {confirmed.map((s) => (
            <Person key={s.accountId} signup={s} />
          ))}
        </ul>
      )}
      {waiting.length > 0 && (
        <>
          <h3>候补名单</h3>
          <ul className="signup-rows" aria-label="候补名单">
            {waiting.map((s) => (
              <Person key={s.accountId} signup={s} />
            ))}
          </ul>
        </>
      )}
      {cancelled.length > 0 && (
        <details className="disclosure signups__cancelled">
          <summary>已取消（{cancelled.length}）</summary>
          <ul className="signup-rows" aria-label="已取消">
            {cancelled.map((s) => (
              <Person key={s.accountId} signup={s} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
