import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, type Org } from "../../api";
import { Breadcrumbs, OrgList, RoleTags, orgTrail } from "../../components/OrgLinks";
import { ErrorMessage, Loading } from "../../components/Status";
import { canSeeMembers, isAdmin, orgKindLabel } from "../../lib/labels";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { OrgForms } from "../../forms/pages/OrgForms";
import { NewChildOrgForm } from "./NewChildOrgForm";
import { ProposeButton } from "../../home/ProposeButton";

/** One org: where it sits, its child orgs, and what the person may do here. */
export function OrgPage() {
  const { orgId = "" } = useParams();
  const client = useQueryClient();
  const detail = useQuery({ queryKey: keys.orgs.one(orgId), queryFn: ({ signal }) => api.org(orgId, signal) });
  const [adding, setAdding] = useState(false);
  useTitle(detail.data?.org.name);

  if (detail.isPending) return <Loading />;
  if (!detail.data) return <ErrorMessage error={detail.error} />;
  const { org, ancestors, children, myRoles } = detail.data;
  // The organizer's main job, one tap: 申报活动 for a unit (not an office) they run.
  const organizes = isAdmin(myRoles) && org.kind !== "district_office" && org.kind !== "subdistrict";
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
        {organizes && <ProposeButton unit={{ orgId: org.orgId, orgPath: org.path }} />}
      </header>

      <nav className="actions" aria-label="组织功能">
        {canSeeMembers(myRoles) && (
          <Link className={organizes ? "button" : "button button--primary"} to={`/orgs/${org.orgId}/members`}>
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

      {isAdmin(myRoles) &&
        (adding ? (
          <NewChildOrgForm parentId={org.orgId} onCreated={addChild} onClose={() => setAdding(false)} />
        ) : (
          <p className="actions">
            <button type="button" className="button" onClick={() => setAdding(true)}>
              <Plus aria-hidden size={16} />
              新建下级组织
            </button>
          </p>
        ))}
    </>
  );
}
