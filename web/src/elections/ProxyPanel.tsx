import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { keys } from "../lib/queryKeys";
import { electionsApi, type Election, type Turnout } from "./api";

interface Props {
  election: Election;
  onTurnout: (turnout: Turnout) => void;
}

/** 委托投票 at the desk: an absent member's written proxy to a present one (at most `proxyLimit` each). */
export function ProxyPanel({ election, onTurnout }: Props) {
  const client = useQueryClient();
  const roll = useQuery({ queryKey: keys.elections.roll(election.electionId), queryFn: ({ signal }) => electionsApi.roll(election.electionId, signal) });
  const [holderId, setHolderId] = useState("");
  const [grantorId, setGrantorId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const voters = roll.data?.items ?? [];
  const name = (id: string) => voters.find((v) => v.accountId === id)?.name ?? "";

  async function register(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const answer = await electionsApi.registerProxy(election.electionId, holderId, grantorId);
      onTurnout(answer.turnout);
      setDone(`已登记：${name(grantorId)} 委托 ${name(holderId)} 投票（${name(holderId)}现持${answer.held}份委托）。请将${name(grantorId)}的选票（纸质票或投票卡）交给受托人。`);
      setGrantorId("");
      await client.invalidateQueries({ queryKey: keys.elections.roll(election.electionId) });
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="proxy-title">
      <h2 id="proxy-title">委托投票</h2>
      <p className="muted">未到会会员凭书面委托书委托到会会员代为投票，每名到会会员最多接受{election.config.proxyLimit}份委托；委托人计入到会人数。</p>
      <form onSubmit={register} aria-label="登记委托">
        <div className="field">
          <label htmlFor="proxy-grantor">委托人（未到会）</label>
          <select id="proxy-grantor" value={grantorId} onChange={(e) => setGrantorId(e.target.value)}>
            <option value="">请选择</option>
            {voters.filter((v) => !v.checkedIn && !v.voted).map((v) => (
              <option key={v.accountId} value={v.accountId}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="proxy-holder">受托人（已签到）</label>
          <select id="proxy-holder" value={holderId} onChange={(e) => setHolderId(e.target.value)}>
            <option value="">请选择</option>
            {voters.filter((v) => v.checkedIn).map((v) => (
              <option key={v.accountId} value={v.accountId}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
        <ErrorMessage error={error?.errors.grantorId?.[0] ?? error?.errors.holderId?.[0] ?? error} />
        {done && <p className="success">{done}</p>}
        <button type="submit" className="button" disabled={busy || !holderId || !grantorId}>
          {busy ? "登记中…" : "登记委托"}
        </button>
      </form>
    </section>
  );
}
