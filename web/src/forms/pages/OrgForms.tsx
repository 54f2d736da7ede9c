import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { api, type Form, type OrgDetail } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { canSeeMembers, isAdmin } from "../../lib/labels";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";

/** One form as a card: title, state and what this person may do with it. */
function FormCard({ form, admin, reviewer }: { form: Form; admin: boolean; reviewer: boolean }) {
  const published = form.publishedVersion !== undefined;
  const pendingDraft = published && form.latestVersion > form.publishedVersion!;
  return (
    <li className="card form-card">
      <span className="card__title">{form.title}</span>
      <span className="card__meta">
        {published ? <span className="tag tag--ok">已发布</span> : <span className="tag">草稿</span>}
        {admin && pendingDraft && <span className="tag">有未发布的修改</span>}
        <span className="kind">更新于 {formatDateTime(form.updatedAt)}</span>
      </span>
      <span className="form-card__actions">
        {published && (
          <Link className="button button--small button--primary" to={`/forms/${form.formId}/fill`} aria-label={`填写 ${form.title}`}>
            填写
          </Link>
        )}
        {admin && (
          <Link className="button button--small" to={`/orgs/${form.orgId}/forms/${form.formId}/edit`} aria-label={`编辑 ${form.title}`}>
            编辑
          </Link>
        )}
        {reviewer && published && (
          <Link className="button button--small" to={`/orgs/${form.orgId}/forms/${form.formId}/submissions`} aria-label={`${form.title} 的提交记录`}>
            提交记录
          </Link>
        )}
      </span>
    </li>
  );
}

/** 表单: the org's forms (admins also see drafts and may create one). */
export function OrgForms({ detail }: { detail: OrgDetail }) {
  const { org, ancestors, myRoles } = detail;
  const admin = isAdmin(myRoles);
  const reviewer = canSeeMembers(myRoles);
  const own = useQuery({ queryKey: keys.forms.ofOrg(org.orgId), queryFn: ({ signal }) => api.forms(org.orgId, signal) });
  const forms = own.data?.items ?? [];
  return (
    <section aria-labelledby="forms">
      <h2 id="forms">表单</h2>
      {admin && (
        <div className="actions">
          <Link className="button button--primary" to={`/orgs/${org.orgId}/forms/new`}>
            新建表单
          </Link>
        </div>
      )}
      {own.isPending && <Loading />}
      <ErrorMessage error={own.error} />
      {own.data &&
        (forms.length === 0 ? (
          <p className="muted">{admin ? "还没有表单，点“新建表单”开始。" : "暂无可填写的表单。"}</p>
        ) : (
          <ul className="cards">
            {forms.map((form) => (
              <FormCard key={form.formId} form={form} admin={admin} reviewer={reviewer} />
            ))}
          </ul>
        ))}
      {[...ancestors].reverse().map((ancestor) => (
        <AncestorForms key={ancestor.orgId} orgId={ancestor.orgId} name={ancestor.name} />
      ))}
    </section>
  );
}

/**
 * Published forms of a supervising org, which members of every org beneath it may fill in
 * (e.g. the district's 活动申报 for a 新空间). Not shown when there are none or none may be read.
 */
function AncestorForms({ orgId, name }: { orgId: string; name: string }) {
  const list = useQuery({ queryKey: keys.forms.ofOrg(orgId), queryFn: ({ signal }) => api.forms(orgId, signal) });
  const forms = (list.data?.items ?? []).filter((form) => form.publishedVersion !== undefined);
  if (forms.length === 0) return null;
  return (
    <>
      <h3 className="forms__from">{name}发布的表单</h3>
      <ul className="cards">
        {forms.map((form) => (
          <FormCard key={form.formId} form={form} admin={false} reviewer={false} />
        ))}
      </ul>
    </>
  );
}
