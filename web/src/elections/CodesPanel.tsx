import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { isWellFormedCode, printedCode } from "@tongxin/core/elections/code-format";
import { ApiError } from "../api";
import { Dialog } from "../components/Dialog";
import { ErrorMessage } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { keys } from "../lib/queryKeys";
import { electionsApi, type Election } from "./api";

/** What the server said exists when it refused a second generation (`election.codes_exist`). */
interface ExistingCodes {
  existing: number;
  handedOut: number;
  voted: number;
  issuedAt?: string;
  issuedBy?: string;
}

const existingFrom = (problem: Record<string, unknown>): ExistingCodes => ({
  existing: Number(problem.existing) || 0,
  handedOut: Number(problem.handedOut) || 0,
  voted: Number(problem.voted) || 0,
  issuedAt: typeof problem.issuedAt === "string" ? problem.issuedAt : undefined,
  issuedBy: typeof problem.issuedBy === "string" ? problem.issuedBy : undefined,
});

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
  /** Set when the server refused because codes exist: the replacement dialog, asking for their count. */
  const [existing, setExisting] = useState<ExistingCodes>();
  const [typed, setTyped] = useState("");
  const [typedProblem, setTypedProblem] = useState<string>();
  const issuedBefore = election.codeIssue;
  const client = useQueryClient();

  async function issue(replace?: { expectedCount: number }) {
    setBusy(true);
    setError(undefined);
    try {
      const request = meeting ? electionsApi.cards(election.electionId, Number(count)) : electionsApi.codes(election.electionId, "all", replace);
      const [{ items }, QRCode] = await Promise.all([request, import("qrcode").then((m) => m.default)]);
      const made = await Promise.all(items.map(async (item: Omit<Card, "qr">) => ({ ...item, qr: await QRCode.toDataURL(voteLink(election.electionId, item.code), { margin: 1, width: 220 }) })));
      setCards(made);
      setExisting(undefined);
      // The console's summary (how many, when, by whom) follows the new issue.
      void client.invalidateQueries({ queryKey: keys.elections.one(election.electionId) });
    } catch (problem) {
      if (problem instanceof ApiError && problem.code === "election.codes_exist") {
        // Codes exist (made here, after a reload or on another device): nothing is voided until the count is typed.
        setExisting(existingFrom(problem.problem));
        setTyped("");
        setTypedProblem(replace ? problem.title : undefined);
      } else setError(problem instanceof ApiError ? problem : new ApiError(0, "client.error", "生成二维码失败，请重试"));
    } finally {
      setBusy(false);
    }
  }

  function confirmReplace() {
    if (!existing) return;
    if (typed.trim() !== String(existing.existing)) {
      setTypedProblem(`请输入作废数量 ${existing.existing} 以确认`);
      return;
    }
    void issue({ expectedCount: existing.existing });
  }

  const made = cards !== undefined || issuedBefore !== undefined;
  const label = meeting ? (made ? "再生成一批空白投票卡" : "生成空白投票卡") : made ? "重新生成投票码" : "生成投票码";
  return (
    <section className="panel" aria-labelledby="codes-title">
      <h2 id="codes-title">{meeting ? "投票卡" : "投票码"}</h2>
      <p className="muted">
        {meeting
          ? "生成空白投票卡并打印。签到时，工作人员扫描一张卡发给到会选民，此卡才生效；未在签到处发出的卡（包括缺席会员的）不能投票。卡号只在此显示一次，系统只保存其摘要。"
          : "为尚未投票的选民各生成一个一次性投票码，直接交给选民本人；选民用手机扫码即可投票。投票码只在此显示一次，系统只保存其摘要；重新生成会使旧码作废，并记入审计日志。"}
      </p>
      {issuedBefore && (
        <p className="codes-issued" data-testid="codes-issued">
          {meeting ? `已生成投票码/投票卡 ${issuedBefore.live} 个` : `已生成投票码 ${issuedBefore.live} 个`}
          （最近一次：{formatDateTime(issuedBefore.at)}
          {issuedBefore.byName ? `，${issuedBefore.byName}` : ""}）
          {!meeting && "。重新生成会使未使用的投票码全部作废。"}
        </p>
      )}
      <ErrorMessage error={error} />
      {existing && (
        <Dialog
          title="重新生成投票码"
          subject={`已生成的投票码仍然有效：${existing.existing} 个未使用${existing.handedOut !== existing.existing ? `（其中 ${existing.handedOut} 个已发到选民手中）` : "，均已发给选民"}${existing.voted > 0 ? `；已有 ${existing.voted} 人投票` : ""}。`}
          confirm="作废并重新生成"
          danger
          busy={busy}
          problem={typedProblem}
          onSubmit={confirmReplace}
          onClose={() => setExisting(undefined)}
        >
          <p>
            {existing.issuedAt ? `最近一次生成于 ${formatDateTime(existing.issuedAt)}${existing.issuedBy ? `，由${existing.issuedBy}生成` : ""}。` : ""}
            重新生成后，已打印或已发出的 {existing.existing} 个投票码全部作废，持旧码的选民将无法投票。
          </p>
          <div className="field">
            <label htmlFor="replace-count">请输入作废数量 {existing.existing} 以确认</label>
            <input id="replace-count" inputMode="numeric" autoComplete="off" value={typed} onChange={(event) => setTyped(event.target.value)} />
          </div>
        </Dialog>
      )}
      {meeting && (
        <div className="field">
          <label htmlFor="card-count">张数</label>
          <input id="card-count" type="number" inputMode="numeric" min={1} max={5000} value={count} onChange={(event) => setCount(event.target.value)} />
        </div>
      )}
      <p className="actions">
        <button type="button" className={cards ? "button" : "button button--primary"} onClick={() => void issue()} disabled={busy || (meeting && !(Number(count) >= 1))}>
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
