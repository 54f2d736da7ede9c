import { Component, lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
import { useLocation, useRoutes, type RouteObject } from "react-router-dom";
import { AppShell } from "./components/AppShell";
import { Loading } from "./components/Status";
import { NotFoundPage } from "./components/NotFoundPage";

/**
 * A page that reads server state through TanStack Query: its code and the query library
 * (`lib/query.tsx`) download together. The pages people open from a QR code or a link on a
 * phone (login, ballot, form filling, the public 公示 page) stay plain `lazy` and never load it.
 */
function queryPage(load: () => Promise<{ default: ComponentType }>): LazyExoticComponent<ComponentType> {
  return lazy(() => Promise.all([load(), import("./lib/query")]).then(([page, query]) => ({ default: query.withQueries(page.default) })));
}

// Every page loads on demand, so a page downloads only what it uses (a ballot opened from a
// QR code never downloads the login form's validation library or the admin pages).
const LoginPage = lazy(() => import("./auth/pages/LoginPage").then((m) => ({ default: m.LoginPage })));
const InvitePage = lazy(() => import("./auth/pages/InvitePage").then((m) => ({ default: m.InvitePage })));
// 我的账户: 修改密码 (with zxcvbn-ts's meter, loaded as the new password is typed) and 退出所有设备.
const AccountPage = lazy(() => import("./auth/pages/AccountPage"));
const MessagesPage = queryPage(() => import("./messages/MessagesPage").then((m) => ({ default: m.MessagesPage })));
// 首页 by role (待办, 待评分, my activities, elections, drafts, office figures; web/src/home).
const HomePage = queryPage(() => import("./home/HomePage").then((m) => ({ default: m.HomePage })));
const OrgPage = queryPage(() => import("./orgs/pages/OrgPage").then((m) => ({ default: m.OrgPage })));
const MembersPage = queryPage(() => import("./members/pages/MembersPage").then((m) => ({ default: m.MembersPage })));
const ImportPage = queryPage(() => import("./members/pages/ImportPage").then((m) => ({ default: m.ImportPage })));

// The forms pages load on demand: filling a form never downloads the builder, and the
// org pages never download the forms engine.
const FillPage = lazy(() => import("./forms/pages/FillPage"));
const MyDataPage = lazy(() => import("./privacy/MyDataPage"));
const AccessLogPage = lazy(() => import("./privacy/AccessLogPage"));
const BuilderPage = queryPage(() => import("./builder/BuilderPage"));
const SubmissionsPage = queryPage(() => import("./forms/pages/SubmissionsPage"));
const SubmissionPage = queryPage(() => import("./forms/pages/SubmissionPage"));
// Approvals: 待办, 我的申报, the detail page with its dialogs, and editing a returned proposal.
const InboxPage = queryPage(() => import("./workflows/pages/InboxPage"));
const MyInstancesPage = queryPage(() => import("./workflows/pages/MyInstancesPage"));
const InstancePage = queryPage(() => import("./workflows/pages/InstancePage"));
const ResubmitPage = queryPage(() => import("./workflows/pages/ResubmitPage"));
const SheetPage = queryPage(() => import("./workflows/pages/SheetPage"));
// Activities: calendar, the activity page (QR code, summary), check-in scanning, my sign-ups, statistics (charts).
const CalendarPage = queryPage(() => import("./activities/pages/CalendarPage"));
const ActivityPage = queryPage(() => import("./activities/pages/ActivityPage"));
const CheckinPage = queryPage(() => import("./activities/pages/CheckinPage"));
const MyActivitiesPage = queryPage(() => import("./activities/pages/MyActivitiesPage"));
const StatsPage = queryPage(() => import("./activities/pages/StatsPage"));
// Elections: the list and 新建选举, the console, results, bulletin; the ballot and the projector screen stand
// outside the shell (a voter holding a code has no session; the screen is full-bleed).
const ElectionsPage = queryPage(() => import("./elections/pages/ElectionsPage"));
const ElectionConsolePage = queryPage(() => import("./elections/pages/ConsolePage"));
const ElectionResultsPage = queryPage(() => import("./elections/pages/ResultsPage"));
const ElectionBulletinPage = queryPage(() => import("./elections/pages/BulletinPage"));
const PaperEntryPage = queryPage(() => import("./elections/pages/PaperEntryPage"));
const PaperReviewPage = queryPage(() => import("./elections/pages/PaperReviewPage"));
const VotePage = lazy(() => import("./elections/pages/VotePage"));
const ElectionScreenPage = queryPage(() => import("./elections/pages/ScreenPage"));
// Campaigns (十佳案例): the list and 新建评选, the office console, entries, the judges' pages; the 公示/results
// page and the certificates stand outside the shell (no session needed).
const MyCampaignsPage = queryPage(() => import("./campaigns/pages/MyCampaignsPage"));
const CampaignsPage = queryPage(() => import("./campaigns/pages/CampaignsPage"));
const CampaignPage = queryPage(() => import("./campaigns/pages/CampaignPage"));
const EntryFormPage = queryPage(() => import("./campaigns/pages/EntryFormPage"));
const EntryPage = queryPage(() => import("./campaigns/pages/EntryPage"));
const JudgingPage = queryPage(() => import("./campaigns/pages/JudgingPage"));
const ScorePage = queryPage(() => import("./campaigns/pages/ScorePage"));
const PublicCampaignPage = lazy(() => import("./campaigns/pages/PublicCampaignPage"));

const CertificatePage = lazy(() => import("./campaigns/pages/CertificatePage"));
const PublicVotePage = lazy(() => import("./campaigns/pages/PublicVotePage"));
const PublicFillPage = lazy(() => import("./forms/public/PublicFillPage"));
const PublicReceiptPage = lazy(() => import("./forms/public/PublicReceiptPage"));
const PublicLinkPage = lazy(() => import("./forms/public/PublicLinkPage"));
const WorkingDaysPage = lazy(() => import("./calendar/WorkingDaysPage"));


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
  { path: "/invite", element: page(InvitePage) },
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
      { path: "/orgs/:orgId/forms/:formId/public-link", element: page(PublicLinkPage) },
      { path: "/forms/:formId/fill", element: page(FillPage) },
      { path: "/submissions/:submissionId", element: page(SubmissionPage) },
      { path: "/submissions/:submissionId/edit", element: page(ResubmitPage) },
      { path: "/inbox", element: page(InboxPage) },
      { path: "/messages", element: page(MessagesPage) },
      { path: "/me/instances", element: page(MyInstancesPage) },
      { path: "/instances/:instanceId", element: page(InstancePage) },
      { path: "/instances/:instanceId/sheet", element: page(SheetPage) },
      { path: "/orgs/:orgId/calendar", element: page(CalendarPage) },
      { path: "/orgs/:orgId/stats", element: page(StatsPage) },
      { path: "/activities/:activityId", element: page(ActivityPage) },
      { path: "/activities/:activityId/checkin", element: page(CheckinPage) },
      { path: "/me/activities", element: page(MyActivitiesPage) },
      { path: "/me/account", element: page(AccountPage) },
      { path: "/me/personal-data", element: page(MyDataPage) },
      { path: "/orgs/:orgId/personal-data/access-log", element: page(AccessLogPage) },
      { path: "/orgs/:orgId/elections", element: page(ElectionsPage) },
      { path: "/elections/:electionId", element: page(ElectionConsolePage) },
      { path: "/elections/:electionId/results", element: page(ElectionResultsPage) },
      { path: "/elections/:electionId/bulletin", element: page(ElectionBulletinPage) },
      { path: "/elections/:electionId/paper-entry", element: page(PaperEntryPage) },
      { path: "/elections/:electionId/paper-review", element: page(PaperReviewPage) },
      { path: "/campaigns", element: page(MyCampaignsPage) },
      { path: "/working-days", element: page(WorkingDaysPage) },
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
  { path: "/public/campaigns/:campaignId/vote", element: page(PublicVotePage) },
  { path: "/f/:linkId", element: page(PublicFillPage) },
  { path: "/f/r/:token", element: page(PublicReceiptPage) },
  { path: "*", element: <NotFoundPage /> },
];

/** The page for the current address. */
export function AppRoutes() {
  return useRoutes(routes);
}
