import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { api } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { INSTANCE_STATUS } from "../labels";
import { ReturnNotice } from "../ReturnNotice";
import { returnNote } from "../returnNote";
import type { Instance } from "../types";

/** The reason a returned proposal came back (one more request, only for returned ones). */
function ReturnReason({ instanceId }: { instanceId: string }) {
  const view = useQuery({ queryKey: keys.instances.one(instanceId), queryFn: ({ signal }) => api.instance(instanceId, signal) });
  const note = view.data && returnNote(view.data);
  return note ? <ReturnNotice note={note} compact /> : null;
}

function ProposalCard({ instance }: { instance: Instance }) {
  const { state, subject } = instance;
  const open = state.status === "in_review" || state.status === "returned";
  return (
    <li className="card proposal">
      <Link className="proposal__title" to={`/instances/${instance.instanceId}`}>
        {subject.title}
      </Link>
      <span className="card__meta">
        <span className={`status status--${state.status}`}>{INSTANCE_STATUS[state.status]}</span>
        {instance.overdue && <span className="overdue">已逾期</span>}
        <span className="kind">{instance.unitName}</span>
      </span>
      {open && (
        <p className="proposal__step">
          {state.status === "returned" ? "退回前步骤" : "当前步骤"}：第{state.step.index + 1}/{state.stepCount}步 · {state.step.name}
        </p>
      )}
      <p className="proposal__time muted">提交于 {formatDateTime(instance.createdAt)} · 更新于 {formatDateTime(instance.updatedAt)}</p>
      {state.status === "returned" && (
        <>
          <ReturnReason instanceId={instance.instanceId} />
          <Link className="button button--primary button--small proposal__resubmit" to={`/submissions/${subject.submissionId}/edit`}>
            修改后重新提交
          </Link>
        </>
      )}
    </li>
  );
}

/** 我的申报 (/me/instances): what I submitted for approval, newest first. */
export default function MyInstancesPage() {
  useTitle("我的申报");
  const list = useQuery({ queryKey: keys.instances.mine, queryFn: ({ signal }) => api.myInstances(signal) });
  return (
    <>
      <header className="page-head">
        <h1>我的申报</h1>
        <p className="page-head__meta muted">提交后需要审批的表单（如活动申报）都在这里。</p>
      </header>
      {list.isPending && <Loading />}
      <ErrorMessage error={list.error} />
      {list.data &&
        (list.data.items.length === 0 ? (
          <p className="empty muted">您还没有提交过需要审批的申报。</p>
        ) : (
          <ul className="cards" aria-label="我的申报">
            {list.data.items.map((instance) => (
              <ProposalCard key={instance.instanceId} instance={instance} />
            ))}
          </ul>
        ))}
    </>
  );
}
