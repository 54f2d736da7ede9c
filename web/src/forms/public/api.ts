import type { FormDefinition } from "@tongxin/core/forms";
import { request, type PrivacyNotice } from "../../api";

/** Public-link forms: the owner's settings and the stranger's filling (no session). */
export interface PublicLinkSettings {
  enabled: boolean;
  opensAt?: string;
  closesAt?: string;
  quota?: number;
  smsRequired: boolean;
  perPhone?: number;
  perAddressPerHour: number;
  optionQuotas: Array<{ field: string; option: string; limit: number }>;
}

export interface OwnerLink {
  linkId: string;
  path: string;
  url: string;
  qr: string;
  state: "disabled" | "before" | "open" | "after";
  taken: number;
  settings: PublicLinkSettings;
}

export interface PublicFormPage {
  linkId: string;
  title: string;
  orgName: string;
  definition: FormDefinition;
  notice?: PrivacyNotice;
  state: "before" | "open" | "after";
  opensAt?: string;
  closesAt?: string;
  smsRequired: boolean;
  placesLeft?: number;
}

export interface PublicReceipt {
  submission: { submissionId: string; status: string; data: Record<string, unknown>; submittedAt?: string; submitterName: string };
  version: { version: number; definition: FormDefinition };
  withdrawable: boolean;
}

const link = (orgId: string, formId: string) => `/orgs/${encodeURIComponent(orgId)}/forms/${encodeURIComponent(formId)}/public-link`;
const pub = (linkId: string) => `/public/forms/${encodeURIComponent(linkId)}`;

export const publicFormApi = {
  ownerLink: (orgId: string, formId: string) => request<{ link: OwnerLink | null }>("GET", link(orgId, formId)),
  setLink: (orgId: string, formId: string, settings: Partial<PublicLinkSettings>) => request<{ link: OwnerLink }>("PUT", link(orgId, formId), { body: settings }),
  page: (linkId: string) => request<PublicFormPage>("GET", pub(linkId), { quiet: true }),
  sendCode: (linkId: string, phone: string) => request<{ retryAfter: number }>("POST", `${pub(linkId)}/code`, { body: { phone }, quiet: true }),
  verify: (linkId: string, phone: string, code: string) => request<{ pass: string; expiresAt: string; phone: string }>("POST", `${pub(linkId)}/filler`, { body: { phone, code }, quiet: true }),
  submit: (linkId: string, body: { pass?: string; data: Record<string, unknown>; consent?: { noticeVersion: string; notice: boolean; sensitive: boolean } }) =>
    request<{ submissionId: string; receipt: string; receiptPath: string; submittedAt: string }>("POST", `${pub(linkId)}/submissions`, { body, quiet: true }),
  receipt: (token: string) => request<PublicReceipt>("GET", `/public/receipts/${encodeURIComponent(token)}`, { quiet: true }),
  withdraw: (token: string) => request<{ status: string }>("POST", `/public/receipts/${encodeURIComponent(token)}/withdraw`, { quiet: true }),
};
