import type { AliyunSmsConfig } from "./aliyun-sms";
import { aliyunSmsChannel } from "./aliyun-sms";
import type { ChannelAdapter } from "./channel";
import { outboxChannel } from "./outbox";
import { sesEmailChannel } from "./ses-email";
import { tencentSmsChannel, type TencentSmsConfig } from "./tencent-sms";

let cachedSecret: Promise<Record<string, string>> | undefined;

/** The Secrets Manager secret `SMS_SECRET_ARN` names, read once per container. */
function smsSecret(arn: string): Promise<Record<string, string>> {
  cachedSecret ??= (async () => {
    const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
    const result = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
    return JSON.parse(result.SecretString ?? "{}") as Record<string, string>;
  })().catch((error: unknown) => {
    cachedSecret = undefined;
    throw error;
  });
  return cachedSecret;
}

/**
 * Aliyun's credentials: the secret holds `{ accessKeyId, accessKeySecret, signName }`; locally
 * and in tests the `ALIYUN_SMS_*` variables.
 */
async function aliyunConfig(): Promise<AliyunSmsConfig> {
  const env = process.env;
  if (!env.SMS_SECRET_ARN) {
    return { accessKeyId: env.ALIYUN_SMS_KEY_ID ?? "", accessKeySecret: env.ALIYUN_SMS_KEY_SECRET ?? "", signName: env.ALIYUN_SMS_SIGN_NAME ?? "同心", endpoint: env.ALIYUN_SMS_ENDPOINT };
  }
  return { ...((await smsSecret(env.SMS_SECRET_ARN)) as unknown as AliyunSmsConfig), endpoint: env.ALIYUN_SMS_ENDPOINT };
}

/**
 * Tencent Cloud's: the secret holds `{ secretId, secretKey, sdkAppId, signName }`; locally and
 * in tests the `TENCENT_SMS_*` variables.
 */
async function tencentConfig(): Promise<TencentSmsConfig> {
  const env = process.env;
  if (!env.SMS_SECRET_ARN) {
    return { secretId: env.TENCENT_SMS_SECRET_ID ?? "", secretKey: env.TENCENT_SMS_SECRET_KEY ?? "", sdkAppId: env.TENCENT_SMS_APP_ID ?? "", signName: env.TENCENT_SMS_SIGN_NAME ?? "同心", endpoint: env.TENCENT_SMS_ENDPOINT };
  }
  return { ...((await smsSecret(env.SMS_SECRET_ARN)) as unknown as TencentSmsConfig), endpoint: env.TENCENT_SMS_ENDPOINT };
}

function smsChannel(provider: string | undefined): ChannelAdapter {
  if (provider === "aliyun") return aliyunSmsChannel(aliyunConfig);
  if (provider === "tencent") return tencentSmsChannel(tencentConfig);
  return outboxChannel("sms");
}

/**
 * The stage's SMS and e-mail channels: `SMS_PROVIDER=aliyun` or `tencent` and
 * `EMAIL_PROVIDER=ses` in AWS, the local outbox otherwise.
 */
export function channels(): { sms: ChannelAdapter; email: ChannelAdapter } {
  const env = process.env;
  return {
    sms: smsChannel(env.SMS_PROVIDER),
    email: env.EMAIL_PROVIDER === "ses" && env.MAIL_FROM ? sesEmailChannel(env.MAIL_FROM) : outboxChannel("email"),
  };
}
