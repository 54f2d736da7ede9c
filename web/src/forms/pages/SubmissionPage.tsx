import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, type Submission } from "../../api";
import { RevealButton } from "../../privacy/RevealButton";
import { useMe } from "../../components/AppShell";
import { ErrorMessage, Loading } from "../../components/Status";
import { AnswerList } from "../AnswerList";
import { formatDateTime } from "../../lib/format";
import { STATUS_LABELS } from "../../lib/submissionStatus";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";

/** 提交详情 (/submissions/:submissionId): read-only answers against the version they were made on. */
export default function SubmissionPage() {
  const { submissionId = "" } = useParams();
  const me = useMe();
  const loaded = useQuery({
    queryKey: [...keys.forms.submission(submissionId), "page"],
    queryFn: async ({ signal }) => {
      const submission = await api.submission(submissionId, signal);
      const { form, version } = await api.formToFill(submission.formId, submission.version, signal);
      return { submission, form, version };
    },
  });
  useTitle(loaded.data ? `提交详情 · ${loaded.data.form.title}` : "提交详情");
  const [revealed, setRevealed] = useState<Submission>();

  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { form, version } = loaded.data;
  const submission = revealed ?? loaded.data.submission;
  // Admins (of some org: the server checks the form's) may ask for masked answers in full.
  const mayAskFull = me.account.platformAdmin || me.memberships.some((membership) => membership.roles.includes("admin"));
  const memberNames = new Map([[me.account.accountId, me.account.name]]);
  const mine = submission.submitterId === me.account.accountId;
  return (
    <>
      <nav className="crumbs" aria-label="位置">
        <ol>
          <li>
            <Link to="/">我的组织</Link>
          </li>
          <li>
            {mine ? (
              <Link to={`/forms/${form.formId}/fill`}>{form.title}</Link>
            ) : (
              <Link to={`/orgs/${form.orgId}/forms/${form.formId}/submissions`}>提交记录</Link>
            )}
          </li>
          <li aria-current="page">提交详情</li>
        </ol>
      </nav>
      <header className="page-head">
        <h1>{version.definition.title}</h1>
        <p className="page-head__meta">
          <span className={`status status--${submission.status}`}>{STATUS_LABELS[submission.status]}</span>
          <span className="muted">第{submission.version}版</span>
        </p>
      </header>
      <dl className="receipt__facts">
        <div>
          <dt>提交编号</dt>
          <dd className="receipt__id">{submission.submissionId}</dd>
        </div>
        <div>
          <dt>提交人</dt>
          <dd>{submission.submitterName}</dd>
        </div>
        <div>
          <dt>提交时间</dt>
          <dd>{formatDateTime(submission.submittedAt)}</dd>
        </div>
      </dl>
      <h2>填写内容</h2>
      <AnswerList definition={version.definition} data={submission.data} memberNames={memberNames} />
      {!mine && (submission.masked?.length ?? 0) > 0 && (
        <div className="actions">
          <p className="muted">手机号、身份证号等个人信息已脱敏。</p>
          {mayAskFull && (
            <RevealButton id="reveal-submission" label="查看完整 个人信息" reveal={async (reason) => setRevealed(await api.revealSubmission(submission.submissionId, reason))} />
          )}
        </div>
      )}
      {mine && submission.status === "draft" && (
        <div className="actions">
          <Link className="button button--primary" to={`/forms/${submission.formId}/fill`}>
            继续填写
          </Link>
        </div>
      )}
      {submission.instanceId && (
        <div className="actions">
          {mine && submission.status === "returned" && (
            <Link className="button button--primary" to={`/submissions/${submission.submissionId}/edit`}>
              修改后重新提交
            </Link>
          )}
          <Link className="button" to={`/instances/${submission.instanceId}`}>
            查看审批进度
          </Link>
        </div>
      )}
    </>
  );
}
