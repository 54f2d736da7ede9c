import { lazy, Suspense, useEffect, useState } from "react";
import { Link, NavLink, Outlet, useNavigate, useOutletContext } from "react-router-dom";
import { api, type Me } from "../api";
import { applyElderMode } from "../elder/elderMode";
import { useResource } from "../lib/useResource";
import { Bell } from "../messages/Bell";
import { ErrorMessage, Loading } from "./Status";

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
            <button type="button" className="button button--ghost button--small" onClick={logOut} disabled={leaving}>
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

/** 我的组织 · 待办 (with the open-task badge) · 我的申报 · 我的活动 · 评选. */
function MainNav() {
  const tab = ({ isActive }: { isActive: boolean }) => (isActive ? "mainnav__link mainnav__link--active" : "mainnav__link");
  return (
    <nav className="mainnav" aria-label="主导航">
      <NavLink to="/" end className={tab}>
        我的组织
      </NavLink>
      <NavLink to="/inbox" className={tab}>
        待办
        <Suspense fallback={null}>
          <InboxBadge />
        </Suspense>
      </NavLink>
      <NavLink to="/me/instances" className={tab}>
        我的申报
      </NavLink>
      <NavLink to="/me/activities" className={tab}>
        我的活动
      </NavLink>
      <NavLink to="/campaigns" className={tab}>
        评选
      </NavLink>
    </nav>
  );
}
