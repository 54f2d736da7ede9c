import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { NagSuppressions } from "cdk-nag";
import { Function as SstFunction, Api as HttpApi, Config, use, type FunctionProps, type StackContext } from "sst/constructs";
import { getParameterPath } from "sst/constructs/util/binding.js";
import { officeRouteKeys } from "../packages/functions/src/office-routes";
import { apiBundling } from "./ApiBundle";
import { originVerifySecret } from "./origin-verify";
import { LOG_RETENTION, stageConfigOf } from "./stage-config";
import { Storage } from "./Storage";
import { webOriginForApi } from "./web-origin";

const ROUTE = "ANY /api/{proxy+}";
export const OFFICE_HANDLER = "packages/functions/src/office-lambda.handler";
/** packages/core/src/pdf/font.ts `FONT_FILE`, from the npm package that holds it. */
const FONT_FILE = "SourceHanSansSC-Regular.otf";
export const PDF_FONT_SOURCE = `node_modules/node-source-han-sans-sc/${FONT_FILE}`;

export function Api({ stack }: StackContext) {
  const { table, ballotsTable, bucket, key, personalDataKey } = use(Storage);
  const { china } = stageConfigOf(stack);
  const SESSION_SECRET = new Config.Secret(stack, "SESSION_SECRET");
  // The site's origin for the cross-site check (stacks/web-origin.ts).
  const webOrigin = webOriginForApi(stack);

  // The code reads plain env vars and fetches the secret itself (GetParameter, WithDecryption),
  // so point it at the parameter `npx sst secrets set` writes: /sst/{app}/{stage}/Secret/{name}/value.
  const secretParameter = getParameterPath(SESSION_SECRET, "value");
  const secretParameterArn = stack.formatArn({
    service: "ssm",
    resource: "parameter",
    resourceName: secretParameter.slice(1),
  });

  /**
   * The API function and the office function (packages/functions/src/office-routes.ts) run the
   * same code base with the same data access: each is bundled on its own, so the API function's
   * bundle carries no XLSX, CSV or Word library (budgets: bench/lambda.ts).
   */
  const functionProps = (handler: string, logGroupId: string): FunctionProps => ({
    handler,
    memorySize: "1024 MB",
    timeout: "10 seconds",
    // ESM, minified, split at dynamic imports, AWS SDK from the runtime: see ApiBundle.ts.
    nodejs: apiBundling,
    logGroup: new LogGroup(stack, logGroupId, { retention: LOG_RETENTION }),
    environment: {
      TABLE_NAME: table.tableName,
      BALLOTS_TABLE_NAME: ballotsTable.tableName,
      UPLOADS_BUCKET: bucket.bucketName,
      SESSION_SECRET_PARAMETER: secretParameter,
      // Sensitive personal values are sealed under data keys from this key (privacy/key-provider.ts).
      PII_KMS_KEY_ID: personalDataKey.keyArn,
      // CloudFront China can't add CloudFront-Viewer-Address (http/client.ts).
      ...(china ? { VIEWER_ADDRESS_FROM: "x-forwarded-for" } : {}),
      ...webOrigin.environment,
    },
    // Bound with explicit data-plane actions instead of SST's default dynamodb:* / s3:*.
    bind: [
      {
        resource: table,
        permissions: [
          {
            actions: [
              "dynamodb:BatchGetItem",
              "dynamodb:BatchWriteItem",
              "dynamodb:ConditionCheckItem",
              "dynamodb:DeleteItem",
              "dynamodb:GetItem",
              "dynamodb:PutItem",
              "dynamodb:Query",
              "dynamodb:UpdateItem",
            ],
            resources: [table.tableArn, `${table.tableArn}/index/*`],
          },
        ],
      },
      // The ballot box: a cast puts a ballot (in the cast transaction), the count queries them.
      { resource: ballotsTable, permissions: [{ actions: ["dynamodb:PutItem", "dynamodb:Query"], resources: [ballotsTable.tableArn] }] },
      {
        resource: bucket,
        permissions: [
          { actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [`${bucket.bucketArn}/*`] },
          // Lets a missing key answer 404 rather than 403.
          { actions: ["s3:ListBucket"], resources: [bucket.bucketArn] },
        ],
      },
      SESSION_SECRET,
    ],
    // bind grants only ssm:GetParameters (plural); the code calls GetParameter.
    permissions: [
      new PolicyStatement({ actions: ["ssm:GetParameter"], resources: [secretParameterArn] }),
      ...webOrigin.permissions,
      // With a customer-managed key: DynamoDB and S3 use it on the function's behalf (and a
      // presigned upload or download is signed with the function's own permissions).
      ...(key ? [new PolicyStatement({ actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [key.keyArn] })] : []),
      // Envelope encryption of sensitive personal data: make and unwrap data keys, nothing else.
      new PolicyStatement({ actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [personalDataKey.keyArn] }),
    ],
  });
  const office = new SstFunction(stack, "OfficeFunction", {
    ...functionProps(OFFICE_HANDLER, "OfficeFunctionLogs"),
    // The PDFs (选举结果报告单, 换届备案材料) embed a subset of 思源黑体 SC: the function ships the
    // font beside its bundle, where packages/core/src/pdf/font.ts looks first (task root/fonts).
    copyFiles: [{ from: PDF_FONT_SOURCE, to: `fonts/${FONT_FILE}` }],
  });

  const api = new HttpApi(stack, "Api", {
    // The site reaches the API through its own CloudFront origin (see Web.ts), and the Hono
    // app answers CORS itself (WEB_ORIGIN); API Gateway's CORS would override its headers.
    cors: false,
    // Kept six months (网络安全法 §21); each line's integrationRequestId is the Lambda request id
    // in the function's own request log line (account, trace id: packages/functions/src/http/log.ts).
    accessLog: { retention: "six_months" },
    defaults: { throttle: { burst: 200, rate: 100 } },
    routes: {
      [ROUTE]: { function: functionProps("packages/functions/src/lambda.handler", "ApiFunctionLogs") },
      // More specific than the catch-all, so API Gateway sends these to the office function.
      ...Object.fromEntries(officeRouteKeys().map((key) => [key, { function: office }])),
    },
  });

  const handler = api.getFunction(ROUTE);
  const originVerify = originVerifySecret(stack, [handler, office]);
  for (const fn of [handler, office]) {
    if (!fn) continue;
    NagSuppressions.addResourceSuppressions(
      fn,
      [
        {
          id: "AwsSolutions-IAM4",
          reason: "AWSLambdaBasicExecutionRole grants only CloudWatch Logs writes (create group/stream, put events).",
          appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        },
        {
          id: "AwsSolutions-IAM5",
          reason:
            "Wildcards are the table's own index ARNs (table/index/*), the uploads bucket's object keys (bucket/*), " +
            "and X-Ray's PutTraceSegments/PutTelemetryRecords, which have no resource-level permissions.",
          appliesTo: [
            { regex: "/^Resource::<Table[0-9A-F]+\\.Arn>\\/index\\/\\*$/" },
            { regex: "/^Resource::<UploadsBucket[0-9A-F]+\\.Arn>\\/\\*$/" },
            "Resource::*",
          ],
        },
        {
          id: "AwsSolutions-L1",
          reason: "Pinned to nodejs22.x (the Node line the project targets) rather than the newest Lambda runtime.",
        },
      ],
      true,
    );
  }
  NagSuppressions.addResourceSuppressions(api, [
    {
      id: "AwsSolutions-APIG4",
      reason: "The single catch-all route authenticates in the application (signed session tokens checked by the Hono app).",
    },
  ], true);

  stack.addOutputs({ ApiUrl: api.url });
  return { api, originVerify };
}
