import { useState } from "react";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { electionsApi, type Election, type IssuedCode } from "./api";

interface Card extends IssuedCode {
  qr: string;
}

/** The link a card's QR code carries: the code rides in the fragment, which the browser never sends. */
export const voteLink = (electionId: string, code: string) => `${window.location.origin}/elections/${encodeURIComponent(electionId)}/vote#code=${code}`;

/** 生成投票码: one-time codes for every voter who has not voted, as a printable sheet of QR cards (shown once). */
export function CodesPanel({ election }: { election: Election }) {
  const [cards, setCards] = useState<Card[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function issue() {
    if (cards && !window.confirm("重新生成后，之前发放的投票码全部作废。确定重新生成吗？")) return;
    setBusy(true);
    setError(undefined);
    try {
      const [{ items }, QRCode] = await Promise.all([electionsApi.codes(election.electionId, "all"), import("qrcode").then((m) => m.default)]);
      const made = await Promise.all(items.map(async (item) => ({ ...item, qr: await QRCode.toDataURL(voteLink(election.electionId, item.code), { margin: 1, width: 220 }) })));
      setCards(made);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, "client.error", "生成二维码失败，请重试"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="codes-title">
      <h2 id="codes-title">投票码</h2>
      <p className="muted">
        为尚未投票的选民各生成一个一次性投票码，打印成投票卡在会场发放；选民用手机扫码即可投票。投票码只在此显示一次，系统只保存其摘要；重新生成会使旧码作废。
      </p>
      <ErrorMessage error={error} />
      <p className="actions">
        <button type="button" className={cards ? "button" : "button button--primary"} onClick={issue} disabled={busy}>
          {busy ? "正在生成…" : cards ? "重新生成投票码" : "生成投票码"}
        </button>
        {cards && cards.length > 0 && (
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            打印投票卡（{cards.length}张）
          </button>
        )}
      </p>
      {cards && cards.length === 0 && <p className="muted">所有选民都已投票，无需生成投票码。</p>}
      {cards && cards.length > 0 && (
        <div className="code-sheet" aria-label="投票卡">
          {cards.map((card) => (
            <article key={card.accountId} className="code-card" data-account={card.accountId}>
              <p className="code-card__title">{election.title}</p>
              <img src={card.qr} width={150} height={150} alt={`${card.name}的投票二维码`} />
              <p className="code-card__name">{card.name}</p>
              <p className="code-card__code">{card.code}</p>
              <p className="code-card__hint">手机扫码投票 · 一人一码 · 仅限使用一次 · 请勿转借</p>
            </article>
          ))}
        </div>
      )}
    </section>
  );
}
