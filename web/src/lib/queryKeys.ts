/**
 * Query keys, one factory per domain. A mutation invalidates the prefix of what it changed
 * (`keys.inbox.all` after an approval action refreshes the list and the badge together).
 */
export const keys = {
  /** 首页: each card's read (the 待办 card sits under `inbox` so approvals refresh it). */
  home: {
    todo: ["inbox", "home"] as const,
    scoring: ["home", "scoring"] as const,
    upcoming: ["home", "upcoming"] as const,
    elections: ["home", "elections"] as const,
    drafts: ["home", "drafts"] as const,
    figures: ["home", "figures"] as const,
    proposalForm: (orgId: string) => ["home", "proposal-form", orgId] as const,
  },
  orgs: {
    roots: ["orgs", "roots"] as const,
    one: (orgId: string) => ["orgs", orgId] as const,
    members: (orgId: string) => ["orgs", orgId, "members"] as const,
    memberChoices: (orgId: string) => ["orgs", orgId, "members", "choices"] as const,
  },
  forms: {
    ofOrg: (orgId: string) => ["forms", "org", orgId] as const,
    one: (orgId: string, formId: string) => ["forms", "org", orgId, formId] as const,
    submissions: (formId: string) => ["forms", formId, "submissions"] as const,
    submission: (submissionId: string) => ["submissions", submissionId] as const,
  },
  inbox: {
    all: ["inbox"] as const,
    list: ["inbox", "list"] as const,
    count: ["inbox", "count"] as const,
    delegation: ["inbox", "delegation"] as const,
  },
  instances: {
    mine: ["instances", "mine"] as const,
    one: (instanceId: string) => ["instances", instanceId] as const,
    /** The detail page: the approval with the proposal and its form. */
    withProposal: (instanceId: string) => ["instances", instanceId, "with-proposal"] as const,
  },
  activities: {
    calendar: (orgId: string, month: string) => ["activities", "calendar", orgId, month] as const,
    one: (activityId: string) => ["activities", activityId] as const,
    signups: (activityId: string) => ["activities", activityId, "signups"] as const,
    mine: ["activities", "mine"] as const,
    stats: (orgId: string, year: string) => ["activities", "stats", orgId, year] as const,
  },
  elections: {
    ofOrg: (orgId: string) => ["elections", "org", orgId] as const,
    one: (electionId: string) => ["elections", electionId] as const,
    results: (electionId: string) => ["elections", electionId, "results"] as const,
    bulletin: (electionId: string) => ["elections", electionId, "bulletin"] as const,
    roll: (electionId: string) => ["elections", electionId, "roll"] as const,
    paper: (electionId: string) => ["elections", electionId, "paper"] as const,
    nominations: (electionId: string) => ["elections", electionId, "nominations"] as const,
    workflows: (orgId: string) => ["elections", "workflows", orgId] as const,
  },
  campaigns: {
    ofOrg: (orgId: string) => ["campaigns", "org", orgId] as const,
    mine: ["campaigns", "mine"] as const,
    one: (campaignId: string) => ["campaigns", campaignId] as const,
    entries: (campaignId: string) => ["campaigns", campaignId, "entries"] as const,
    entry: (campaignId: string, entryId: string) => ["campaigns", campaignId, "entries", entryId] as const,
    ranking: (campaignId: string) => ["campaigns", campaignId, "ranking"] as const,
    objections: (campaignId: string) => ["campaigns", campaignId, "objections"] as const,
    openObjections: (orgIds: string[]) => ["campaigns", "objections", "open", ...orgIds] as const,
    assignments: (campaignId: string) => ["campaigns", campaignId, "assignments"] as const,
    myAssignments: (campaignId: string) => ["campaigns", campaignId, "my-assignments"] as const,
  },
};
