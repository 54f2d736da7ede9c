import type { AliyunSmsConfig } from "./aliyun-sms";
import { aliyunSmsChannel } from "./aliyun-sms";
import type { ChannelAdapter } from "./channel";
import { outboxChannel } from "./outbox";
import { sesEmailChannel } from "./ses-email";

let cachedSecret: Promise<AliyunSmsConfig> | undefined;

/**
 * The SMS provider's credentials: `SMS_SECRET_ARN` names a Secrets Manager secret holding
 * `{ accessKeyId, accessKeySecret, signName }` (read once per container); locally and in
 * tests the `ALIYUN_SMS_*` variables.
 */
function aliyunConfig(): Promise<AliyunSmsConfig> {
  const env = process.env;
  if (!env.SMS_SECRET_ARN) {
    return Promise.resolve({ accessKeyId: env.ALIYUN_SMS_KEY_ID ?? "", accessKeySecret: env.ALIYUN_SMS_KEY_SECRET ?? "", signName: env.ALIYUN_SMS_SIGN_NAME ?? "同心", endpoint: env.ALIYUN_SMS_ENDPOINT });
  }
  cachedSecret ??= (async () => {
    const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
    const result = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: env.SMS_SECRET_ARN }));
    return { ...(JSON.parse(result.SecretString ?? "{}") as AliyunSmsConfig), endpoint: env.ALIYUN_SMS_ENDPOINT };
  })().catch((error: unknown) => {
    cachedSecret = undefined;
    throw error;
  });
  return cachedSecret;
}

/**
 * The stage's SMS and e-mail channels: `SMS_PROVIDER=aliyun` and `EMAIL_PROVIDER=ses` in AWS,
 * the local outbox otherwise.
 */
export function channels(): { sms: ChannelAdapter; email: ChannelAdapter } {
  const env = process.env;
  return {
    sms: env.SMS_PROVIDER === "aliyun" ? aliyunSmsChannel(aliyunConfig) : outboxChannel("sms"),
    email: env.EMAIL_PROVIDER === "ses" && env.MAIL_FROM ? sesEmailChannel(env.MAIL_FROM) : outboxChannel("email"),
  };
}
