/**
 * The one domain error type. Codes are dotted (`election.closed`); each maps to one
 * HTTP status in `STATUS_BY_CODE`, so the transport never guesses.
 */
export type FieldErrors = Record<string, string[]>;

const STATUS_BY_CODE = {
  "validation.failed": 422,
  "request.malformed": 400,
  "request.invalid_cursor": 400,
  "request.too_large": 413,
  "request.unsupported_media_type": 415,
  "auth.required": 401,
  "auth.invalid_credentials": 401,
  "auth.throttled": 429,
  "auth.locked": 429,
  "auth.code_invalid": 401,
  "auth.invitation_invalid": 401,
  "access.denied": 403,
  "request.cross_site": 403,
  "org.not_found": 404,
  "org.parent_required": 422,
  "member.not_found": 404,
  "member.import_invalid": 422,
  "account.login_taken": 409,
  "account.not_found": 404,
  "route.not_found": 404,
  "form.not_found": 404,
  "form.invalid_definition": 422,
  "form.not_published": 409,
  "form.version_outdated": 409,
  "submission.not_found": 404,
  "submission.not_editable": 409,
  "upload.not_found": 404,
  "workflow.not_found": 404,
  "workflow.invalid_action": 409,
  "workflow.not_assignee": 403,
  "workflow.conflict": 409,
  "workflow.subject_busy": 409,
  "instance.not_found": 404,
  "instance.nudged_today": 429,
  "activity.not_found": 404,
  "activity.closed": 409,
  "activity.cancelled": 409,
  "activity.not_started": 409,
  "activity.summary_exists": 409,
  "signup.exists": 409,
  "signup.not_found": 404,
  "signup.checked_in": 409,
  "checkin.token_invalid": 404,
  "checkin.duplicate": 409,
  "upload.rejected": 422,
  "upload.tampered": 409,
  "conflict.stale": 409,
  "idempotency.key_reused": 422,
  "idempotency.in_progress": 409,
  "service.unavailable": 503,
  "internal.error": 500,
  "election.not_found": 404,
  "election.invalid_state": 409,
  "election.candidates_incomplete": 422,
  "election.not_open": 409,
  "election.closed": 409,
  "election.already_voted": 409,
  "election.not_on_roll": 403,
  "election.not_checked_in": 409,
  "election.no_quorum": 409,
  "election.scrutineers_required": 409,
  "election.not_scrutineer": 403,
  "election.already_certified": 409,
  "election.not_certified": 409,
  "election.not_published": 409,
  "election.integrity_violation": 409,
  "election.code_invalid": 403,
  "election.code_throttled": 429,
  "election.card_not_bound": 403,
  "election.card_taken": 409,
  "election.codes_exist": 409,
  "election.took_paper": 409,
  "election.not_teller": 403,
  "election.proxy_refused": 409,
  "election.proxy_given": 409,
  "election.paper_side_taken": 409,
  "election.paper_entry_closed": 409,
  "election.paper_entry_open": 409,
  "election.paper_entry_incomplete": 409,
  "election.paper_already_resolved": 409,
  "election.no_discrepancy": 409,
  "election.no_runoff_needed": 409,
  "election.ceremony_incomplete": 409,
  "election.ceremony_posted": 409,
  "election.not_trustee": 403,
  "election.ballot_proof_invalid": 422,
  "election.ballot_duplicate": 409,
  "election.decryption_pending": 409,
  "election.decryption_posted": 409,
  "election.decryption_invalid": 422,
  "campaign.not_found": 404,
  "campaign.entry_not_found": 404,
  "campaign.objection_not_found": 404,
  "campaign.invalid_state": 409,
  "campaign.window_closed": 409,
  "campaign.review_pending": 409,
  "campaign.not_enough_judges": 409,
  "campaign.conflict": 409,
  "campaign.score_submitted": 409,
  "campaign.score_first": 403,
  "campaign.not_assigned": 403,
  "campaign.use_entry_route": 409,
  "campaign.notice_running": 409,
  "campaign.objections_open": 409,
  "campaign.objection_resolved": 409,
  "campaign.vote_closed": 409,
  "campaign.vote_limit": 429,
  "campaign.vote_duplicate": 409,
  "campaign.voter_unverified": 401,
  "public_form.not_found": 404,
  "public_form.closed": 409,
  "public_form.quota_full": 409,
  "public_form.option_full": 409,
  "public_form.phone_limit": 409,
  "public_form.rate_limited": 429,
  "public_form.unverified": 401,
  "public_form.unsupported": 409,
  "public_form.not_withdrawable": 409,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export interface AppErrorOptions {
  /** Field path → reasons, for validation problems. */
  fields?: FieldErrors;
  /** Extra machine-readable detail (e.g. row errors of an import, the current state on a conflict). */
  details?: Record<string, unknown>;
  /** Seconds the client should wait before retrying (429, 503). */
  retryAfter?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: FieldErrors;
  readonly details?: Record<string, unknown>;
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.fields = options.fields;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

/**
 * Field errors from a zod error, keyed by dotted path (`rows.2.phone`); an issue at the root is keyed `""`.
 * @example fieldErrorsFromZod(result.error) // { phone: ["请输入正确的手机号"] }
 */
export function fieldErrorsFromIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
