import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { createBrowserRouter } from "react-router-dom";
import { AppShell } from "./components/AppShell";
import { Loading } from "./components/Status";
import { HomePage } from "./pages/HomePage";
import { ImportPage } from "./pages/ImportPage";
import { LoginPage } from "./pages/LoginPage";
import { MembersPage } from "./pages/MembersPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OrgPage } from "./pages/OrgPage";

// The forms pages load on demand: filling a form never downloads the builder, and the
// org pages never download the forms engine.
const FillPage = lazy(() => import("./pages/forms/FillPage"));
const BuilderPage = lazy(() => import("./builder/BuilderPage"));
const SubmissionsPage = lazy(() => import("./pages/forms/SubmissionsPage"));
const SubmissionPage = lazy(() => import("./pages/forms/SubmissionPage"));

const page = (Page: LazyExoticComponent<ComponentType>) => (
  <Suspense fallback={<Loading />}>
    <Page />
  </Suspense>
);

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  {
    element: <AppShell />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/orgs/:orgId", element: <OrgPage /> },
      { path: "/orgs/:orgId/members", element: <MembersPage /> },
      { path: "/orgs/:orgId/members/import", element: <ImportPage /> },
      { path: "/orgs/:orgId/forms/new", element: page(BuilderPage) },
      { path: "/orgs/:orgId/forms/:formId/edit", element: page(BuilderPage) },
      { path: "/orgs/:orgId/forms/:formId/submissions", element: page(SubmissionsPage) },
      { path: "/forms/:formId/fill", element: page(FillPage) },
      { path: "/submissions/:submissionId", element: page(SubmissionPage) },
    ],
  },
  { path: "*", element: <NotFoundPage /> },
]);
