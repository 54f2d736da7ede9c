import { OFFICE_ROUTES } from "./office-routes";
import type { RouteTable } from "./route-modules";

/** The path hints for API Gateway route keys: each `{param}` becomes a `*` segment. */
const hintsOf = (routes: readonly string[]) => routes.map((route) => route.split(" ")[1]!.replace(/\{[^}]+\}/g, "*"));

/**
 * The office function's modules (office-routes.ts): the routes that read or write XLSX, CSV,
 * Word or PDF, which API Gateway sends to that function. Its whole app (app.ts) also serves the OpenAPI document.
 */
export const OFFICE_MODULES = {
  activityStats: { paths: hintsOf(OFFICE_ROUTES.activityStats), load: async () => (await import("./routes/activity-stats")).activityStatsRoutes },
  electionResults: { paths: hintsOf(OFFICE_ROUTES.electionResults), load: async () => (await import("./routes/election-results")).electionResultRoutes },
  electionDocuments: { paths: hintsOf(OFFICE_ROUTES.electionDocuments), load: async () => (await import("./routes/election-documents")).electionDocumentRoutes },
  campaignScores: { paths: hintsOf(OFFICE_ROUTES.campaignScores), load: async () => (await import("./routes/campaign-scores")).campaignScoreRoutes },
  approvalSheet: { paths: hintsOf(OFFICE_ROUTES.approvalSheet), load: async () => (await import("./routes/approval-sheet")).approvalSheetRoutes },
  campaignCertificates: { paths: hintsOf(OFFICE_ROUTES.campaignCertificates), load: async () => (await import("./routes/campaign-certificates")).campaignCertificateRoutes },
  submissionTable: { paths: hintsOf(OFFICE_ROUTES.submissionTable), load: async () => (await import("./routes/submission-table")).submissionTableRoutes },
  personalData: { paths: hintsOf(OFFICE_ROUTES.personalData), load: async () => (await import("./routes/privacy")).privacyRoutes },
  rosterImport: { paths: hintsOf(OFFICE_ROUTES.rosterImport), load: async () => (await import("./routes/roster-import")).rosterImportRoutes },
} satisfies RouteTable;

