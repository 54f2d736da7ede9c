import { useState } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { useConfirm, type ConfirmQuestion } from "../components/useConfirm";
import { electionsApi, type ElectionView, type Turnout } from "./api";
import { describeThreshold } from "./ballot";

interface Props {
  view: ElectionView;
  turnout?: Turnout;
  onChange: (view: ElectionView) => void;
}

/** 应到 / 实到 / 法定人数 / 已投票, and the chair's buttons: 冻结选民名册, 开始投票 (with why not), 结束投票. */
export function ControlPanel({ view, turnout, onChange }: Props) {
  const { election } = view;
  const gaps = election.status === "draft" ? (view.candidateGaps ?? []) : [];
  const meeting = election.config.mode === "meeting";
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const { ask, dialog } = useConfirm();

  async function step(name: "roll" | "open" | "close", question?: ConfirmQuestion) {
    if (question && !(await ask(question))) return;
    setBusy(true);
    setError(undefined);
    try {
      onChange(await electionsApi.step(election.electionId, name));
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setBusy(false);
    }
  }

  const whyNot: string[] = [];
  if (election.scrutineers.length < 2) whyNot.push("须先指定至少两名监票人");
  if (meeting && turnout && !turnout.quorum.met) {
    whyNot.push(`到会${turnout.present}人，未达到法定人数${turnout.quorum.required}人（应到${turnout.roll}人的${describeThreshold(election.config.quorum)}），还差${turnout.quorum.required - turnout.present}人`);
  }

  return (
    <section className="panel" aria-labelledby="control-title">
      {dialog}
      <h2 id="control-title">{election.status === "draft" ? "选民名册" : "投票进程"}</h2>
      {election.status === "draft" ? (
        <>
          <p className="muted">冻结时以本组织当前持“会员”角色的全体成员生成选民名册，此后名册和候选人名单都不再变化。</p>
          {gaps.length > 0 && (
            <div className="notice notice--warn" role="status">
              <p>以下职务候选人尚未齐备（待提名），补足后才能冻结名册、开始投票：</p>
              <ul className="why-not" aria-label="待提名的职务">
                {gaps.map((gap) => (
                  <li key={gap.positionId}>
                    <span className="badge">待提名</span> {gap.message}
                  </li>
                ))}
              </ul>
              <p className="muted">{election.nomination ? "提名经审批通过后自动列入候选人。" : "可在“候选人提名”中开启提名，审批通过的提名自动列入候选人。"}</p>
            </div>
          )}
          <ErrorMessage error={error} />
          <button type="button" className="button button--primary" disabled={busy || gaps.length > 0} onClick={() => step("roll", { title: "冻结选民名册", message: "冻结后选民名册和候选人名单不能再更改。确定冻结吗？", confirm: "确认冻结" })}>
            冻结选民名册
          </button>
        </>
      ) : (
        <>
          {turnout && (
            <dl className={meeting ? "figures figures--4" : "figures"}>
              <div className="figures__item">
                <dt>应到</dt>
                <dd data-testid="roll">{turnout.roll}</dd>
              </div>
              {meeting && (
                <div className={`figures__item${turnout.quorum.met ? " figures__item--ok" : ""}`}>
                  <dt>实到</dt>
                  <dd data-testid="present">{turnout.present}</dd>
                </div>
              )}
              {meeting && (
                <div className="figures__item">
                  <dt>法定人数</dt>
                  <dd>{turnout.quorum.required}</dd>
                </div>
              )}
              <div className="figures__item">
                <dt>已投票</dt>
                <dd>{turnout.voted}</dd>
              </div>
            </dl>
          )}
          {meeting && turnout && (
            <p className={turnout.quorum.met ? "success" : "notice notice--warn"} role="status">
              {turnout.quorum.met ? `到会${turnout.present}人，已达到法定人数` : `尚未达到法定人数（须到会${turnout.quorum.required}人）`}
            </p>
          )}
          <ErrorMessage error={error} />
          {election.status === "roll_frozen" && (
            <>
              {whyNot.length > 0 && (
                <ul className="why-not">
                  {whyNot.map((reason) => (
                    <li key={reason}>不能开始投票：{reason}</li>
                  ))}
                </ul>
              )}
              <button type="button" className="button button--primary button--block" disabled={busy || whyNot.length > 0} onClick={() => step("open")}>
                开始投票
              </button>
            </>
          )}
          {election.status === "open" && (
            <button type="button" className="button button--danger button--block" disabled={busy} onClick={() => step("close", { title: "结束投票", message: "结束投票后不再接受任何选票，并立即计票。确定结束投票吗？", confirm: "确认结束投票", danger: true })}>
              结束投票
            </button>
          )}
          <p className="actions">
            <Link className="button button--small" to={`/elections/${election.electionId}/screen`} target="_blank">
              投影大屏
            </Link>
            <Link className="button button--small" to={`/elections/${election.electionId}/vote`}>
              投票页面
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
