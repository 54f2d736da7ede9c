import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { keys } from "../lib/queryKeys";
import { electionsApi, type CheckinAnswer, type Election, type Turnout, type Voter } from "./api";
import { parseCardQr } from "./CodesPanel";
import { parseCheckinQr } from "./MemberQr";
import { QrScanner } from "./QrScanner";

interface Props {
  election: Election;
  onTurnout: (turnout: Turnout) => void;
}

/**
 * 签到: tick names on the frozen roll, or scan a member's 签到二维码; 发卡: hand a voting card to the
 * voter at the desk (scan the card, or type its number) — only then does the card vote.
 */
export function CheckinPanel({ election, onTurnout }: Props) {
  const client = useQueryClient();
  const roll = useQuery({ queryKey: keys.elections.roll(election.electionId), queryFn: ({ signal }) => electionsApi.roll(election.electionId, signal) });
  const [query, setQuery] = useState("");
  const [pending, setPending] = useState<string[]>([]);
  const [handing, setHanding] = useState<Voter>();
  const [cardCode, setCardCode] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [error, setError] = useState<ApiError>();
  const recent = useRef(new Map<string, number>());
  const takesPaper = (election.config.ballots ?? "electronic") !== "electronic";

  async function run(accountId: string, action: () => Promise<CheckinAnswer>, done: string, card = false) {
    setPending((all) => [...all, accountId]);
    setError(undefined);
    try {
      const answer = await action();
      client.setQueryData(keys.elections.roll(election.electionId), (current: typeof roll.data) => current && { items: current.items.map((v) => (v.accountId === accountId ? { ...v, checkedIn: true, hasCode: v.hasCode || card } : v)) });
      onTurnout(answer.turnout);
      setMessage({ ok: true, text: done });
      return true;
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
      return false;
    } finally {
      setPending((all) => all.filter((id) => id !== accountId));
    }
  }

  async function checkIn(accountId: string) {
    const voter = roll.data?.items.find((v) => v.accountId === accountId);
    if (!voter) return setMessage({ ok: false, text: "此二维码不属于本次选举的选民名册" });
    setHanding(voter);
    if (voter.checkedIn) return setMessage({ ok: true, text: `${voter.name} 已签到` });
    await run(accountId, () => electionsApi.checkIn(election.electionId, [accountId]), `签到成功：${voter.name}`);
  }

  async function takePaper(voter: Voter) {
    setPending((all) => [...all, voter.accountId]);
    setError(undefined);
    try {
      const answer = await electionsApi.issuePaper(election.electionId, voter.accountId);
      const refused = answer.paper.refused[0];
      if (refused) setMessage({ ok: false, text: `${voter.name}：${refused.reason}` });
      else {
        client.setQueryData(keys.elections.roll(election.electionId), (current: typeof roll.data) => current && { items: current.items.map((v) => (v.accountId === voter.accountId ? { ...v, checkedIn: true, paper: true } : v)) });
        setMessage({ ok: true, text: `领票成功：${voter.name}（已签到，领取纸质选票一张）` });
      }
      onTurnout(answer.turnout);
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setPending((all) => all.filter((id) => id !== voter.accountId));
    }
  }

  async function handOver(code: string) {
    if (!handing) return setMessage({ ok: false, text: "请先在名册中选择领卡的选民，再扫描投票卡" });
    const voter = handing;
    if (await run(voter.accountId, () => electionsApi.bindCard(election.electionId, voter.accountId, code), `发卡成功：${voter.name}（已签到，此卡生效）`, true)) {
      setHanding(undefined);
      setCardCode("");
    }
  }

  function scanned(text: string) {
    const last = recent.current.get(text) ?? 0;
    if (Date.now() - last < 4000) return;
    recent.current.set(text, Date.now());
    const accountId = parseCheckinQr(text, election.electionId);
    if (accountId) return void checkIn(accountId);
    const code = parseCardQr(text);
    if (code) return void handOver(code);
    setMessage({ ok: false, text: "不是本次选举的签到二维码或投票卡" });
  }

  function submitCard(event: FormEvent) {
    event.preventDefault();
    const code = parseCardQr(cardCode);
    if (!code) return setMessage({ ok: false, text: "投票卡号码有误，请核对后重新输入" });
    void handOver(code);
  }

  const items = (roll.data?.items ?? []).filter((v) => !query.trim() || v.name.includes(query.trim()));
  return (
    <section className="panel" aria-labelledby="checkin-title">
      <h2 id="checkin-title">签到与发卡</h2>
      <QrScanner onText={scanned} />
      {message && (
        <p className={message.ok ? "success" : "alert"} role="status">
          {message.text}
        </p>
      )}
      <ErrorMessage error={error} />
      {handing && (
        <form className="card-handover" onSubmit={submitCard} aria-label={`为${handing.name}发放投票卡`}>
          <p>
            为 <strong>{handing.name}</strong> 发放投票卡：扫描投票卡上的二维码，或输入卡上号码。
          </p>
          <div className="field">
            <label htmlFor="card-code">投票卡号码</label>
            <input id="card-code" value={cardCode} onChange={(event) => setCardCode(event.target.value)} autoComplete="off" autoCapitalize="characters" spellCheck={false} />
          </div>
          <p className="actions">
            <button type="submit" className="button button--primary" disabled={pending.includes(handing.accountId)}>
              确认发卡
            </button>
            <button type="button" className="button" onClick={() => setHanding(undefined)}>
              取消
            </button>
          </p>
        </form>
      )}
      <div className="field checkin-search">
        <label htmlFor="checkin-query">按姓名查找</label>
        <input id="checkin-query" type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="输入姓名" />
      </div>
      {roll.isPending && <p className="loading">加载名册…</p>}
      <ErrorMessage error={roll.error} />
      <ul className="roll-list" aria-label="选民名册">
        {items.map((voter) => (
          <li key={voter.accountId}>
            <label className={`roll-row${voter.checkedIn ? " roll-row--in" : ""}`}>
              <input
                type="checkbox"
                checked={voter.checkedIn || pending.includes(voter.accountId)}
                disabled={voter.checkedIn || pending.includes(voter.accountId)}
                onChange={() => void checkIn(voter.accountId)}
                aria-label={`${voter.name} 签到`}
              />
              <span className="roll-row__name">{voter.name}</span>
              <span className="roll-row__state">{pending.includes(voter.accountId) ? "办理中…" : voter.checkedIn ? "已签到" : "未签到"}</span>
            </label>
            {voter.paper && <span className="muted">已领纸质票</span>}
            {takesPaper && !voter.voted && !voter.paper && !voter.hasCode && (
              <button type="button" className="button button--small" disabled={pending.includes(voter.accountId)} onClick={() => void takePaper(voter)} aria-label={`${voter.name}领取纸质选票`}>
                领纸质票
              </button>
            )}
            {!voter.voted && !voter.paper && election.config.ballots !== "paper" && (
              <button type="button" className="button button--small" onClick={() => setHanding(voter)} aria-label={`为${voter.name}发卡`}>
                发卡
              </button>
            )}
          </li>
        ))}
      </ul>
      {roll.data && items.length === 0 && <p className="muted">没有找到“{query}”。</p>}
    </section>
  );
}
