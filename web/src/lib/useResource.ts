import { useCallback, useEffect, useState, type DependencyList } from "react";
import { ApiError } from "../api";

export interface Resource<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  /** Replaces the loaded data after a local change (e.g. a created item). */
  update: (change: (current: T) => T) => void;
}

const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, "client.error", "出现了意外错误，请刷新页面重试");

/** Loads data for a page and cancels the request when the page changes or unmounts. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });

  useEffect(() => {
    const controller = new AbortController();
    setState({ loading: true });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ error: asApiError(error), loading: false });
      },
    );
    return () => controller.abort();
  }, deps);

  const update = useCallback((change: (current: T) => T) => {
    setState((current) => (current.data === undefined ? current : { ...current, data: change(current.data) }));
  }, []);

  return { ...state, update };
}
