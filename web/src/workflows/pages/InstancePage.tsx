import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import type { FormDefinition } from "@tongxin/core/forms";
import { api, type Submission } from "../../api";
import { useMe } from "../../components/AppShell";
import { ErrorMessage, Loading } from "../../components/Status";
import { AnswerList } from "../../forms/AnswerList";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { NudgeButton } from "../../messages/NudgeButton";
import { ActionBar } from "../ActionBar";
import { INSTANCE_STATUS } from "../labels";
import { ReturnNotice } from "../ReturnNotice";
import { returnNote } from "../returnNote";
import { StepTracker } from "../StepTracker";
import { AuditBadge, Timeline } from "../Timeline";
import type { InstanceView } from "../types";

interface Flash {
  text: string;
  kind: "ok" | "stale";
}

/** The proposal (answers against the version it was made on), when the viewer may read it. */
async function proposalOf(view: InstanceView, signal: AbortSignal): Promise<{ submission?: Submission; definition?: FormDefinition }> {
  const submission = view.submission ?? (await api.submission(view.instance.subject.submissionId, signal).catch(() => undefined));
  if (!submission) return {};
  const form = await api.formToFill(submission.formId, submission.version, signal).catch(() => undefined);
  return { submission, definition: form?.version.definition };
}

/** 审批详情 (/instances/:instanceId): status, the chain's progress, the proposal, the timeline and what I may do. */
export default function InstancePage() {
  const { instanceId = "" } = useParams();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const arrived = (location.state as { flash?: string } | null)?.flash;
  const [flash, setFlash] = useState<Flash | undefined>(arrived ? { text: arrived, kind: "ok" } : undefined);
  const flashRef = useRef<HTMLParagraphElement>(null);
  const loaded = useQuery({
    queryKey: keys.instances.withProposal(instanceId),
    queryFn: async ({ signal }) => {
      const view = await api.instance(instanceId, signal);
      return { view, ...(await proposalOf(view, signal)) };
    },
  });
  const title = loaded.data?.view.instance.subject.title;
  useTitle(title ? `审批详情 · ${title}` : "审批详情");

  useEffect(() => {
    if (flash) flashRef.current?.focus();
  }, [flash]);
  useEffect(() => {
    // Said once: a reload of the page does not say it again.
    if (arrived) navigate(location.pathname, { replace: true, state: null });
  }, [arrived, navigate, location.pathname]);

  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  const { view, submission, definition } = loaded.data;
  const { instance } = view;
  const { state } = instance;
  const mine = instance.submitterId === me.account.accountId;
  const note = returnNote(view);

  const onDone = (next: InstanceView, message: string) => {
    client.setQueryData(keys.instances.withProposal(instanceId), (current: typeof loaded.data) =>
      current && { ...current, view: next, submission: next.submission ?? current.submission },
    );
    setFlash({ text: message, kind: "ok" });
    void client.invalidateQueries({ queryKey: keys.inbox.all });
    void client.invalidateQueries({ queryKey: keys.instances.mine });
  };
  const onStale = (message: string) => {
    setFlash({ text: message, kind: "stale" });
    void client.invalidateQueries({ queryKey: keys.instances.one(instanceId) });
    void client.invalidateQueries({ queryKey: keys.inbox.all });
  };

  return (
    <div className="instance">
      <nav className="crumbs" aria-label="位置">
        <ol>
          <li>{mine ? <Link to="/me/instances">我的申报</Link> : <Link to="/inbox">待办</Link>}</li>
          <li aria-current="page">审批详情</li>
        </ol>
      </nav>
      <header className="page-head">
        <h1>{instance.subject.title}</h1>
        <p className="page-head__meta">
          <span className={`status status--${state.status}`}>{INSTANCE_STATUS[state.status]}</span>
          {view.overdue && <span className="overdue">已逾期</span>}
          <span className="kind">{instance.workflowName}</span>
        </p>
      </header>
      {flash && (
        <p ref={flashRef} tabIndex={-1} className={flash.kind === "ok" ? "success" : "alert"} role={flash.kind === "ok" ? "status" : "alert"}>
          {flash.text}
        </p>
      )}
      <dl className="receipt__facts">
        <div>
          <dt>申报人</dt>
          <dd>
            {instance.submitterName} · {instance.unitName}
          </dd>
        </div>
        <div>
          <dt>提交时间</dt>
          <dd>{formatDateTime(submission?.submittedAt ?? instance.createdAt)}</dd>
        </div>
        {(state.status === "in_review" || state.status === "returned") && (
          <div>
            <dt>当前步骤</dt>
            <dd>
              第{state.step.index + 1}/{state.stepCount}步 · {state.step.name}
            </dd>
          </div>
        )}
      </dl>
      {state.status === "in_review" && <NudgeButton key={state.version} instanceId={instance.instanceId} />}
      {note && <ReturnNotice note={note} />}

      <h2>审批进度</h2>
      {instance.route && (instance.route.branch || instance.route.skipped.length > 0) && (
        <p className="muted route-note">
          {instance.route.branch && `按申报内容走“${instance.route.branch}”分支`}
          {instance.route.branch && instance.route.skipped.length > 0 && "；"}
          {instance.route.skipped.length > 0 && `按申报内容无需：${instance.route.skipped.join("、")}`}
        </p>
      )}
      <StepTracker view={view} />

      <h2>申报内容</h2>
      {submission && definition ? (
        <AnswerList definition={definition} data={submission.data} memberNames={new Map(Object.entries(view.names))} />
      ) : (
        <p className="muted">无法读取申报内容。</p>
      )}

      <h2>审批记录</h2>
      <Timeline view={view} />
      {/* The submitter is not shown the record check unless it failed; reviewers always are. */}
      {(!mine || !view.audit.valid) && <AuditBadge audit={view.audit} />}
      <p>
        <Link to={`/instances/${instance.instanceId}/sheet`}>打印审批单</Link>
      </p>

      <ActionBar view={view} me={me} onDone={onDone} onStale={onStale} />
    </div>
  );
}
