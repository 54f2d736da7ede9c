import type { ChannelAdapter, OutgoingMessage } from "./channel";

/** E-mail through Amazon SES (v2 API), from the stage's verified sender address. */
export function sesEmailChannel(from: string): ChannelAdapter {
  return {
    channel: "email",
    provider: "ses",
    idempotent: false,
    async send(message: OutgoingMessage) {
      const { SESv2Client, SendEmailCommand } = await import("@aws-sdk/client-sesv2");
      const result = await new SESv2Client({}).send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [message.to] },
          Content: { Simple: { Subject: { Data: `【同心】${message.title}`, Charset: "UTF-8" }, Body: { Text: { Data: message.body, Charset: "UTF-8" } } } },
          EmailTags: [{ Name: "delivery", Value: message.deliveryId.replace(/[^A-Za-z0-9_-]/g, "_") }],
        }),
      );
      return { providerId: result.MessageId ?? "" };
    },
  };
}
