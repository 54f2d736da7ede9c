import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { activitiesApi, type MySignup } from "../api";
import { SignupPill } from "../bits";
import { nowLocal, whenLabel } from "../time";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import "../activities.css";

function SignupCard({ signup }: { signup: MySignup }) {
  return (
    <li>
      <Link className="card card--link act-card" to={`/activities/${signup.activityId}`}>
        <span className="act-card__time">{whenLabel(signup)}</span>
        <span className="card__title">{signup.title}</span>
        <span className="card__meta">
          <SignupPill signup={signup} />
          <span className="kind">
            {signup.unitName} · {signup.venue}
          </span>
        </span>
      </Link>
    </li>
  );
}

/** 我的活动 (/me/activities): what I signed up for — coming first (soonest on top), then past ones (latest on top). */
export default function MyActivitiesPage() {
  useTitle("我的活动");
  const list = useQuery({ queryKey: keys.activities.mine, queryFn: ({ signal }) => activitiesApi.mine(signal) });
  const now = nowLocal();
  const items = list.data?.items ?? [];
  const coming = items.filter((s) => s.endsAt > now);
  const past = items.filter((s) => s.endsAt <= now).reverse();

  return (
    <>
      <header className="page-head">
        <h1>我的活动</h1>
        <p className="page-head__meta muted">报名的活动都在这里；到场签到时打开活动出示签到码。</p>
      </header>
      {list.isPending && <Loading />}
      <ErrorMessage error={list.error} />
      {list.data && items.length === 0 && <p className="empty muted">您还没有报名活动。可到所在组织的“活动日历”里报名。</p>}
      {coming.length > 0 && (
        <section aria-labelledby="coming">
          <h2 id="coming">即将开始与进行中</h2>
          <ul className="cards">
            {coming.map((signup) => (
              <SignupCard key={signup.activityId} signup={signup} />
            ))}
          </ul>
        </section>
      )}
      {past.length > 0 && (
        <section aria-labelledby="past">
          <h2 id="past">已结束</h2>
          <ul className="cards">
            {past.map((signup) => (
              <SignupCard key={signup.activityId} signup={signup} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
