import { useEffect, useState } from "react";
import { useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { useTitle } from "../../lib/useTitle";
import { AnswerList } from "../AnswerList";
import { publicFormApi, type PublicReceipt } from "./api";
import "../../campaigns/public.css";

const STATUS: Record<string, string> = { submitted: "已提交", in_review: "审核中", returned: "已退回", approved: "已通过", rejected: "未通过", withdrawn: "已撤回" };

/** 填写回执 (/f/r/:token), no session: the filler's own answers, and withdrawing them while allowed. */
export default function PublicReceiptPage() {
  const { token = "" } = useParams();
  const [receipt, setReceipt] = useState<PublicReceipt>();
  const [error, setError] = useState<ApiError | string>();
  const [problem, setProblem] = useState<string>();
  const [round, setRound] = useState(0);
  useTitle("填写回执");
  useEffect(() => {
    let live = true;
    publicFormApi.receipt(token).then(
      (next) => live && setReceipt(next),
      (failure: unknown) => live && setError(failure instanceof ApiError && failure.status === 404 ? "回执不存在" : failure instanceof ApiError ? failure : "加载失败，请刷新重试"),
    );
    return () => {
      live = false;
    };
  }, [token, round]);
  if (error) return <main className="public"><ErrorMessage error={error} /></main>;
  if (!receipt) return <main className="public"><Loading /></main>;
  const { submission, version } = receipt;

  async function withdraw() {
    if (!window.confirm("确定撤回这份填写吗？撤回后名额将释放。")) return;
    try {
      await publicFormApi.withdraw(token);
      setRound((n) => n + 1);
    } catch (failure) {
      setProblem(failure instanceof ApiError ? failure.title : "撤回失败，请重试");
    }
  }

  return (
    <main className="public public--form">
      <header className="public__head">
        <h1>{version.definition.title}·填写回执</h1>
        <p className="public__status" data-testid="receipt-status">
          {STATUS[submission.status] ?? submission.status}
          {submission.submittedAt ? ` · 提交于 ${formatDateTime(submission.submittedAt)}` : ""}
        </p>
      </header>
      <AnswerList definition={version.definition} data={submission.data} />
      <ErrorMessage error={problem} />
      {receipt.withdrawable && (
        <button type="button" className="button" onClick={() => void withdraw()}>
          撤回填写
        </button>
      )}
    </main>
  );
}
