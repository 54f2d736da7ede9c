/**
 * Where a stage deploys and what that place offers: the one place the stacks (and
 * sst.config.ts) ask "which partition, which region, which domain, which features".
 *
 * A stage named `cn` or ending in `-cn` (`prod-cn`, `dev-cn`) deploys to the AWS China
 * partition (`aws-cn`, cn-northwest-1 Ningxia unless TONGXIN_REGION=cn-north-1 Beijing); every
 * other stage to ap-northeast-1, as before. What differs in China, and why, is in
 * docs/deploy-china.md; the short version:
 * - Lambda has no X-Ray integration there, so tracing is off;
 * - CloudFront serves only an ICP-filed (备案) alternate domain with a certificate uploaded to
 *   IAM (no ACM for CloudFront, no *.cloudfront.cn), and has no cache/origin request policies,
 *   so the site needs TONGXIN_DOMAIN and TONGXIN_IAM_CERTIFICATE_ID, and without them the stage
 *   deploys no Web stack (nothing would be served);
 * - SNS SMS does not exist there: SMS goes through Aliyun or Tencent Cloud;
 * - EventBridge Scheduler is not documented there: schedules use EventBridge rules.
 *
 * Environment variables (read when `sst deploy` runs):
 * | variable | meaning |
 * |---|---|
 * | `TONGXIN_REGION` | overrides the region the stage name implies (must stay in the same kind: `cn-*` for China stages) |
 * | `TONGXIN_DOMAIN` | the site's domain (China: ICP-filed, required for the Web stack) |
 * | `TONGXIN_IAM_CERTIFICATE_ID` | China: the IAM server certificate id (`aws iam upload-server-certificate --path /cloudfront/...`) |
 * | `TONGXIN_KMS` | `customer` for a customer-managed KMS key on the table and uploads, `aws` for AWS-owned/S3 keys (default: `customer` in China prod) |
 * | `TONGXIN_LAMBDA_ARCH` | `arm_64` (default) or `x86_64`, the explicit fallback if a region lacks arm64 |
 * | `TONGXIN_SMS_PROVIDER` | `aliyun` or `tencent` (China default `aliyun`), `outbox` keeps messages in the table |
 */
import type { Stack } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";

export type Partition = "aws" | "aws-cn";
export type SmsProvider = "aliyun" | "tencent" | "outbox";

export const GLOBAL_REGION = "ap-northeast-1";
export const CHINA_REGIONS = ["cn-northwest-1", "cn-north-1"] as const;
export const DEFAULT_CHINA_REGION = "cn-northwest-1";

/** 网络安全法 §21: network logs kept for no less than six months. */
export const LOG_RETENTION = RetentionDays.SIX_MONTHS;
export const LOG_RETENTION_DAYS = 180;

export interface StageConfig {
  stage: string;
  /** `prod` and `prod-cn`: data kept on removal, deletion protection, PITR. */
  prod: boolean;
  partition: Partition;
  region: string;
  china: boolean;
  /** The site's own domain and, in China, its IAM server certificate; undefined: the CloudFront default domain (outside China only). */
  site?: { domain: string; iamCertificateId?: string };
  /** False where no Web stack can serve anything (China without an ICP domain and certificate). */
  webEnabled: boolean;
  lambda: {
    runtime: "nodejs22.x";
    architecture: "arm_64" | "x86_64";
    /** X-Ray active tracing: not integrated with Lambda in the China regions. */
    tracing: "active" | "disabled";
  };
  /** A customer-managed KMS key (rotated yearly) encrypts the table and the uploads. */
  customerManagedKey: boolean;
  /** CloudFront features CloudFront China lacks: OAC, cache/origin request/response headers policies. */
  cloudFront: { originAccessControl: boolean; policies: boolean };
  /** EventBridge Scheduler (one-off schedules); where false, use EventBridge rules (cron/rate). */
  scheduler: boolean;
  sms: SmsProvider;
}

type Env = Record<string, string | undefined>;

const isChinaStage = (stage: string) => stage === "cn" || stage.endsWith("-cn");

function pick<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === "") return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${name}=${value}: expected one of ${allowed.join(", ")}`);
  return value as T;
}

/**
 * The configuration of a stage.
 * @example stageConfig("prod-cn", { TONGXIN_DOMAIN: "tongxin.example.cn", TONGXIN_IAM_CERTIFICATE_ID: "ASCA..." }).partition // "aws-cn"
 */
export function stageConfig(stage: string, env: Env = process.env): StageConfig {
  const china = isChinaStage(stage);
  const region = env.TONGXIN_REGION || (china ? DEFAULT_CHINA_REGION : GLOBAL_REGION);
  if (china !== region.startsWith("cn-")) {
    throw new Error(`Stage ${stage} deploys ${china ? "in" : "outside"} mainland China; TONGXIN_REGION=${region} does not`);
  }
  if (china && !(CHINA_REGIONS as readonly string[]).includes(region)) throw new Error(`Unknown China region ${region}`);
  const prod = stage === "prod" || stage === "prod-cn";
  const domain = env.TONGXIN_DOMAIN || undefined;
  const iamCertificateId = env.TONGXIN_IAM_CERTIFICATE_ID || undefined;
  if (china && domain && !iamCertificateId) {
    throw new Error("TONGXIN_DOMAIN is set but TONGXIN_IAM_CERTIFICATE_ID is not: CloudFront in China needs an IAM server certificate for the domain");
  }
  if (!china && iamCertificateId) throw new Error("TONGXIN_IAM_CERTIFICATE_ID is only used in the China partition");
  if (!china && domain) throw new Error("TONGXIN_DOMAIN outside China needs an ACM certificate in us-east-1, which this app does not set up yet");
  const kms = pick("TONGXIN_KMS", env.TONGXIN_KMS, ["customer", "aws"], china && prod ? "customer" : "aws");
  return {
    stage,
    prod,
    partition: china ? "aws-cn" : "aws",
    region,
    china,
    site: domain ? { domain, iamCertificateId } : undefined,
    webEnabled: !china || domain !== undefined,
    lambda: {
      runtime: "nodejs22.x",
      architecture: pick("TONGXIN_LAMBDA_ARCH", env.TONGXIN_LAMBDA_ARCH, ["arm_64", "x86_64"], "arm_64"),
      tracing: china ? "disabled" : "active",
    },
    customerManagedKey: kms === "customer",
    cloudFront: { originAccessControl: !china, policies: !china },
    scheduler: !china,
    sms: pick("TONGXIN_SMS_PROVIDER", env.TONGXIN_SMS_PROVIDER, ["aliyun", "tencent", "outbox"], china ? "aliyun" : "outbox"),
  };
}

/**
 * The configuration of the stage a stack belongs to (for stacks, e.g. stacks/Messages.ts).
 * @example if (!stageConfigOf(stack).scheduler) new events.Rule(stack, "Reminders", { schedule })
 */
export function stageConfigOf(stack: Stack & { stage: string }): StageConfig {
  return stageConfig(stack.stage);
}
