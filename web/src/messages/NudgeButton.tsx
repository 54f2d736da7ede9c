import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../api";
import { formatTime } from "../lib/format";
import { messagesApi } from "./api";

const stateKey = (instanceId: string) => ["instances", instanceId, "nudge"] as const;

/**
 * 催办 on an approval's page: the submitter (or an admin over the unit) reminds whoever must
 * act now, at most once a day. Shown only to those who may; after a nudge it says when.
 */
export function NudgeButton({ instanceId }: { instanceId: string }) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; ok: boolean }>();
  const state = useQuery({ queryKey: stateKey(instanceId), queryFn: ({ signal }) => messagesApi.nudgeState(instanceId, signal) });
  if (!state.data?.allowed && !said) return null;

  const nudge = async () => {
    setBusy(true);
    try {
      const { approvers } = await messagesApi.nudge(instanceId);
      setSaid({ text: `已提醒${approvers > 1 ? `${approvers}位审批人` : "审批人"}尽快处理。`, ok: true });
    } catch (error) {
      setSaid({ text: error instanceof ApiError ? error.title : "催办失败，请重试", ok: false });
    } finally {
      setBusy(false);
      void client.invalidateQueries({ queryKey: stateKey(instanceId) });
    }
  };

  const nudgedAt = state.data?.nudgedAt;
  return (
    <div className="nudge">
      <button type="button" className="button" onClick={() => void nudge()} disabled={busy || Boolean(nudgedAt)}>
        {busy ? "正在催办…" : nudgedAt ? `今天${formatTime(nudgedAt)}已催办` : "催办"}
      </button>
      {said ? (
        <p className={said.ok ? "nudge__note" : "nudge__note nudge__note--problem"} role={said.ok ? "status" : "alert"}>
          {said.text}
        </p>
      ) : (
        !nudgedAt && <p className="nudge__note muted">提醒当前审批人尽快处理，每天可催办一次。</p>
      )}
    </div>
  );
}
