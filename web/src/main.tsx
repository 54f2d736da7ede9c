import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, useLocation, useNavigate } from "react-router-dom";
import { setUnauthorizedHandler } from "./api";
import { restoreElderMode } from "./elder/elderMode";
import { AppRoutes } from "./router";
import "./styles.css";
import "./a11y.css";
import "./elder.css";

// 长辈版 as this device remembers it, before the first paint.
restoreElderMode();

/** Any 401 from the API (missing or expired session): back to the login page, then back here. */
function SignInWhenUnauthorized() {
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (pathname === "/login") return;
      const here = pathname + search;
      void navigate(here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
  }, [navigate, pathname, search]);
  return null;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter>
      <SignInWhenUnauthorized />
      <AppRoutes />
    </BrowserRouter>
  </StrictMode>,
);
