import type { ApiRouter } from "./compose";

/**
 * The API's routers, one module per domain, each loaded only when first needed: the Lambda
 * (lazy-app.ts) reads a module when a request may be its, the whole app (app.ts) reads them all.
 */
export interface RouteModule {
  /**
   * The paths under /api the module serves, as hints for what to load: `*` is one segment,
   * a final `**` any rest. The routes the module registers decide what it answers; a path
   * no hint covers is still answered, by the whole app.
   */
  paths: string[];
  load(): Promise<ApiRouter>;
}

/** A table of route modules: what one Lambda function serves (lazy-app.ts). */
export type RouteTable = Record<string, RouteModule>;

/** The API function's modules, mounted in this order (the first module with a matching route answers, as in one app). */
export const ROUTE_MODULES = {
  health: { paths: ["/health"], load: async () => (await import("./routes/health")).healthRoutes },
  smsAuth: { paths: ["/auth/sms-code", "/auth/login/sms", "/auth/password/reset", "/auth/invitation", "/auth/invitation/accept"], load: async () => (await import("./routes/sms-auth")).smsAuthRoutes },
  auth: { paths: ["/auth/**"], load: async () => (await import("./routes/auth")).authRoutes },
  me: { paths: ["/me"], load: async () => (await import("./routes/me")).meRoutes },
  display: { paths: ["/me/display"], load: async () => (await import("./routes/display")).displayRoutes },
  orgs: { paths: ["/orgs", "/orgs/*"], load: async () => (await import("./routes/orgs")).orgRoutes },
  members: { paths: ["/orgs/*/members/**"], load: async () => (await import("./routes/members")).memberRoutes },
  publicForms: {
    paths: ["/orgs/*/forms/*/public-link", "/public/forms/**", "/public/receipts/**"],
    load: async () => (await import("./routes/public-forms")).publicFormRoutes,
  },
  forms: { paths: ["/forms/*", "/orgs/*/forms", "/orgs/*/forms/*"], load: async () => (await import("./routes/forms")).formRoutes },
  submissions: {
    paths: ["/forms/*/submissions/**", "/forms/*/workflow/route", "/orgs/*/forms/*/submissions/**", "/submissions/**", "/me/submissions"],
    load: async () => (await import("./routes/submissions")).submissionRoutes,
  },
  uploads: { paths: ["/uploads/**"], load: async () => (await import("./routes/uploads")).uploadRoutes },
  proposals: { paths: ["/orgs/*/activities"], load: async () => (await import("./routes/proposals")).proposalRoutes },
  workflows: {
    paths: ["/inbox/**", "/instances/**", "/me/instances", "/orgs/*/workflows/**", "/orgs/*/forms/*/workflow"],
    load: async () => (await import("./routes/workflows")).workflowRoutes,
  },
  activities: {
    paths: ["/activities/**", "/me/activities", "/orgs/*/activities", "/orgs/*/calendar"],
    load: async () => (await import("./routes/activities")).activityRoutes,
  },
  electionPaper: {
    paths: ["/elections/*/tellers", "/elections/*/paper-ballots", "/elections/*/paper-ballots/*"],
    load: async () => (await import("./routes/election-paper")).electionPaperRoutes,
  },
  electionProxies: {
    paths: ["/elections/*/proxies"],
    load: async () => (await import("./routes/election-proxies")).electionProxyRoutes,
  },
  electionCrypto: {
    paths: ["/elections/*/encryption", "/elections/*/encryption/fallback", "/elections/*/ceremony", "/elections/*/ceremony/*", "/elections/*/decryption", "/elections/*/record"],
    load: async () => (await import("./routes/election-crypto")).electionCryptoRoutes,
  },
  elections: { paths: ["/elections/**", "/orgs/*/elections/**"], load: async () => (await import("./routes/elections")).electionRoutes },
  messages: { paths: ["/messages", "/messages/*", "/instances/*/nudge"], load: async () => (await import("./routes/messages")).messageRoutes },
  workingDays: { paths: ["/working-days/**"], load: async () => (await import("./routes/calendar")).calendarRoutes },
  campaignVotes: {
    paths: ["/campaigns/*/public-vote", "/campaigns/*/public-vote/**", "/public/campaigns/*/vote", "/public/campaigns/*/vote/**", "/public/campaigns/*/votes"],
    load: async () => (await import("./routes/campaign-votes")).campaignVoteRoutes,
  },
  campaigns: {
    paths: ["/campaigns/**", "/orgs/*/campaigns", "/orgs/*/objections", "/public/campaigns/**"],
    load: async () => (await import("./routes/campaigns")).campaignRoutes,
  },
} satisfies Record<string, RouteModule>;

export type RouteModuleName = keyof typeof ROUTE_MODULES;

/** Whether a path (under /api, without the prefix) is covered by a hint. */
export function coveredBy(hint: string, path: string): boolean {
  const want = hint.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  for (const [index, segment] of want.entries()) {
    if (segment === "**" && index === want.length - 1) return true;
    if (index >= have.length || (segment !== "*" && segment !== have[index])) return false;
  }
  return want.length === have.length;
}

/** The modules of a table that may serve a path under /api, in mount order. */
export function candidateModules(path: string, table: RouteTable = ROUTE_MODULES): string[] {
  return Object.keys(table).filter((name) => table[name]!.paths.some((hint) => coveredBy(hint, path)));
}

/** Every router of a table, in mount order. */
export function loadRouters(table: RouteTable): Promise<ApiRouter[]> {
  return Promise.all(Object.values(table).map((module) => module.load()));
}
