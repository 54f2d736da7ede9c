import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { keys } from "../lib/queryKeys";
import { electionsApi, type ElectionView } from "./api";

interface Props {
  view: ElectionView;
  onChange: (view: ElectionView) => void;
}

export const takesPaper = (view: ElectionView) => (view.election.config.ballots ?? "electronic") !== "electronic";

/**
 * 纸质选票 on the console: the admin appoints the 计票人 (before the paper is counted); after the
 * close, until the paper is counted, the tellers find their entry page and the scrutineers and
 * admins the page where differing entries are resolved and the entry closed.
 */
export function PaperPanel({ view, onChange }: Props) {
  const { election, me } = view;
  const appointing = me.canManage && election.paperEntry !== "closed" && !election.resultsHash;
  const people = useQuery({ queryKey: keys.orgs.memberChoices(election.orgId), queryFn: ({ signal }) => api.memberChoices(election.orgId, signal), enabled: appointing });
  const tellers = election.tellers ?? [];
  const [picked, setPicked] = useState<string[]>(() => tellers.map((t) => t.accountId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const scrutineers = new Set(election.scrutineers.map((s) => s.accountId));
  const eligible = (people.data?.items ?? []).filter((member) => !scrutineers.has(member.accountId));
  const saved = tellers.map((t) => t.accountId).sort().join() === [...picked].sort().join();
  const entering = election.status === "closed" && election.paperEntry !== "closed" && !election.resultsHash;
  const id = encodeURIComponent(election.electionId);

  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      const { election: next } = await electionsApi.appointTellers(election.electionId, picked);
      onChange({ ...view, election: next });
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="paper-title">
      <h2 id="paper-title">纸质选票</h2>
      <p>
        计票人：{tellers.length > 0 ? <strong>{tellers.map((t) => t.name).join("、")}</strong> : <span className="muted">尚未指定（闭票后由计票人录入纸质选票，每批两人分别录入）</span>}
      </p>
      {entering && (
        <>
          <p className="notice">投票已结束。纸质选票由计票人分批录入两遍，两遍不一致的由监票人对照原票裁定；全部核对后由管理员结束录入并计票。</p>
          <p className="actions">
            {me.teller && (
              <Link className="button button--primary" to={`/elections/${id}/paper-entry`}>
                录入纸质选票
              </Link>
            )}
            {(me.scrutineer || me.canManage) && (
              <Link className="button" to={`/elections/${id}/paper-review`}>
                核对与裁定
              </Link>
            )}
          </p>
        </>
      )}
      {appointing && eligible.length > 0 && (
        <>
          <fieldset className="checks">
            <legend>选择计票人（至少两名，候选人和监票人不能担任）</legend>
            <div className="checks__list">
              {eligible.map((member) => (
                <label key={member.accountId} className="check">
                  <input
                    type="checkbox"
                    checked={picked.includes(member.accountId)}
                    onChange={(event) => setPicked((all) => (event.target.checked ? [...all, member.accountId] : all.filter((x) => x !== member.accountId)))}
                  />
                  {member.name}
                </label>
              ))}
            </div>
          </fieldset>
          <ErrorMessage error={error?.errors.accountIds?.[0] ?? error} />
          <p className="actions">
            <button type="button" className="button" onClick={save} disabled={busy || picked.length < 2 || saved}>
              {busy ? "保存中…" : saved && picked.length >= 2 ? "已保存" : `保存计票人（已选${picked.length}人）`}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
