/** A submission as the API answers it (`GET /api/submissions/{id}`…); re-exported by api.ts. */
export type SubmissionStatus = "draft" | "submitted" | "in_review" | "returned" | "approved" | "rejected" | "withdrawn";
export interface Submission {
  submissionId: string;
  formId: string;
  formOrgId: string;
  version: number;
  unitId: string;
  submitterId: string;
  submitterName: string;
  status: SubmissionStatus;
  data: Record<string, unknown>;
  revision: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  /** The approval this submission went into, when its form has a chain. */
  instanceId?: string;
  /** Paths of `data` shown masked (脱敏); 查看完整 reveals them. */
  masked?: string[];
}
