import { CalendarDays, FileText, House, Inbox, LogOut, Trophy, UserRound } from "lucide-react";
import { lazy, Suspense, useEffect, useState } from "react";
import { Link, NavLink, Outlet, useNavigate, useOutletContext } from "react-router-dom";
import { api, type Me } from "../api";
import { applyElderMode } from "../elder/elderMode";
import { useResource } from "../lib/useResource";
import { Bell } from "../messages/Bell";
import { ErrorMessage, Loading } from "./Status";
import "./nav.css";

interface ShellContext {
  me: Me;
}

// The badge reads the 待办 count through the query cache its actions invalidate; loaded after the
// page, so the shell itself (and the form-filling page inside it) never waits for the query library.
const InboxBadge = lazy(() => Promise.all([import("../workflows/InboxBadge"), import("../lib/query")]).then(([badge, query]) => ({ default: query.withQueries(badge.default) })));

/** The signed-in person (from GET /api/me) for pages inside the shell. */
export const useMe = (): Me => useOutletContext<ShellContext>().me;

/** Header with the person's name and 退出登录; pages render below once /api/me has loaded. */
export function AppShell() {
  const navigate = useNavigate();
  const me = useResource((signal) => api.me(signal), []);
  const [leaving, setLeaving] = useState(false);
  const elderMode = me.data?.account.elderMode;
  // The account's 长辈版 choice, once made, follows the person to this device.
  useEffect(() => {
    if (elderMode !== undefined) applyElderMode(elderMode);
  }, [elderMode]);

  async function logOut() {
    setLeaving(true);
    try {
      await api.logout();
    } catch {
      // Signed out already or offline: the login page is the right place either way.
    }
    navigate("/login", { replace: true });
  }

  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="topbar__brand">
          同心
        </Link>
        {me.data && (
          <div className="topbar__user">
            <Bell />
            <Link to="/me/account" className="topbar__name" title="我的账户：修改密码、退出所有设备、我的个人信息">
              {me.data.account.name}
            </Link>
            <button type="button" className="button button--ghost button--small topbar__logout" onClick={logOut} disabled={leaving}>
              <LogOut aria-hidden size={16} />
              退出登录
            </button>
          </div>
        )}
      </header>
      {me.data && <MainNav />}
      <main className="page">
        {me.loading && <Loading />}
        <ErrorMessage error={me.error} />
        {me.data && <Outlet context={{ me: me.data } satisfies ShellContext} />}
      </main>
    </div>
  );
}

/**
 * 首页 · 待办 (with the open-task badge) · 我的申报 · 我的活动 · 评选 across the top on a desk; on a
 * phone the same nav is a bottom tab bar of four — 首页, 待办, 活动, 我的 (我的申报 and 评选 are
 * then under 我的, on the account page).
 */
function MainNav() {
  const tab = ({ isActive }: { isActive: boolean }) => (isActive ? "mainnav__link mainnav__link--active" : "mainnav__link");
  return (
    <nav className="mainnav" aria-label="主导航">
      <NavLink to="/" end className={tab}>
        <House aria-hidden className="mainnav__icon" />
        <span className="mainnav__label">首页</span>
      </NavLink>
      <NavLink to="/inbox" className={tab}>
        <Inbox aria-hidden className="mainnav__icon" />
        <span className="mainnav__label">待办</span>
        <Suspense fallback={null}>
          <InboxBadge />
        </Suspense>
      </NavLink>
      <NavLink to="/me/instances" className={(state) => `${tab(state)} mainnav__link--desk`}>
        <FileText aria-hidden className="mainnav__icon" />
        <span className="mainnav__label">我的申报</span>
      </NavLink>
      <NavLink to="/me/activities" className={tab} aria-label="我的活动">
        <CalendarDays aria-hidden className="mainnav__icon" />
        <span className="mainnav__label">
          <span className="mainnav__desk-word">我的</span>活动
        </span>
      </NavLink>
      <NavLink to="/campaigns" className={(state) => `${tab(state)} mainnav__link--desk`}>
        <Trophy aria-hidden className="mainnav__icon" />
        <span className="mainnav__label">评选</span>
      </NavLink>
      <NavLink to="/me/account" className={(state) => `${tab(state)} mainnav__link--phone`}>
        <UserRound aria-hidden className="mainnav__icon" />
        <span className="mainnav__label">我的</span>
      </NavLink>
    </nav>
  );
}
