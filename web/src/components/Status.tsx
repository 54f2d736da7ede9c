import type { ReactNode } from "react";
import type { ApiError } from "../api";

/** A page-level problem, announced to screen readers. 401s are not shown: the app redirects to /login. */
export function ErrorMessage({ error }: { error: ApiError | string | null | undefined }) {
  if (!error) return null;
  if (typeof error !== "string" && error.status === 401) return null;
  return (
    <p className="alert" role="alert">
      {typeof error === "string" ? error : (error.title ?? "出现了意外错误，请刷新页面重试")}
    </p>
  );
}

export function Loading({ label = "加载中…" }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div className="success" role="status">
      {children}
    </div>
  );
}
