import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ComponentType } from "react";
import type { ApiError } from "../api";

declare module "@tanstack/react-query" {
  // Every query and mutation fails with the API's own error type (see `request` in api.ts).
  interface Register {
    defaultError: ApiError;
  }
}

/**
 * The app's one cache of server state, shared by everything on screen: a mutation invalidates
 * the keys it changed, and whatever shows them (the page, its tabs, the 待办 badge) asks again.
 * What no component shows any more is dropped at once (`gcTime: 0`), so a page opened later
 * loads fresh rather than showing what was true before someone acted elsewhere. No retries (the
 * error is shown and the reader decides) and no refetch when the tab regains focus (a
 * half-filled form must not jump under the reader's hands).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, gcTime: 0 },
    mutations: { retry: false },
  },
});

/**
 * A page (or shell part) that reads server state through TanStack Query. The provider travels
 * with the page's own code, not the app shell: the ballot and form-filling pages, opened from
 * QR codes on phones, never download the query library (`router.tsx`).
 */
export function withQueries<P extends object>(Inner: ComponentType<P>): ComponentType<P> {
  return function WithQueries(props: P) {
    return (
      <QueryClientProvider client={queryClient}>
        <Inner {...props} />
      </QueryClientProvider>
    );
  };
}
