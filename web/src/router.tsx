import { createBrowserRouter } from "react-router-dom";
import { AppShell } from "./components/AppShell";
import { HomePage } from "./pages/HomePage";
import { ImportPage } from "./pages/ImportPage";
import { LoginPage } from "./pages/LoginPage";
import { MembersPage } from "./pages/MembersPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OrgPage } from "./pages/OrgPage";

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  {
    element: <AppShell />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/orgs/:orgId", element: <OrgPage /> },
      { path: "/orgs/:orgId/members", element: <MembersPage /> },
      { path: "/orgs/:orgId/members/import", element: <ImportPage /> },
    ],
  },
  { path: "*", element: <NotFoundPage /> },
]);
