/**
 * What an approval is about, recorded on the instance when it starts (`subject.approvalKind`),
 * so acting on it never reads around to find out what else the approval must write. The
 * outcome table (`outcomes.ts`) says what each kind writes.
 */
export const APPROVAL_KINDS = ["activity_proposal", "nomination", "campaign_entry", "form"] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** What decides the kind: the submitted form's ties (read once, at submission) and its definition. */
export interface KindClues {
  /** The form is an election's 候选人提名表. */
  electionId?: string;
  /** The form is a campaign's entry form (十佳案例申报表). */
  campaignId?: string;
  /** The form's definition is an activity proposal (活动申报表). */
  activityProposal: boolean;
}

/**
 * @example approvalKindOf({ activityProposal: true }) // "activity_proposal"
 */
export function approvalKindOf(clues: KindClues): ApprovalKind {
  if (clues.electionId) return "nomination";
  if (clues.campaignId) return "campaign_entry";
  if (clues.activityProposal) return "activity_proposal";
  return "form";
}
