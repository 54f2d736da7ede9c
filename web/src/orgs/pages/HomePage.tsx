import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { useMe } from "../../components/AppShell";
import { OrgCard, OrgList } from "../../components/OrgLinks";
import { ElderOffer } from "../../elder/ElderSwitch";
import { ErrorMessage, Loading } from "../../components/Status";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";

/** 我的组织: the orgs the person belongs to, and for platform admins every top-level org. */
export function HomePage() {
  useTitle("我的组织");
  const { account, memberships } = useMe();
  return (
    <>
      <h1>我的组织</h1>
      <ElderOffer signedIn />
      {memberships.length === 0 ? (
        <p className="muted">您还没有加入任何组织。请联系组织管理员把您加入花名册。</p>
      ) : (
        <ul className="cards">
          {memberships.map((membership) => (
            <OrgCard key={membership.orgId} orgId={membership.orgId} name={membership.orgName} kind={membership.orgKind} roles={membership.roles} />
          ))}
        </ul>
      )}
      {account.platformAdmin && <AllOrgs />}
    </>
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
