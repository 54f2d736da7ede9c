import { useQuery } from "@tanstack/react-query";
import { ChartColumn, CalendarDays, ClipboardCheck, FilePen, Inbox, ChevronRight, Vote } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import { api } from "../api";
import { useMe } from "../components/AppShell";
import { OrgCard, OrgList } from "../components/OrgLinks";
import { ErrorMessage, Loading } from "../components/Status";
import { ElderOffer } from "../elder/ElderSwitch";
import { formatDateTime } from "../lib/format";
import { keys } from "../lib/queryKeys";
import { useTitle } from "../lib/useTitle";
import { ProposeButton } from "./ProposeButton";
import { loadDrafts, loadOfficeFigures, loadOpenElections, loadScoring, loadTodo, loadUpcoming, officeMemberships, organizerMemberships } from "./sources";
import "./home.css";

/**
 * 首页: what to do now, by role — 待办 with the first items, 待评分 deep-linked to the score form,
 * activities I signed up for, open elections, my drafts, for organizers 申报活动 as the main button,
 * for offices this month's 场次/人次. Every card that has nothing says what to do instead.
 */
export function HomePage() {
  useTitle("首页");
  const me = useMe();
  const { account, memberships } = me;
  const organizer = organizerMemberships(memberships)[0];
  const offices = officeMemberships(memberships);
  return (
    <div className="home">
      <header className="page-head home__head">
        <h1>您好，{account.name}</h1>
        {organizer && <ProposeButton unit={organizer} />}
      </header>
      <ElderOffer signedIn />
      {memberships.length === 0 && !account.platformAdmin && <p className="empty muted">您还没有加入任何组织。请联系所在组织的管理员把您加入花名册。</p>}
      <div className="home__grid">
        <TodoCard />
        <ScoringCard />
        {offices.length > 0 && <FiguresCard />}
        <UpcomingCard />
        <ElectionsCard />
        <DraftsCard />
      </div>
      <section aria-labelledby="my-orgs" className="home__orgs">
        <h2 id="my-orgs">我的组织</h2>
        {memberships.length === 0 ? (
          <p className="muted">暂无。</p>
        ) : (
          <ul className="cards">
            {memberships.map((membership) => (
              <OrgCard key={membership.orgId} orgId={membership.orgId} name={membership.orgName} kind={membership.orgKind} roles={membership.roles} />
            ))}
          </ul>
        )}
      </section>
      {account.platformAdmin && <AllOrgs />}
    </div>
  );
}

function Card({ id, title, icon, more, children }: { id: string; title: ReactNode; icon: ReactNode; more?: ReactNode; children: ReactNode }) {
  return (
    <section className="home-card" aria-labelledby={id}>
      <header className="home-card__head">
        <span className="home-card__icon" aria-hidden>
          {icon}
        </span>
        <h2 id={id} className="home-card__title">
          {title}
        </h2>
        {more}
      </header>
      {children}
    </section>
  );
}

function TodoCard() {
  const todo = useQuery({ queryKey: keys.home.todo, queryFn: ({ signal }) => loadTodo(signal) });
  return (
    <Card
      id="home-todo"
      title={todo.data ? `待办 ${todo.data.open} 件` : "待办"}
      icon={<Inbox size={20} />}
      more={
        <Link className="home-card__more" to="/inbox">
          全部
        </Link>
      }
    >
      {todo.isPending && <Loading />}
      <ErrorMessage error={todo.error} />
      {todo.data &&
        (todo.data.first.length === 0 ? (
          <p className="home-card__empty muted">没有待您处理的审批。有人提交申报后会出现在这里。</p>
        ) : (
          <>
            {todo.data.overdue > 0 && <p className="home-card__alert">其中 {todo.data.overdue} 件已超时</p>}
            <ul className="home-list">
              {todo.data.first.map((task) => (
                <li key={task.instanceId}>
                  <Link to={`/instances/${task.instanceId}`} className="home-list__link">
                    <span className="home-list__title">{task.title}</span>
                    <span className="home-list__meta muted">
                      {task.submitterName} · {task.stepName}
                      {task.overdue ? <span className="tag tag--danger">超时</span> : ` · ${formatDateTime(task.dueAt)} 前`}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ))}
    </Card>
  );
}

function ScoringCard() {
  const me = useMe();
  const scoring = useQuery({ queryKey: keys.home.scoring, queryFn: ({ signal }) => loadScoring(me.memberships, signal) });
  if (!scoring.data || scoring.data.length === 0) return scoring.error ? <ErrorMessage error={scoring.error} /> : null;
  return (
    <Card id="home-scoring" title="评审任务" icon={<ClipboardCheck size={20} />}>
      <ul className="home-list">
        {scoring.data.map((task) => (
          <li key={task.campaignId}>
            <Link to={`/campaigns/${task.campaignId}/judging/${task.firstEntryId}`} className="home-list__link home-list__link--primary">
              <span className="home-list__title">待评分 {task.left} 件</span>
              <span className="home-list__meta muted">{task.title} · 点此开始评分</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function UpcomingCard() {
  const upcoming = useQuery({ queryKey: keys.home.upcoming, queryFn: ({ signal }) => loadUpcoming(signal) });
  return (
    <Card
      id="home-upcoming"
      title="我报名的活动"
      icon={<CalendarDays size={20} />}
      more={
        <Link className="home-card__more" to="/me/activities">
          全部
        </Link>
      }
    >
      {upcoming.isPending && <Loading />}
      <ErrorMessage error={upcoming.error} />
      {upcoming.data &&
        (upcoming.data.length === 0 ? (
          <p className="home-card__empty muted">近期没有报名的活动。到所在组织的“活动日历”看看有哪些活动可以报名。</p>
        ) : (
          <ul className="home-list">
            {upcoming.data.slice(0, 3).map((signup) => (
              <li key={signup.activityId}>
                <Link to={`/activities/${signup.activityId}`} className="home-list__link">
                  <span className="home-list__title">{signup.title}</span>
                  <span className="home-list__meta muted">
                    {formatDateTime(signup.startsAt)} · {signup.venue}
                    {signup.status === "waitlisted" && <span className="tag">候补</span>}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ))}
    </Card>
  );
}

function ElectionsCard() {
  const me = useMe();
  const open = useQuery({ queryKey: keys.home.elections, queryFn: ({ signal }) => loadOpenElections(me.memberships, signal) });
  if (!open.data || open.data.length === 0) return open.error ? <ErrorMessage error={open.error} /> : null;
  return (
    <Card id="home-elections" title="正在投票的选举" icon={<Vote size={20} />}>
      <ul className="home-list">
        {open.data.map((election) => (
          <li key={election.electionId}>
            <Link to={`/elections/${election.electionId}`} className="home-list__link">
              <span className="home-list__title">{election.title}</span>
              <span className="home-list__meta muted">投票进行中 · 点此查看并投票</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function DraftsCard() {
  const drafts = useQuery({ queryKey: keys.home.drafts, queryFn: ({ signal }) => loadDrafts(signal) });
  if (!drafts.data || drafts.data.length === 0) return drafts.error ? <ErrorMessage error={drafts.error} /> : null;
  return (
    <Card id="home-drafts" title={`未提交的草稿 ${drafts.data.length} 份`} icon={<FilePen size={20} />}>
      <ul className="home-list">
        {drafts.data.slice(0, 3).map((draft) => (
          <li key={draft.submissionId}>
            <Link to={`/forms/${draft.formId}/fill`} className="home-list__link">
              <span className="home-list__title">{typeof draft.data.title === "string" && draft.data.title ? draft.data.title : "未命名草稿"}</span>
              <span className="home-list__meta muted">保存于 {formatDateTime(draft.updatedAt)} · 继续填写</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function FiguresCard() {
  const me = useMe();
  const figures = useQuery({ queryKey: keys.home.figures, queryFn: ({ signal }) => loadOfficeFigures(me.memberships, signal) });
  return (
    <Card id="home-figures" title="本月活动" icon={<ChartColumn size={20} />}>
      {figures.isPending && <Loading />}
      <ErrorMessage error={figures.error} />
      {figures.data?.map((office) => (
        <div key={office.orgId} className="home-figures">
          <p className="home-figures__org muted">{office.orgName}（含下级）</p>
          <dl className="home-figures__row">
            <div>
              <dt>场次</dt>
              <dd data-testid="figure-activities">{office.activities}</dd>
            </div>
            <div>
              <dt>人次</dt>
              <dd data-testid="figure-attendances">{office.attendances}</dd>
            </div>
          </dl>
          {office.activities === 0 && <p className="home-card__empty muted">本月还没有举办的活动。审批通过的活动结束并签到后计入。</p>}
          <Link className="home-card__more" to={`/orgs/${office.orgId}/stats`}>
            查看统计 <ChevronRight aria-hidden size={14} />
          </Link>
        </div>
      ))}
    </Card>
  );
}

function AllOrgs() {
  const roots = useQuery({ queryKey: keys.orgs.roots, queryFn: ({ signal }) => api.rootOrgs(signal) });
  return (
    <section aria-labelledby="all-orgs">
      <h2 id="all-orgs">全部组织</h2>
      {roots.isPending && <Loading />}
      <ErrorMessage error={roots.error} />
      {roots.data && <OrgList orgs={roots.data.items} empty="还没有任何组织。" />}
    </section>
  );
}
