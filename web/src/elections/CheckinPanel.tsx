import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { keys } from "../lib/queryKeys";
import { electionsApi, type Election, type Turnout } from "./api";
import { parseCheckinQr } from "./MemberQr";
import { QrScanner } from "./QrScanner";

interface Props {
  election: Election;
  onTurnout: (turnout: Turnout) => void;
}

/** 签到: tick names on the frozen roll, or scan a member's 签到二维码. */
export function CheckinPanel({ election, onTurnout }: Props) {
  const client = useQueryClient();
  const roll = useQuery({ queryKey: keys.elections.roll(election.electionId), queryFn: ({ signal }) => electionsApi.roll(election.electionId, signal) });
  const [query, setQuery] = useState("");
  const [pending, setPending] = useState<string[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [error, setError] = useState<ApiError>();
  const recent = useRef(new Map<string, number>());

  async function checkIn(accountId: string) {
    const voter = roll.data?.items.find((v) => v.accountId === accountId);
    if (!voter) return setMessage({ ok: false, text: "此二维码不属于本次选举的选民名册" });
    if (voter.checkedIn) return setMessage({ ok: true, text: `${voter.name} 已签到` });
    setPending((all) => [...all, accountId]);
    setError(undefined);
    try {
      const done = await electionsApi.checkIn(election.electionId, [accountId]);
      client.setQueryData(keys.elections.roll(election.electionId), (current: typeof roll.data) => current && { items: current.items.map((v) => (v.accountId === accountId ? { ...v, checkedIn: true } : v)) });
      onTurnout(done.turnout);
      setMessage({ ok: true, text: `签到成功：${voter.name}` });
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setPending((all) => all.filter((id) => id !== accountId));
    }
  }

  function scanned(text: string) {
    const last = recent.current.get(text) ?? 0;
    if (Date.now() - last < 4000) return;
    recent.current.set(text, Date.now());
    const accountId = parseCheckinQr(text, election.electionId);
    if (!accountId) return setMessage({ ok: false, text: "不是本次选举的签到二维码" });
    void checkIn(accountId);
  }

  const items = (roll.data?.items ?? []).filter((v) => !query.trim() || v.name.includes(query.trim()));
  return (
    <section className="panel" aria-labelledby="checkin-title">
      <h2 id="checkin-title">签到</h2>
      <QrScanner onText={scanned} />
      {message && (
        <p className={message.ok ? "success" : "alert"} role="status">
          {message.text}
        </p>
      )}
      <ErrorMessage error={error} />
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
              <span className="roll-row__state">{pending.includes(voter.accountId) ? "签到中…" : voter.checkedIn ? "已签到" : "未签到"}</span>
            </label>
          </li>
        ))}
      </ul>
      {roll.data && items.length === 0 && <p className="muted">没有找到“{query}”。</p>}
    </section>
  );
}
