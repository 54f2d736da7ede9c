import { Component, lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
import { useLocation, useRoutes, type RouteObject } from "react-router-dom";
import { AppShell } from "./components/AppShell";
import { Loading } from "./components/Status";
import { NotFoundPage } from "./pages/NotFoundPage";

// Every page loads on demand, so a page downloads only what it uses (a ballot opened from a
// QR code never downloads the login form's validation library or the admin pages).
const LoginPage = lazy(() => import("./pages/LoginPage").then((m) => ({ default: m.LoginPage })));
const MessagesPage = lazy(() => import("./messages/MessagesPage").then((m) => ({ default: m.MessagesPage })));
const HomePage = lazy(() => import("./pages/HomePage").then((m) => ({ default: m.HomePage })));
const OrgPage = lazy(() => import("./pages/OrgPage").then((m) => ({ default: m.OrgPage })));
const MembersPage = lazy(() => import("./pages/MembersPage").then((m) => ({ default: m.MembersPage })));
const ImportPage = lazy(() => import("./pages/ImportPage").then((m) => ({ default: m.ImportPage })));

// The forms pages load on demand: filling a form never downloads the builder, and the
// org pages never download the forms engine.
const FillPage = lazy(() => import("./pages/forms/FillPage"));
const BuilderPage = lazy(() => import("./builder/BuilderPage"));
const SubmissionsPage = lazy(() => import("./pages/forms/SubmissionsPage"));
const SubmissionPage = lazy(() => import("./pages/forms/SubmissionPage"));
// Approvals: 待办, 我的申报, the detail page with its dialogs, and editing a returned proposal.
const InboxPage = lazy(() => import("./pages/workflows/InboxPage"));
const MyInstancesPage = lazy(() => import("./pages/workflows/MyInstancesPage"));
const InstancePage = lazy(() => import("./pages/workflows/InstancePage"));
const ResubmitPage = lazy(() => import("./pages/workflows/ResubmitPage"));
// Activities: calendar, the activity page (QR code, summary), check-in scanning, my sign-ups, statistics (charts).
const CalendarPage = lazy(() => import("./pages/activities/CalendarPage"));
const ActivityPage = lazy(() => import("./pages/activities/ActivityPage"));
const CheckinPage = lazy(() => import("./pages/activities/CheckinPage"));
const MyActivitiesPage = lazy(() => import("./pages/activities/MyActivitiesPage"));
const StatsPage = lazy(() => import("./pages/activities/StatsPage"));
// Elections: the list and 新建选举, the console, results, bulletin; the ballot and the projector screen stand
// outside the shell (a voter holding a code has no session; the screen is full-bleed).
const ElectionsPage = lazy(() => import("./pages/elections/ElectionsPage"));
const ElectionConsolePage = lazy(() => import("./pages/elections/ConsolePage"));
const ElectionResultsPage = lazy(() => import("./pages/elections/ResultsPage"));
const ElectionBulletinPage = lazy(() => import("./pages/elections/BulletinPage"));
const VotePage = lazy(() => import("./pages/elections/VotePage"));
const ElectionScreenPage = lazy(() => import("./pages/elections/ScreenPage"));
// Campaigns (十佳案例): the list and 新建评选, the office console, entries, the judges' pages; the 公示/results
// page and the certificates stand outside the shell (no session needed).
const MyCampaignsPage = lazy(() => import("./pages/campaigns/MyCampaignsPage"));
const CampaignsPage = lazy(() => import("./pages/campaigns/CampaignsPage"));
const CampaignPage = lazy(() => import("./pages/campaigns/CampaignPage"));
const EntryFormPage = lazy(() => import("./pages/campaigns/EntryFormPage"));
const EntryPage = lazy(() => import("./pages/campaigns/EntryPage"));
const JudgingPage = lazy(() => import("./pages/campaigns/JudgingPage"));
const ScorePage = lazy(() => import("./pages/campaigns/ScorePage"));
const PublicCampaignPage = lazy(() => import("./pages/campaigns/PublicCampaignPage"));
const CertificatePage = lazy(() => import("./pages/campaigns/CertificatePage"));

/** A page that fails to render (or whose code fails to download) says so instead of blanking the app. */
class PageFailure extends Component<{ children: ReactNode; address: string }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidUpdate(previous: { address: string }) {
    if (previous.address !== this.props.address && this.state.failed) this.setState({ failed: false });
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <p className="alert" role="alert">
        页面出错了，请刷新后重试
      </p>
    );
  }
}

function PageBoundary({ children }: { children: ReactNode }) {
  return <PageFailure address={useLocation().pathname}>{children}</PageFailure>;
}

const page = (Page: LazyExoticComponent<ComponentType>) => (
  <PageBoundary>
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  </PageBoundary>
);

// Declarative routing (BrowserRouter + useRoutes): nothing here loads data through the router,
// and leaving out the data router keeps ~16 KB (gzipped) out of every page.
const routes: RouteObject[] = [
  { path: "/login", element: page(LoginPage) },
  {
    element: <AppShell />,
    children: [
      { path: "/", element: page(HomePage) },
      { path: "/orgs/:orgId", element: page(OrgPage) },
      { path: "/orgs/:orgId/members", element: page(MembersPage) },
      { path: "/orgs/:orgId/members/import", element: page(ImportPage) },
      { path: "/orgs/:orgId/forms/new", element: page(BuilderPage) },
      { path: "/orgs/:orgId/forms/:formId/edit", element: page(BuilderPage) },
      { path: "/orgs/:orgId/forms/:formId/submissions", element: page(SubmissionsPage) },
      { path: "/forms/:formId/fill", element: page(FillPage) },
      { path: "/submissions/:submissionId", element: page(SubmissionPage) },
      { path: "/submissions/:submissionId/edit", element: page(ResubmitPage) },
      { path: "/inbox", element: page(InboxPage) },
      { path: "/messages", element: page(MessagesPage) },
      { path: "/me/instances", element: page(MyInstancesPage) },
      { path: "/instances/:instanceId", element: page(InstancePage) },
      { path: "/orgs/:orgId/calendar", element: page(CalendarPage) },
      { path: "/orgs/:orgId/stats", element: page(StatsPage) },
      { path: "/activities/:activityId", element: page(ActivityPage) },
      { path: "/activities/:activityId/checkin", element: page(CheckinPage) },
      { path: "/me/activities", element: page(MyActivitiesPage) },
      { path: "/orgs/:orgId/elections", element: page(ElectionsPage) },
      { path: "/elections/:electionId", element: page(ElectionConsolePage) },
      { path: "/elections/:electionId/results", element: page(ElectionResultsPage) },
      { path: "/elections/:electionId/bulletin", element: page(ElectionBulletinPage) },
      { path: "/campaigns", element: page(MyCampaignsPage) },
      { path: "/orgs/:orgId/campaigns", element: page(CampaignsPage) },
      { path: "/campaigns/:campaignId", element: page(CampaignPage) },
      { path: "/campaigns/:campaignId/entries/new", element: page(EntryFormPage) },
      { path: "/campaigns/:campaignId/entries/:entryId", element: page(EntryPage) },
      { path: "/campaigns/:campaignId/entries/:entryId/edit", element: page(EntryFormPage) },
      { path: "/campaigns/:campaignId/judging", element: page(JudgingPage) },
      { path: "/campaigns/:campaignId/judging/:entryId", element: page(ScorePage) },
    ],
  },
  { path: "/elections/:electionId/vote", element: page(VotePage) },
  { path: "/elections/:electionId/screen", element: page(ElectionScreenPage) },
  { path: "/public/campaigns/:campaignId", element: page(PublicCampaignPage) },
  { path: "/public/campaigns/:campaignId/certificates/:entryId", element: page(CertificatePage) },
  { path: "*", element: <NotFoundPage /> },
];

/** The page for the current address. */
export function AppRoutes() {
  return useRoutes(routes);
}
