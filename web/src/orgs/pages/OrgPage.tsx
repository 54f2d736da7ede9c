import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { api, type Org } from "../../api";
import { Breadcrumbs, OrgList, RoleTags, orgTrail } from "../../components/OrgLinks";
import { ErrorMessage, Loading } from "../../components/Status";
import { canSeeMembers, isAdmin, orgKindLabel } from "../../lib/labels";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { OrgForms } from "../../forms/pages/OrgForms";
import { NewChildOrgForm } from "./NewChildOrgForm";

/** One org: where it sits, its child orgs, and what the person may do here. */
export function OrgPage() {
  const { orgId = "" } = useParams();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: keys.orgs.one(orgId), queryFn: ({ signal }) => api.org(orgId, signal) });
  useTitle(detail.data?.org.name);

  if (detail.isPending) return <Loading />;
  if (!detail.data) return <ErrorMessage error={detail.error} />;
  const { org, ancestors, children, myRoles } = detail.data;
  const addChild = (child: Org) =>
    client.setQueryData(keys.orgs.one(orgId), (current: typeof detail.data) => current && { ...current, children: [...current.children, child] });

  return (
    <>
      <Breadcrumbs trail={orgTrail(ancestors, org)} />
      <header className="page-head">
        <h1>{org.name}</h1>
        <p className="page-head__meta">
          <span className="kind">{orgKindLabel(org.kind)}</span>
          <RoleTags roles={myRoles} />
        </p>
      </header>

      <nav className="actions" aria-label="组织功能">
        {canSeeMembers(myRoles) && (
          <Link className="button button--primary" to={`/orgs/${org.orgId}/members`}>
            成员管理
          </Link>
        )}
        <Link className="button" to={`/orgs/${org.orgId}/calendar`}>
          活动日历
        </Link>
        {canSeeMembers(myRoles) && (
          <Link className="button" to={`/orgs/${org.orgId}/stats`}>
            活动统计
          </Link>
        )}
        {myRoles.length > 0 && (
          <Link className="button" to={`/orgs/${org.orgId}/elections`}>
            换届选举
          </Link>
        )}
        {myRoles.length > 0 && (
          <Link className="button" to={`/orgs/${org.orgId}/campaigns`}>
            评选
          </Link>
        )}
        {isAdmin(myRoles) && (
          <Link className="button" to={`/orgs/${org.orgId}/personal-data/access-log`}>
            个人信息访问记录
          </Link>
        )}
      </nav>

      <OrgForms detail={detail.data} />

      <section aria-labelledby="children">
        <h2 id="children">下级组织</h2>
        <OrgList orgs={children} empty="暂无下级组织。" />
      </section>

      {isAdmin(myRoles) && <NewChildOrgForm parentId={org.orgId} onCreated={addChild} />}
    </>
  );
}
