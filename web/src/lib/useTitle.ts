import { useEffect } from "react";

/** Sets the browser tab title: "<page> · 同心". */
export function useTitle(page: string | undefined): void {
  useEffect(() => {
    document.title = page ? `${page} · 同心` : "同心";
  }, [page]);
}
