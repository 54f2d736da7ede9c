import { Duration } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { NagSuppressions } from "cdk-nag";
import { Config } from "sst/config.js";
import { Function as SstFunction, use, type StackContext } from "sst/constructs";
import { LOG_RETENTION, stageConfigOf } from "./stage-config";
import { Storage } from "./Storage";

export const STREAM_HANDLER = "packages/functions/src/messages-stream.handler";
export const JOBS_HANDLER = "packages/functions/src/messages-jobs.handler";

// DeleteItem: the retention job deletes each due marker with its erasure (privacy/retention.ts).
const TABLE_ACTIONS = ["dynamodb:BatchGetItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"];

/**
 * Messages: the stream-triggered consumer that turns table changes into 站内信, SMS and e-mail,
 * and the scheduled job for reminders. Every ARN is built from the stack's partition
 * (`stack.formatArn`, `Stack.partition`), so the same stack deploys to aws and aws-cn.
 *
 * SMS credentials live in the `SmsCredentials` secret (JSON: accessKeyId, accessKeySecret,
 * signName), filled by the operator; e-mail goes through SES from `MAIL_FROM` (an SST secret
 * holding a verified sender address).
 */
export function Messages({ stack }: StackContext) {
  const { table } = use(Storage);
  // The Api stack declares the SESSION_SECRET secret; this reads the same parameter (sealed SMS parameters use it).
  const secretParameter = Config.pathFor({ id: "SESSION_SECRET", type: "Secret", prop: "value" });
  const smsCredentials = new Secret(stack, "SmsCredentials", {
    description: "Aliyun SMS credentials for this stage: {accessKeyId, accessKeySecret, signName}",
  });
  NagSuppressions.addResourceSuppressions(smsCredentials, [{ id: "AwsSolutions-SMG4", reason: "An Aliyun AccessKey pair cannot be rotated by Secrets Manager; it is rotated in the Aliyun console and put here." }]);

  // SES is not offered in the China regions: there e-mail stays off (站内信 and SMS still go).
  const { china, site, sms } = stageConfigOf(stack);
  const mailFrom: string = china ? "" : (stack.node.tryGetContext("mailFrom") ?? process.env.MAIL_FROM ?? "");
  const environment = {
    TABLE_NAME: table.tableName,
    SESSION_SECRET_PARAMETER: secretParameter,
    // The stage's provider (stage-config): TONGXIN_SMS_PROVIDER when set (aliyun, tencent or outbox); by default
    // Aliyun in the China regions, where the SMS signature and templates are registered, and the outbox elsewhere
    // (a stage outside China sends no real SMS until a provider is configured for it).
    SMS_PROVIDER: sms,
    SMS_SECRET_ARN: smsCredentials.secretArn,
    EMAIL_PROVIDER: mailFrom ? "ses" : "none",
    MAIL_FROM: mailFrom,
    // The template codes Aliyun approved for this stage's signature (JSON: message → code); empty keeps templates.ts's.
    // Links in an SMS (invitations, the online vote) must be whole addresses: the site's own domain when it has one.
    SITE_URL: site ? `https://${site.domain}` : "",
    SMS_TEMPLATES: String(stack.node.tryGetContext("smsTemplates") ?? process.env.SMS_TEMPLATES ?? ""),
  };
  const permissions = [
    new PolicyStatement({ actions: TABLE_ACTIONS, resources: [table.tableArn, `${table.tableArn}/index/*`] }),
    new PolicyStatement({ actions: ["ssm:GetParameter"], resources: [stack.formatArn({ service: "ssm", resource: "parameter", resourceName: secretParameter.slice(1) })] }),
    new PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [smsCredentials.secretArn] }),
    ...(mailFrom ? [new PolicyStatement({ actions: ["ses:SendEmail"], resources: [stack.formatArn({ service: "ses", resource: "identity", resourceName: "*" })] })] : []),
  ];

  const consumer = new SstFunction(stack, "StreamConsumer", {
    handler: STREAM_HANDLER,
    memorySize: "512 MB",
    timeout: "60 seconds",
    environment,
    permissions,
    logGroup: new LogGroup(stack, "StreamConsumerLogs", { retention: LOG_RETENTION }),
  });

  // Records that keep failing after the retries land here (their stream coordinates, not their content).
  const failed = new Queue(stack, "StreamFailures", { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  NagSuppressions.addResourceSuppressions(failed, [{ id: "AwsSolutions-SQS3", reason: "This queue is itself the failure destination of the stream consumer." }]);
  consumer.addEventSource(
    new DynamoEventSource(table.cdk.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 5,
      maxRecordAge: Duration.hours(24),
      parallelizationFactor: 1,
      onFailure: new SqsDlq(failed),
    }),
  );

  const jobs = new SstFunction(stack, "ReminderJob", {
    handler: JOBS_HANDLER,
    memorySize: "512 MB",
    timeout: "5 minutes",
    environment,
    permissions,
    logGroup: new LogGroup(stack, "ReminderJobLogs", { retention: LOG_RETENTION }),
  });
  new Rule(stack, "ReminderSchedule", { schedule: Schedule.rate(Duration.minutes(15)), targets: [new LambdaFunction(jobs, { retryAttempts: 2 })] });

  for (const fn of [consumer, jobs]) {
    NagSuppressions.addResourceSuppressions(
      fn,
      [
        {
          id: "AwsSolutions-IAM4",
          reason: "AWSLambdaBasicExecutionRole grants only CloudWatch Logs writes.",
          appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        },
        {
          id: "AwsSolutions-IAM5",
          reason: "The table's own index ARNs (table/index/*), SES identities of the stage's account and region (a sender address is verified per stage), and X-Ray's actions, which have no resource-level permissions.",
          appliesTo: [{ regex: "/^Resource::<Table[0-9A-F]+\\.Arn>\\/index\\/\\*$/" }, { regex: "/^Resource::arn:<AWS::Partition>:ses:.*identity\\/\\*$/" }, "Resource::*"],
        },
        { id: "AwsSolutions-L1", reason: "Pinned to nodejs22.x (the Node line the project targets)." },
      ],
      true,
    );
  }

  return { consumer, jobs, failed, smsCredentials };
}
