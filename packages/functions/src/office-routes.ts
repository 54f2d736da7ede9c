/**
 * The API's routes served by the office function, not the API function: every request that
 * reads or writes an office file (XLSX, CSV, Word, PDF) and the OpenAPI document. They carry the
 * heavy libraries (docx, write-excel-file, read-excel-file, papaparse, pdfkit with its CJK font), which the API function's
 * bundle must not (its budget: bench/lambda.ts). The stack (stacks/Api.ts) routes exactly these
 * to the office function (API Gateway picks the most specific route over `ANY /api/{proxy+}`),
 * and the office function's route table (office-modules.ts) serves them. A route is matched by its
 * method and path only: a query (`?format=xlsx`) cannot pick a function, so such a route moves whole.
 */
export const OFFICE_ROUTES = {
  activityStats: ["GET /orgs/{orgId}/stats"],
  electionResults: ["GET /elections/{electionId}/results"],
  electionDocuments: ["GET /elections/{electionId}/report", "GET /elections/{electionId}/filing"],
  campaignScores: ["GET /campaigns/{campaignId}/scores.xlsx"],
  approvalSheet: ["GET /instances/{instanceId}/sheet.pdf"],
  campaignCertificates: ["GET /campaigns/{campaignId}/certificates.pdf"],
  submissionTable: ["GET /orgs/{orgId}/forms/{formId}/submissions"],
  rosterImport: ["POST /orgs/{orgId}/members/import", "POST /orgs/{orgId}/members/import/preview"],
  personalData: ["GET /me/personal-data", "GET /orgs/{orgId}/personal-data/access-log"],
  openapi: ["GET /openapi.json"],
} as const;

/** `GET /api/orgs/{orgId}/stats`…: the API Gateway route keys the stack gives the office function. */
export const officeRouteKeys = (): string[] => Object.values(OFFICE_ROUTES).flatMap((routes) => routes.map((route) => route.replace(" /", " /api/")));

/** Whether API Gateway sends a request (its method, and its path with /api) to the office function. */
export function servedByOffice(method: string, path: string): boolean {
  const segments = path.split("/").filter(Boolean);
  return officeRouteKeys().some((key) => {
    const [routeMethod, pattern] = key.split(" ") as [string, string];
    const want = pattern.split("/").filter(Boolean);
    return routeMethod === method && want.length === segments.length && want.every((segment, i) => segment.startsWith("{") || segment === segments[i]);
  });
}
