import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router-dom";
import { setUnauthorizedHandler } from "./api";
import { router } from "./router";
import "./styles.css";

// Any 401 from the API (missing or expired session): back to the login page, then back here.
setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  if (pathname === "/login") return;
  const here = pathname + search;
  void router.navigate(here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`, { replace: true });
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
