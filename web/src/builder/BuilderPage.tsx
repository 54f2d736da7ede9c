import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { api, type FormDetail, type OrgDetail } from "../api";
import { Breadcrumbs, orgTrail } from "../components/OrgLinks";
import { ErrorMessage, Loading } from "../components/Status";
import { isAdmin } from "../lib/labels";
import { keys } from "../lib/queryKeys";
import { useTitle } from "../lib/useTitle";
import { Builder } from "./Builder";
import { fromDefinition, newField, type EditorForm } from "./model";

const blankForm = (): EditorForm => ({ title: "", description: "", fields: [newField("text", new Set())] });

/** 新建表单 (/orgs/:orgId/forms/new) and 编辑表单 (/orgs/:orgId/forms/:formId/edit), for the org's admins. */
export default function BuilderPage() {
  const { orgId = "", formId } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const loaded = useQuery<{ org: OrgDetail; form?: FormDetail }>({
    queryKey: [...keys.forms.one(orgId, formId ?? "new"), "builder"],
    queryFn: async ({ signal }) => {
        const [org, form] = await Promise.all([api.org(orgId, signal), formId ? api.orgForm(orgId, formId, signal) : Promise.resolve(undefined)]);
        return { org, form };
      },
  });
  const title = formId ? `编辑表单${loaded.data?.form ? ` · ${loaded.data.form.form.title}` : ""}` : "新建表单";
  useTitle(title);
  const initial = useMemo(() => {
    const definition = loaded.data?.form?.latest?.definition;
    return definition ? fromDefinition(definition) : blankForm();
  }, [loaded.data]);

  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { org, form } = loaded.data;
  const trail = [...orgTrail(org.ancestors, org.org, true), { label: formId ? "编辑表单" : "新建表单" }];
  return (
    <>
      <Breadcrumbs trail={trail} />
      <header className="page-head">
        <h1>{formId ? "编辑表单" : "新建表单"}</h1>
        <p className="page-head__meta muted">
          {org.org.name}
          {form?.published && (
            <>
              {" · "}
              <Link to={`/forms/${form.form.formId}/fill`}>打开填写页</Link>
              {" · "}
              <Link to={`/orgs/${orgId}/forms/${form.form.formId}/submissions`}>提交记录</Link>
            </>
          )}
        </p>
      </header>
      {!isAdmin(org.myRoles) ? (
        <ErrorMessage error="只有本组织的管理员可以编辑表单。" />
      ) : (
        <Builder key={form?.form.formId ?? "new"} orgId={orgId} initial={initial} detail={form} notice={notice} />
      )}
    </>
  );
}
