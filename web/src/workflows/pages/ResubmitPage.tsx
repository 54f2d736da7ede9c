import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { FormDefinition } from "@tongxin/core/forms";
import { api, ApiError, type Submission } from "../../api";
import { useMe } from "../../components/AppShell";
import { ErrorMessage, Loading } from "../../components/Status";
import { applyAnswerErrors, toFormValues } from "../../forms/answers";
import { FormRenderer, useDefinitionForm } from "../../forms/FormRenderer";
import { STATUS_LABELS } from "../../lib/submissionStatus";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { ReturnNotice } from "../ReturnNotice";
import { RoutePreview } from "../RoutePreview";
import { returnNote, type ReturnNote } from "../returnNote";
import { useMemberOptions } from "../../forms/pages/useMemberOptions";

interface Loaded {
  submission: Submission;
  formOrgId: string;
  definition: FormDefinition;
  note?: ReturnNote;
}

/** 修改后重新提交 (/submissions/:submissionId/edit): a returned proposal, edited against its own version, sent back into review. */
export default function ResubmitPage() {
  const { submissionId = "" } = useParams();
  const me = useMe();
  const loaded = useQuery<Loaded>({
    queryKey: [...keys.forms.submission(submissionId), "resubmit"],
    queryFn: async ({ signal }) => {
      const submission = await api.submission(submissionId, signal);
      const [{ form, version }, view] = await Promise.all([
        api.formToFill(submission.formId, submission.version, signal),
        submission.instanceId ? api.instance(submission.instanceId, signal).catch(() => undefined) : undefined,
      ]);
      return { submission, formOrgId: form.orgId, definition: version.definition, note: view && returnNote(view) };
    },
  });
  useTitle(loaded.data ? `修改后重新提交 · ${loaded.data.definition.title}` : "修改后重新提交");

  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { submission } = loaded.data;
  if (submission.submitterId !== me.account.accountId || submission.status !== "returned") {
    return (
      <>
        <h1>无法修改</h1>
        <p className="notice">
          这份申报当前状态为“{STATUS_LABELS[submission.status]}”{submission.submitterId === me.account.accountId ? "，只有被退回的申报才能修改后重新提交。" : "，只有申报人本人可以修改。"}
        </p>
        <Link className="button" to={submission.instanceId ? `/instances/${submission.instanceId}` : `/submissions/${submission.submissionId}`}>
          查看申报
        </Link>
      </>
    );
  }
  return <ResubmitForm {...loaded.data} />;
}

function ResubmitForm({ submission, formOrgId, definition, note }: Loaded) {
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const initial = useMemo(() => toFormValues(definition, submission.data), [definition, submission.data]);
  const methods = useDefinitionForm(definition, "submit", initial);
  const members = useMemberOptions(definition, formOrgId, me);
  const context = useMemo(() => ({ formId: submission.formId, members }), [submission.formId, members]);
  const [problem, setProblem] = useState<string>();
  const back = submission.instanceId ? `/instances/${submission.instanceId}` : `/submissions/${submission.submissionId}`;

  const onSubmit = methods.handleSubmit(
    async (data) => {
      setProblem(undefined);
      try {
        const saved = await api.updateSubmission(submission.submissionId, { data, draft: false, revision: submission.revision });
        void client.invalidateQueries({ queryKey: keys.inbox.all });
        void client.invalidateQueries({ queryKey: keys.instances.mine });
        if (saved.instanceId) void client.invalidateQueries({ queryKey: keys.instances.one(saved.instanceId) });
        void client.invalidateQueries({ queryKey: keys.forms.submission(saved.submissionId) });
        navigate(saved.instanceId ? `/instances/${saved.instanceId}` : `/submissions/${saved.submissionId}`, { state: { flash: "已重新提交，等待审批" } });
      } catch (error) {
        if (error instanceof ApiError && (error.code === "conflict.stale" || error.code === "submission.not_editable")) {
          setProblem("这份申报已在别处修改或提交，请刷新页面后再试");
        } else setProblem(applyAnswerErrors(error, methods.setError, definition));
      }
    },
    () => setProblem("还有未填或填写有误的项目，请按提示修改"),
  );

  const { isSubmitting } = methods.formState;
  return (
    <>
      <nav className="crumbs" aria-label="位置">
        <ol>
          <li>
            <Link to="/me/instances">我的申报</Link>
          </li>
          <li>
            <Link to={back}>审批详情</Link>
          </li>
          <li aria-current="page">修改后重新提交</li>
        </ol>
      </nav>
      <header className="page-head">
        <h1>{definition.title}</h1>
        <p className="page-head__meta">
          <span className="status status--returned">已退回</span>
          <span className="muted">修改后重新提交，将从退回的步骤继续审批</span>
        </p>
      </header>
      {note && <ReturnNotice note={note} />}
      <form className="form fill-form" onSubmit={onSubmit} noValidate>
        <FormRenderer definition={definition} form={methods} context={context} />
        {submission.instanceId && <RoutePreview formId={submission.formId} form={methods} resubmitting={submission.submissionId} />}
        <ErrorMessage error={problem} />
        <div className="fill-form__bar">
          <Link className="button" to={back}>
            取消
          </Link>
          <button type="submit" className="button button--primary" disabled={isSubmitting}>
            {isSubmitting ? "正在提交…" : "重新提交"}
          </button>
        </div>
      </form>
    </>
  );
}
