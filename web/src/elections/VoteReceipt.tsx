import { useState } from "react";
import { Link } from "react-router-dom";
import type { CastResult } from "./api";

/** After the cast: the 投票凭证码, big and copyable, and why to keep it. */
export function VoteReceipt({ electionId, result }: { electionId: string; result: CastResult }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(result.trackingCode);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <section className="vote-receipt" aria-labelledby="receipt-title">
      <p className="vote-receipt__tick" aria-hidden="true">
        ✓
      </p>
      <h2 id="receipt-title">{result.replayed ? "您的选票此前已成功投出" : "投票成功，选票已投入票箱"}</h2>
      <p className="muted">您的投票凭证码</p>
      <p className="vote-receipt__code" data-testid="tracking-code">
        {result.trackingCode}
      </p>
      <button type="button" className="button button--small" onClick={copy}>
        {copied ? "已复制" : "复制凭证码"}
      </button>
      <div className="notice vote-receipt__advice">
        <p>
          <strong>请截图或抄下此凭证码并妥善保存。</strong>
        </p>
        <p>结果公布后，可在“选票清单”中输入凭证码，核对您的选票是否如实计入。</p>
        <p>凭证码只有您自己知道：系统不保存凭证码与您身份的对应关系，管理员也无法查出您投了谁。请勿向他人出示；遗失后无法找回。</p>
      </div>
      {result.replayed && <p className="field__hint">网络重试时服务器确认了您先前的选票，以上为当时的凭证码；选票内容以首次提交为准。</p>}
      {result.warnings.map((warning) => (
        <p key={warning} className="notice notice--warn">
          {warning}
        </p>
      ))}
      <p>
        <Link to={`/elections/${encodeURIComponent(electionId)}/bulletin`}>选票清单（结果公布后开放）</Link>
      </p>
    </section>
  );
}
