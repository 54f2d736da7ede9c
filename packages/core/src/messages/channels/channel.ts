import type { TemplateCode } from "../model";

/** One SMS or e-mail to hand to a provider. */
export interface OutgoingMessage {
  /** Derived from (event, person, channel): the same message always has the same id. */
  deliveryId: string;
  /** Phone number (11 digits) or e-mail address. */
  to: string;
  template: TemplateCode;
  /** The provider's registered template code and its parameters (SMS). */
  smsCode: string;
  params: Record<string, string>;
  /** The rendered text (e-mail, the local outbox). */
  title: string;
  body: string;
}

/** SMS and e-mail providers behind one interface; 站内信 is written by the module itself. */
export interface ChannelAdapter {
  channel: "sms" | "email";
  provider: string;
  /**
   * Whether sending the same `deliveryId` twice delivers once. When true, a message whose
   * send was interrupted is sent again on retry; when false it is recorded as `uncertain`
   * instead, so nobody gets it twice.
   */
  idempotent: boolean;
  send(message: OutgoingMessage): Promise<{ providerId: string }>;
}

/** A provider refused the message for good (bad number, unregistered template): retrying will not help. */
export class PermanentSendError extends Error {}
