import { useEffect, useState } from "react";
import { ApiError } from "../api";
import { electionsApi, type Turnout } from "./api";

/** Turnout (people, never votes), refreshed every `everyMs`; `bump` refreshes at once (after a check-in). */
export function useTurnout(electionId: string, everyMs: number, enabled = true) {
  const [turnout, setTurnout] = useState<Turnout>();
  const [error, setError] = useState<ApiError>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const load = async () => {
      try {
        const next = await electionsApi.turnout(electionId, controller.signal);
        setTurnout(next);
        setError(undefined);
      } catch (problem) {
        if (controller.signal.aborted) return;
        setError(problem instanceof ApiError ? problem : new ApiError(0, "client.error", "刷新失败"));
      }
      if (!controller.signal.aborted) timer = window.setTimeout(load, everyMs);
    };
    void load();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [electionId, everyMs, enabled, tick]);
  return { turnout, error, setTurnout, bump: () => setTick((n) => n + 1) };
}
