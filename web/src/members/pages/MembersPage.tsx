import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, ApiError, type Member } from "../../api";
import { Breadcrumbs, orgTrail } from "../../components/OrgLinks";
import { ErrorMessage, Loading } from "../../components/Status";
import { isAdmin } from "../../lib/labels";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { useConfirm } from "../../components/useConfirm";
import { AddMemberForm } from "./AddMemberForm";
import { MemberTable } from "./MemberTable";
import { useMembers } from "./useMembers";

/** 成员: the org's member roll; admins also add, remove and import. */
export function MembersPage() {
  const { orgId = "" } = useParams();
  const detail = useQuery({ queryKey: keys.orgs.one(orgId), queryFn: ({ signal }) => api.org(orgId, signal) });
  const members = useMembers(orgId);
  const [problem, setProblem] = useState<ApiError>();
  const { ask, dialog } = useConfirm();
  useTitle(detail.data ? `成员 · ${detail.data.org.name}` : "成员");

  if (detail.isPending) return <Loading />;
  if (!detail.data) return <ErrorMessage error={detail.error} />;
  const { org, ancestors, myRoles } = detail.data;
  const admin = isAdmin(myRoles);

  async function remove(member: Member) {
    if (!(await ask({ title: "移出成员", message: `确定把“${member.name}”移出${org.name}吗？`, confirm: "确认移出", danger: true }))) return;
    setProblem(undefined);
    try {
      await api.removeMember(org.orgId, member.accountId);
      members.removed(member.accountId);
    } catch (error) {
      if (error instanceof ApiError) setProblem(error);
    }
  }

  return (
    <>
      {dialog}
      <Breadcrumbs trail={[...orgTrail(ancestors, org, true), { label: "成员" }]} />
      <header className="page-head">
        <h1>成员</h1>
        <p className="page-head__meta muted">{org.name}</p>
      </header>

      {admin && (
        <div className="actions">
          <Link className="button" to={`/orgs/${org.orgId}/members/import`}>
            导入花名册
          </Link>
        </div>
      )}
      {admin && <AddMemberForm orgId={org.orgId} onAdded={members.added} />}

      <section aria-labelledby="member-list">
        <h2 id="member-list">成员名单</h2>
        <ErrorMessage error={problem} />
        {members.loading && <Loading />}
        <ErrorMessage error={members.error} />
        {members.items && <MemberTable members={members.items} onRemove={admin ? remove : undefined} canReveal={admin} />}
        <ErrorMessage error={members.moreError} />
        {members.hasMore && (
          <button type="button" className="button button--block" onClick={members.loadMore} disabled={members.loadingMore}>
            {members.loadingMore ? "加载中…" : "加载更多"}
          </button>
        )}
      </section>
    </>
  );
}
