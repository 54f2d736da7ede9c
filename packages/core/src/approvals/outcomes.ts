import { activityForApproval, openingItems } from "../activities/activities";
import type { TransactItem } from "../db/transactions";
import { nominationItems } from "../elections/nominations";
import { submissionStatusItem, type Submission } from "../forms/submission-store";
import type { Instance } from "../workflows/instances";
import type { ApprovalKind } from "./kinds";

/**
 * What an approval writes besides itself, in its own transaction. Every kind: the submission
 * takes the approval's new status at each status change (unless that same transaction writes the
 * submission: at the start, and on a resubmission with revised answers). On approval, the table
 * below adds what that kind of subject does.
 */
export interface OutcomeContext {
  instance: Instance;
  /** The submission as this same transaction writes it (an approval finishing at its start); else it is read. */
  written?: Submission;
}

export interface ApprovalOutcome {
  /** The kind's name in the UI. */
  label: string;
  /** What an approved subject of this kind also writes. */
  approved(context: OutcomeContext): Promise<TransactItem[]>;
}

const nothingMore = async (): Promise<TransactItem[]> => [];

/** The one table: the kind an instance recorded at its start → what its approval also writes. */
export const APPROVAL_OUTCOMES: Record<ApprovalKind, ApprovalOutcome> = {
  /** 活动申报: the activity opens for sign-up, listed in the calendar of every org up the tree. */
  activity_proposal: {
    label: "活动申报",
    async approved({ instance, written }) {
      const activity = await activityForApproval(instance, written);
      return activity ? openingItems(activity) : [];
    },
  },
  /** 候选人提名: the nominee becomes a candidate (an audited election change), or the refusal and its reason are recorded. */
  nomination: { label: "候选人提名", approved: ({ instance, written }) => nominationItems(instance, written) },
  /** 十佳案例申报: passing 形式审查 is the submission's status; the campaign reads approved entries. */
  campaign_entry: { label: "评选申报", approved: nothingMore },
  /** Any other form with a chain: the status is all. */
  form: { label: "表单审批", approved: nothingMore },
};

/** The writes a status change of `instance` adds to its transaction (`written`: see OutcomeContext). */
export async function outcomeWrites(instance: Instance, kind: ApprovalKind, written?: Submission): Promise<TransactItem[]> {
  const items = written ? [] : [submissionStatusItem(instance.subject, instance.state.status, instance.updatedAt)];
  if (instance.state.status === "approved") items.push(...(await APPROVAL_OUTCOMES[kind].approved({ instance, written })));
  return items;
}
