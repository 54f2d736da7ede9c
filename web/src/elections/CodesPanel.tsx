import { useState } from "react";
import { isWellFormedCode, printedCode } from "@tongxin/core/elections/code-format";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { electionsApi, type Election } from "./api";

interface Card {
  code: string;
  /** Online: the voter the code was issued to; meeting cards are blank. */
  accountId?: string;
  name?: string;
  qr: string;
}

/** The link a card's QR code carries: the code rides in the fragment, which the browser never sends. */
export const voteLink = (electionId: string, code: string) => `${window.location.origin}/elections/${encodeURIComponent(electionId)}/vote#code=${code}`;

/** The code on a scanned card: its vote link's fragment, or the code typed as printed. */
export function parseCardQr(text: string): string | undefined {
  const fromLink = /#code=([0-9A-Za-z-]+)$/.exec(text.trim());
  const code = (fromLink ? fromLink[1]! : text).trim();
  return isWellFormedCode(code) ? printedCode(code) : undefined;
}

/**
 * 投票码 / 投票卡, shown once as a printable sheet of QR cards. Online: one code per voter who has not
 * voted (re-issuing revokes the old ones). Meeting: blank cards, which vote only once the check-in
 * desk has handed one to a voter (签到发卡): whoever prints them cannot vote for anyone absent.
 */
export function CodesPanel({ election }: { election: Election }) {
  const meeting = election.config.mode === "meeting";
  const [cards, setCards] = useState<Card[]>();
  const [count, setCount] = useState(String(election.rollSize ?? 1));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function issue() {
    if (!meeting && cards && !window.confirm("重新生成后，之前发放的投票码全部作废。确定重新生成吗？")) return;
    setBusy(true);
    setError(undefined);
    try {
      const request = meeting ? electionsApi.cards(election.electionId, Number(count)) : electionsApi.codes(election.electionId, "all");
      const [{ items }, QRCode] = await Promise.all([request, import("qrcode").then((m) => m.default)]);
      const made = await Promise.all(items.map(async (item: Omit<Card, "qr">) => ({ ...item, qr: await QRCode.toDataURL(voteLink(election.electionId, item.code), { margin: 1, width: 220 }) })));
      setCards(made);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, "client.error", "生成二维码失败，请重试"));
    } finally {
      setBusy(false);
    }
  }

  const label = meeting ? (cards ? "再生成一批空白投票卡" : "生成空白投票卡") : cards ? "重新生成投票码" : "生成投票码";
  return (
    <section className="panel" aria-labelledby="codes-title">
      <h2 id="codes-title">{meeting ? "投票卡" : "投票码"}</h2>
      <p className="muted">
        {meeting
          ? "生成空白投票卡并打印。签到时，工作人员扫描一张卡发给到会选民，此卡才生效；未在签到处发出的卡（包括缺席会员的）不能投票。卡号只在此显示一次，系统只保存其摘要。"
          : "为尚未投票的选民各生成一个一次性投票码，直接交给选民本人；选民用手机扫码即可投票。投票码只在此显示一次，系统只保存其摘要；重新生成会使旧码作废，并记入审计日志。"}
      </p>
      <ErrorMessage error={error} />
      {meeting && (
        <div className="field">
          <label htmlFor="card-count">张数</label>
          <input id="card-count" type="number" inputMode="numeric" min={1} max={5000} value={count} onChange={(event) => setCount(event.target.value)} />
        </div>
      )}
      <p className="actions">
        <button type="button" className={cards ? "button" : "button button--primary"} onClick={issue} disabled={busy || (meeting && !(Number(count) >= 1))}>
          {busy ? "正在生成…" : label}
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
            <article key={card.code} className="code-card" data-account={card.accountId}>
              <p className="code-card__title">{election.title}</p>
              <img src={card.qr} width={150} height={150} alt={card.name ? `${card.name}的投票二维码` : "投票二维码"} />
              {card.name && <p className="code-card__name">{card.name}</p>}
              <p className="code-card__code">{card.code}</p>
              <p className="code-card__hint">{meeting ? "签到处发卡后生效 · 手机扫码投票 · 仅限使用一次" : "手机扫码投票 · 一人一码 · 仅限使用一次 · 请勿转借"}</p>
            </article>
          ))}
        </div>
      )}
    </section>
  );
}
