import { useEffect, useState, type DependencyList } from "react";
import { ApiError } from "../api";

export interface Resource<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
}

const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, "client.error", "出现了意外错误，请刷新页面重试");

/**
 * Loads data for the app shell (`/api/me`) and the form-filling page, the two that must not wait
 * for the query library: a form opened from a link on a phone stays within its download budget
 * (`bench/web.ts`). Every other page reads server state through TanStack Query (`lib/query.tsx`).
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<Resource<T>>({ loading: true });

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

  return state;
}
