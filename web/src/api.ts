import type { ErrorCode } from "@tongxin/core/errors";
import type { OrgKind } from "@tongxin/core/orgs/kinds";
import type { Role } from "@tongxin/core/access/roles";
import type { STRATA } from "@tongxin/core/members/profile";
import type { FormDefinition } from "@tongxin/core/forms";
import type { ActionInput, BatchOutcome, Delegation, HandoverOutcome, InboxCount, InboxTask, Instance, InstanceView, RoutePreview } from "./workflows/types";
import type { Submission, SubmissionStatus } from "./forms/submission";

/** The same-origin JSON API under /api. Errors arrive as `application/problem+json`. */

export type FieldErrors = Record<string, string[]>;

export interface RowError {
  row: number;
  column: string;
  message: string;
}

/**
 * What a failure is called: the server's own codes (`errors.ts`, so renaming one there breaks
 * the build here), plus the few the browser itself gives (no connection, an unexpected answer).
 */
export type ApiErrorCode = ErrorCode | "network.error" | "client.error" | "upload.failed" | "unknown";

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly title: string;
  readonly errors: FieldErrors;
  readonly rows: RowError[];
  /** Seconds to wait before trying again (the `Retry-After` of a 429), when the server said. */
  readonly retryAfter?: number;
  /** The whole problem document (extra members such as the counts of `election.codes_exist`). */
  readonly problem: Record<string, unknown>;

  constructor(status: number, code: ApiErrorCode, title: string, extra: { errors?: FieldErrors; rows?: RowError[]; retryAfter?: number; problem?: Record<string, unknown> } = {}) {
    super(title);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = extra.errors ?? {};
    this.rows = extra.rows ?? [];
    this.retryAfter = extra.retryAfter;
    this.problem = extra.problem ?? {};
  }
}

export interface Account {
  accountId: string;
  name: string;
  platformAdmin: boolean;
  /** 长辈版 as chosen for the account (GET /me only); absent until chosen. */
  elderMode?: boolean;
}
export interface Membership {
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  /** The org's ancestors, root first. */
  orgPath?: string[];
  roles: Role[];
}
export interface Me {
  account: Account;
  memberships: Membership[];
}
export interface Org {
  orgId: string;
  name: string;
  kind: OrgKind;
  parentId: string | null;
  path: string[];
  createdAt: string;
}
export interface OrgDetail {
  org: Org;
  ancestors: Array<Pick<Org, "orgId" | "name" | "kind">>;
  children: Org[];
  myRoles: Role[];
}
export type Stratum = (typeof STRATA)[number];
export interface Member {
  orgId: string;
  accountId: string;
  name: string;
  phone: string;
  email?: string;
  unit?: string;
  title?: string;
  stratum?: Stratum;
  roles: Role[];
  joinedAt: string;
  updatedAt: string;
  /** 身份证号, masked unless revealed. */
  idNumber?: string;
  /** Fields shown masked (脱敏); 查看完整 reveals them. */
  masked?: string[];
}

/** 我的个人信息: everything held about the signed-in person (GET /me/personal-data). */
export interface MyData {
  account: { name: string; phone?: string; email?: string; createdAt: string };
  memberships: Array<{ orgId: string; orgName: string; roles: string[]; unit?: string; title?: string; stratum?: string; idNumber?: string; joinedAt?: string }>;
  submissions: Array<{ submissionId: string; formTitle: string; status: string; submittedAt?: string; data: Record<string, unknown> }>;
  kept: string;
}

/** One line of 个人信息访问记录. */
export interface AccessEntry {
  orgId: string;
  seq: number;
  at: string;
  action: "reveal" | "export";
  actorName: string;
  whose: string;
  fields: string[];
  rows: number;
  reason?: RevealReason;
  masked?: boolean;
}

/** Why a full value is asked for (查看完整): the server's short list. */
export const REVEAL_REASONS = {
  verify_identity: "核实身份（如候选人、会员资格审查）",
  contact: "联系本人",
  handle_business: "办理本人申请的业务",
  legal_request: "依法配合有关部门",
} as const;
export type RevealReason = keyof typeof REVEAL_REASONS;
export interface NewMember {
  name: string;
  phone: string;
  email?: string;
  unit?: string;
  title?: string;
  stratum?: Stratum;
  roles: Role[];
}
export interface ImportResult {
  created: number;
  updated: number;
  total: number;
}
export interface ImportPreviewRow {
  row: number;
  name: string;
  phone: string;
}
/** What an import would do: nothing is written until the admin confirms. */
export interface ImportPreview {
  add: ImportPreviewRow[];
  update: Array<ImportPreviewRow & { accountId: string }>;
  errors: RowError[];
}

export interface Form {
  formId: string;
  orgId: string;
  title: string;
  latestVersion: number;
  publishedVersion?: number;
  /** The approval chain its submissions go through. */
  workflowId?: string;
  createdAt: string;
  updatedAt: string;
}
export interface FormVersion {
  formId: string;
  version: number;
  status: "draft" | "published";
  definition: FormDefinition;
  savedAt: string;
  publishedAt?: string;
}
export interface FormDetail {
  form: Form;
  latest?: FormVersion;
  published?: FormVersion;
}
export type { Submission, SubmissionStatus };
/** 个人信息收集告知 of a form that collects personal data (GET /forms/:id). */
export interface PrivacyNotice {
  text: string;
  version: string;
  sensitive: boolean;
  fields: Array<{ key: string; label: string; level: "personal" | "sensitive" }>;
}

export interface ConsentGiven {
  noticeVersion: string;
  notice: boolean;
  sensitive?: boolean;
}

export interface SubmissionFilter {
  status?: SubmissionStatus;
  /** YYYY-MM-DD */
  from?: string;
  to?: string;
}
export interface UploadTicket {
  uploadId: string;
  url: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresIn: number;
}

let onUnauthorized: () => void = () => {};

/** What to do when the session is missing or expired (the app sends the user to /login). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /**
   * A 401 is an answer rather than a reason to go to the login screen: the ballot page (a voter
   * holding a code from the QR card has no session) and the public 公示 page.
   */
  quiet?: boolean;
}

async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get("content-type") ?? "";
  if (/json/.test(type)) {
    const problem = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const title = typeof problem.title === "string" ? problem.title : `请求失败（${response.status}）`;
    return new ApiError(response.status, (problem.code as ErrorCode | undefined) ?? "unknown", title, {
      errors: problem.errors as FieldErrors | undefined,
      rows: Array.isArray(problem.rows) ? (problem.rows as RowError[]) : undefined,
      retryAfter: Number(response.headers.get("retry-after")) || undefined,
      problem,
    });
  }
  return new ApiError(response.status, "unknown", `请求失败（${response.status}），请稍后重试`);
}

/** The one call to the API: JSON or FormData in, JSON out, failures as `ApiError`. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { method, headers, body, credentials: "same-origin", signal: options.signal });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "network.error", "无法连接服务器，请检查网络后重试");
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && !options.quiet && path !== "/auth/login") onUnauthorized();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  login: (login: string, password: string) => request<{ account: Account }>("POST", "/auth/login", { body: { login, password } }),
  /** A 6-digit code by SMS; the same answer whether or not the number has an account. 401s here are answers, not a lost session. */
  requestSmsCode: (phone: string, purpose: "login" | "reset") =>
    request<{ retryAfter: number }>("POST", "/auth/sms-code", { body: { phone, purpose }, quiet: true }),
  loginWithSmsCode: (phone: string, code: string) => request<{ account: Account }>("POST", "/auth/login/sms", { body: { phone, code }, quiet: true }),
  resetPassword: (phone: string, code: string, password: string) =>
    request<void>("POST", "/auth/password/reset", { body: { phone, code, password }, quiet: true }),
  /** Whom an invitation link is for (401 when unknown, used or expired). */
  invitation: (token: string) => request<{ name: string }>("POST", "/auth/invitation", { body: { token }, quiet: true }),
  /** Accepts an invitation: the member's own first password; the answer signs them in (cookie). */
  acceptInvitation: (token: string, password: string) => request<{ account: Account }>("POST", "/auth/invitation/accept", { body: { token, password }, quiet: true }),
  logout: () => request<void>("POST", "/auth/logout"),
  /** 修改密码: the answer sets the new session cookie; every other session is over. */
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ account: Account }>("POST", "/auth/password", { body: { currentPassword, newPassword } }),
  /** 退出所有设备: this session too. */
  logoutAll: () => request<void>("POST", "/auth/logout-all"),
  me: (signal?: AbortSignal) => request<Me>("GET", "/me", { signal }),
  /** 长辈版 for the account, on every device it signs in on. */
  setDisplay: (preferences: { elderMode: boolean }) => request<{ elderMode: boolean }>("PUT", "/me/display", { body: preferences }),
  rootOrgs: (signal?: AbortSignal) => request<{ items: Org[] }>("GET", "/orgs", { signal }),
  org: (orgId: string, signal?: AbortSignal) => request<OrgDetail>("GET", `/orgs/${encodeURIComponent(orgId)}`, { signal }),
  createOrg: (input: { name: string; kind: OrgKind; parentId: string }, key: string) =>
    request<Org>("POST", "/orgs", { body: input, headers: { "idempotency-key": key } }),
  members: (orgId: string, cursor?: string, signal?: AbortSignal) => {
    const query = new URLSearchParams({ limit: "50" });
    if (cursor) query.set("cursor", cursor);
    return request<{ items: Member[]; cursor?: string }>("GET", `/orgs/${encodeURIComponent(orgId)}/members?${query}`, { signal });
  },
  addMember: (orgId: string, input: NewMember) => request<Member>("POST", `/orgs/${encodeURIComponent(orgId)}/members`, { body: input }),
  myData: (signal?: AbortSignal) => request<MyData>("GET", "/me/personal-data", { signal }),
  accessLog: (orgId: string, signal?: AbortSignal) =>
    request<{ items: AccessEntry[]; broken: Array<{ orgId: string; reason: string }> }>("GET", `/orgs/${encodeURIComponent(orgId)}/personal-data/access-log`, { signal }),
  revealSubmission: (submissionId: string, reason: RevealReason) =>
    request<Submission>("POST", `/submissions/${encodeURIComponent(submissionId)}/reveal`, { body: { reason } }),
  revealMember: (orgId: string, accountId: string, reason: RevealReason) =>
    request<Member>("POST", `/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(accountId)}/reveal`, { body: { reason } }),
  removeMember: (orgId: string, accountId: string) =>
    request<void>("DELETE", `/orgs/${encodeURIComponent(orgId)}/members/${encodeURIComponent(accountId)}`),
  importRoster: (orgId: string, file: File) => {
    const form = new FormData();
    form.append("file", file);
    return request<ImportResult>("POST", `/orgs/${encodeURIComponent(orgId)}/members/import`, { body: form });
  },
  previewRoster: (orgId: string, file: File) => {
    const form = new FormData();
    form.append("file", file);
    return request<ImportPreview>("POST", `/orgs/${encodeURIComponent(orgId)}/members/import/preview`, { body: form });
  },

  forms: (orgId: string, signal?: AbortSignal) => request<{ items: Form[] }>("GET", `${orgPath(orgId)}/forms`, { signal }),
  orgForm: (orgId: string, formId: string, signal?: AbortSignal) =>
    request<FormDetail>("GET", `${orgPath(orgId)}/forms/${encodeURIComponent(formId)}`, { signal }),
  createForm: (orgId: string, definition: FormDefinition, publish: boolean, key: string) =>
    request<FormDetail>("POST", `${orgPath(orgId)}/forms`, { body: { definition, publish }, headers: { "idempotency-key": key } }),
  saveForm: (orgId: string, formId: string, definition: FormDefinition, publish: boolean, expectedVersion: number) =>
    request<FormDetail>("PUT", `${orgPath(orgId)}/forms/${encodeURIComponent(formId)}`, { body: { definition, publish, expectedVersion } }),
  /** The published version to fill, or a given version (to read an old submission). */
  formToFill: (formId: string, version?: number, signal?: AbortSignal) =>
    request<{ form: Form; version: FormVersion; notice?: PrivacyNotice }>("GET", `/forms/${encodeURIComponent(formId)}${version ? `?version=${version}` : ""}`, { signal }),
  createSubmission: (formId: string, body: { data: Record<string, unknown>; draft: boolean; version?: number; unitId?: string; consent?: ConsentGiven }, key: string) =>
    request<Submission>("POST", `/forms/${encodeURIComponent(formId)}/submissions`, { body, headers: { "idempotency-key": key } }),
  updateSubmission: (submissionId: string, body: { data: Record<string, unknown>; draft: boolean; revision: number; consent?: ConsentGiven }) =>
    request<Submission>("PUT", `/submissions/${encodeURIComponent(submissionId)}`, { body }),
  submission: (submissionId: string, signal?: AbortSignal) => request<Submission>("GET", `/submissions/${encodeURIComponent(submissionId)}`, { signal }),
  /** My drafts and submissions, of one form or (`formId` undefined) of all. */
  mySubmissions: (formId: string | undefined, signal?: AbortSignal) =>
    request<{ items: Submission[] }>("GET", `/me/submissions${formId ? `?${new URLSearchParams({ formId })}` : ""}`, { signal }),
  submissions: (orgId: string, formId: string, filter: SubmissionFilter, cursor?: string, signal?: AbortSignal) =>
    request<{ items: Submission[]; cursor?: string }>("GET", submissionsPath(orgId, formId, { ...filter, limit: "20", cursor }), { signal }),
  /** Up to 200 members of an org, for the people pickers of an approval (admins and reviewers only). */
  memberChoices: (orgId: string, signal?: AbortSignal) =>
    request<{ items: Member[]; cursor?: string }>("GET", `${orgPath(orgId)}/members?limit=200`, { signal }),

  /** 将依次由…审批: the route these (draft) answers would take. */
  routePreview: (formId: string, body: { data: Record<string, unknown>; unitId?: string }, signal?: AbortSignal) =>
    request<RoutePreview>("POST", `/forms/${encodeURIComponent(formId)}/workflow/route`, { body, signal }),
  /** 修改后重新提交: the route revised answers would take, steps approved before the return marked done. */
  resubmitRoutePreview: (submissionId: string, body: { data: Record<string, unknown> }, signal?: AbortSignal) =>
    request<RoutePreview>("POST", `/submissions/${encodeURIComponent(submissionId)}/route`, { body, signal }),
  inbox: (cursor?: string, signal?: AbortSignal) => {
    const query = new URLSearchParams({ limit: "20" });
    if (cursor) query.set("cursor", cursor);
    return request<{ items: InboxTask[]; cursor?: string }>("GET", `/inbox?${query}`, { signal });
  },
  inboxCount: (signal?: AbortSignal) => request<InboxCount>("GET", "/inbox/count", { signal }),
  /** 批量审批: each approval on its own; the answer says what happened to each. */
  batch: (body: { type: "approve" | "return"; comment?: string; items: Array<{ instanceId: string }> }) =>
    request<{ items: BatchOutcome[] }>("POST", "/inbox/batch", { body }),
  delegation: (signal?: AbortSignal) => request<{ delegation: Delegation | null }>("GET", "/inbox/delegation", { signal }),
  setDelegation: (body: { delegateId: string; from: string; to: string; note?: string }) => request<Delegation>("PUT", "/inbox/delegation", { body }),
  clearDelegation: () => request<void>("DELETE", "/inbox/delegation"),
  handOver: () => request<{ items: HandoverOutcome[] }>("POST", "/inbox/delegation/handover"),
  myInstances: (signal?: AbortSignal) => request<{ items: Instance[] }>("GET", "/me/instances", { signal }),
  instance: (instanceId: string, signal?: AbortSignal) => request<InstanceView>("GET", `/instances/${encodeURIComponent(instanceId)}`, { signal }),
  act: (instanceId: string, action: ActionInput) =>
    request<InstanceView>("POST", `/instances/${encodeURIComponent(instanceId)}/actions`, { body: action }),

  startUpload: (input: { formId: string; field: string; name: string; type: string; size: number }) =>
    request<UploadTicket>("POST", "/uploads", { body: input }),
};

const orgPath = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`;

function submissionsPath(orgId: string, formId: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const search = params.toString();
  return `${orgPath(orgId)}/forms/${encodeURIComponent(formId)}/submissions${search ? `?${search}` : ""}`;
}

/** A download link (the session cookie goes along) for all matching submissions as XLSX or CSV. */
export function submissionsExportUrl(orgId: string, formId: string, filter: SubmissionFilter, format: "xlsx" | "csv"): string {
  return `/api${submissionsPath(orgId, formId, { ...filter, format })}`;
}

/** Where an uploaded file can be read (redirects to a short-lived link). */
export const uploadUrl = (uploadId: string) => `/api/uploads/${encodeURIComponent(uploadId)}`;

/** An Idempotency-Key: random, 8–128 characters. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
