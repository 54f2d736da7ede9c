import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, ApiError } from "../api";
import { ErrorMessage } from "../components/Status";
import { keys } from "../lib/queryKeys";
import { electionsApi, type Election, type ElectionView } from "./api";

interface Props {
  election: Election;
  onChange: (view: ElectionView) => void;
}

/** 指定监票人: at least two members holding the 监票人 role (not candidates), before voting opens. */
export function ScrutineersPanel({ election, onChange }: Props) {
  const editable = election.status === "draft" || election.status === "roll_frozen";
  const people = useQuery({ queryKey: keys.orgs.memberChoices(election.orgId), queryFn: ({ signal }) => api.memberChoices(election.orgId, signal) });
  const [picked, setPicked] = useState<string[]>(() => election.scrutineers.map((s) => s.accountId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const eligible = (people.data?.items ?? []).filter((member) => member.roles.includes("scrutineer"));
  const saved = election.scrutineers.map((s) => s.accountId).sort().join() === [...picked].sort().join();

  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await electionsApi.appoint(election.electionId, picked));
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="scrutineers-title">
      <h2 id="scrutineers-title">监票人</h2>
      {election.scrutineers.length > 0 ? (
        <p>
          已指定：<strong>{election.scrutineers.map((s) => s.name).join("、")}</strong>
        </p>
      ) : (
        <p className="muted">尚未指定。开始投票前须指定至少两名监票人。</p>
      )}
      {editable && (
        <>
          {people.isPending && <p className="loading">加载成员…</p>}
          {people.data && eligible.length < 2 && (
            <p className="notice notice--warn">
              本组织持“监票人”角色的成员不足两名。请先在<Link to={`/orgs/${election.orgId}/members`}>成员管理</Link>中为成员添加“监票人”角色。
            </p>
          )}
          {eligible.length > 0 && (
            <fieldset className="checks">
              <legend>选择监票人（至少两名，候选人不能担任）</legend>
              <div className="checks__list">
                {eligible.map((member) => (
                  <label key={member.accountId} className="check">
                    <input
                      type="checkbox"
                      checked={picked.includes(member.accountId)}
                      onChange={(event) => setPicked((all) => (event.target.checked ? [...all, member.accountId] : all.filter((id) => id !== member.accountId)))}
                    />
                    {member.name}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <ErrorMessage error={error?.errors.accountIds?.[0] ?? error} />
          {eligible.length > 0 && (
            <p className="actions">
              <button type="button" className="button" onClick={save} disabled={busy || picked.length < 2 || saved}>
                {busy ? "保存中…" : saved && picked.length >= 2 ? "已保存" : `保存监票人（已选${picked.length}人）`}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
