import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { activitiesApi, type Activity } from "../api";
import { ThemeChip, yuan } from "../bits";
import { CancelActivity } from "../CancelActivity";
import { MySignup } from "../MySignup";
import { SignupList } from "../SignupList";
import { SummaryFacts } from "../SummaryFacts";
import { SummaryForm } from "../SummaryForm";
import { ended, started, whenLabel } from "../time";
import { ErrorMessage, Loading, Success } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import "../activities.css";

const phase = (a: Activity) => (a.status === "cancelled" ? "已取消" : a.status === "closed" ? "已总结" : ended(a) ? "已结束" : started(a) ? "进行中" : "报名中");

function Facts({ activity: a }: { activity: Activity }) {
  return (
    <dl className="receipt__facts facts">
      <div>
        <dt>时间</dt>
        <dd>{whenLabel(a)}</dd>
      </div>
      <div>
        <dt>地点</dt>
        <dd>{a.venue}</dd>
      </div>
      <div>
        <dt>主办单位</dt>
        <dd>{a.unitName}</dd>
      </div>
      <div>
        <dt>组织者</dt>
        <dd>{a.organizerName}</dd>
      </div>
      <div>
        <dt>名额</dt>
        <dd>
          共 {a.capacity} 人 · 已报名 {a.confirmed} 人 · {a.placesLeft > 0 ? `余 ${a.placesLeft} 位` : "已满"}
          {a.waitlisted > 0 && ` · 候补 ${a.waitlisted} 人`}
        </dd>
      </div>
      {a.budgetFen > 0 && (
        <div>
          <dt>经费预算</dt>
          <dd>{yuan(a.budgetFen)}</dd>
        </div>
      )}
    </dl>
  );
}

/** 活动详情 (/activities/:activityId): details, my sign-up and QR code; for managers the list, check-in and the summary. */
export default function ActivityPage() {
  const { activityId = "" } = useParams();
  const client = useQueryClient();
  const [filed, setFiled] = useState(false);
  const loaded = useQuery({ queryKey: keys.activities.one(activityId), queryFn: ({ signal }) => activitiesApi.activity(activityId, signal) });
  useTitle(loaded.data?.activity.title ?? "活动详情");

  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { activity, mySignup, canManage } = loaded.data;
  const refresh = () => client.invalidateQueries({ queryKey: keys.activities.one(activityId) });
  const onFiledOrCancelled = (next: Activity) => client.setQueryData(keys.activities.one(activityId), (current: typeof loaded.data) => current && { ...current, activity: next });
  const onFiled = (next: Activity) => {
    onFiledOrCancelled(next);
    setFiled(true);
  };

  return (
    <div className="activity">
      <nav className="crumbs" aria-label="位置">
        <ol>
          <li>
            <Link to={`/orgs/${activity.orgId}/calendar?month=${activity.startsAt.slice(0, 7)}`}>活动日历</Link>
          </li>
          <li aria-current="page">活动详情</li>
        </ol>
      </nav>
      <header className="page-head">
        <h1>{activity.title}</h1>
        <p className="page-head__meta">
          <ThemeChip theme={activity.theme} label={activity.themeLabel} />
          <span className="status">{phase(activity)}</span>
          {canManage && activity.summaryOverdue && <span className="overdue">总结已逾期</span>}
        </p>
      </header>
      {activity.status === "cancelled" && (
        <p className="alert" role="alert">
          本活动已于 {formatDateTime(activity.cancelledAt ?? "")} 由{activity.cancelledByName}取消：{activity.cancelReason}
        </p>
      )}
      <Facts activity={activity} />
      {activity.description && <p className="activity__description">{activity.description}</p>}

      <MySignup activity={activity} signup={mySignup} onChanged={refresh} />

      {canManage && (
        <section aria-labelledby="manage" className="manage">
          <h2 id="manage">活动管理</h2>
          {activity.status === "open" && (
            <div className="actions">
              <Link className="button button--primary" to={`/activities/${activity.activityId}/checkin`}>
                签到扫码
              </Link>
              <button type="button" className="button" onClick={() => void refresh()}>
                刷新名单
              </button>
            </div>
          )}
          {activity.status === "open" && !ended(activity) && <CancelActivity activity={activity} onCancelled={onFiledOrCancelled} />}
          <h3 id="signups">报名名单</h3>
          <SignupList activityId={activity.activityId} />

          <h3 id="summary">活动总结</h3>
          {activity.summaryOverdue && (
            <p className="alert" role="alert">
              活动已结束超过7天，总结已逾期（应于 {formatDateTime(activity.summaryDueAt)} 前提交），请尽快提交。
            </p>
          )}
          {filed && <Success>活动总结已提交，已计入活动统计。</Success>}
          {activity.summary ? (
            <SummaryFacts activity={activity} summary={activity.summary} />
          ) : started(activity) ? (
            <>
              <p className="muted">
                {ended(activity) ? "" : "活动尚未结束，建议结束后再提交。"}提交后活动关闭，不能再报名和签到；场次与人次计入本单位及上级组织的活动统计。请于 {formatDateTime(activity.summaryDueAt)} 前提交。
              </p>
              <SummaryForm activity={activity} onFiled={onFiled} />
            </>
          ) : (
            <p className="muted">活动开始后可在这里提交活动总结。</p>
          )}
        </section>
      )}
    </div>
  );
}
