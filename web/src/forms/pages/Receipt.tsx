import { Link } from "react-router-dom";
import type { FormDefinition } from "@tongxin/core/forms";
import type { Submission } from "../../api";
import { Success } from "../../components/Status";
import { AnswerList } from "../AnswerList";
import { formatDateTime } from "../../lib/format";

interface ReceiptProps {
  submission: Submission;
  definition: FormDefinition;
  memberNames: ReadonlyMap<string, string>;
  onAnother: () => void;
}

/** 回执: what was submitted, under which number and when, with the answers. */
export function Receipt({ submission, definition, memberNames, onAnother }: ReceiptProps) {
  return (
    <section aria-labelledby="receipt-title" className="receipt">
      <Success>
        <h1 id="receipt-title" className="receipt__title">
          提交成功
        </h1>
        <p>{submission.instanceId ? "已进入审批，可在“我的申报”中查看进度。" : "请保存提交编号，以便查询。"}</p>
      </Success>
      <dl className="receipt__facts">
        <div>
          <dt>提交编号</dt>
          <dd className="receipt__id">{submission.submissionId}</dd>
        </div>
        <div>
          <dt>提交时间</dt>
          <dd>{formatDateTime(submission.submittedAt ?? submission.updatedAt)}</dd>
        </div>
        <div>
          <dt>提交人</dt>
          <dd>{submission.submitterName}</dd>
        </div>
      </dl>
      <h2>填写内容</h2>
      <AnswerList definition={definition} data={submission.data} memberNames={memberNames} />
      <div className="actions">
        {submission.instanceId ? (
          <Link className="button button--primary" to={`/instances/${submission.instanceId}`}>
            查看审批进度
          </Link>
        ) : (
          <Link className="button" to={`/submissions/${submission.submissionId}`}>
            查看这份提交
          </Link>
        )}
        <button type="button" className="button" onClick={onAnother}>
          再填一份
        </button>
      </div>
    </section>
  );
}
