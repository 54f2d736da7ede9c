import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { synthesize, type Synthesized } from "./synth";

let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("test");
});
afterAll(() => synth?.cleanup());

const template = () => synth.messages.template;
const json = (value: unknown) => JSON.stringify(value);

describe("the stream consumer", () => {
  test("reads the table's stream in batches, bisects a failing batch, reports partial failures and sends what still fails to a queue", () => {
    const mappings = Object.values(template().findResources("AWS::Lambda::EventSourceMapping"));
    expect(mappings).toHaveLength(1);
    const props = mappings[0]!.Properties;
    expect(json(props.EventSourceArn)).toMatch(/test-tongxin-Storage:ExportsOutputFnGetAttTable[0-9A-F]+StreamArn/);
    expect(props).toMatchObject({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      MaximumRetryAttempts: 5,
      StartingPosition: "TRIM_HORIZON",
    });
    const queue = Object.keys(template().findResources("AWS::SQS::Queue"))[0]!;
    expect(json(props.DestinationConfig.OnFailure.Destination)).toContain(queue);
  });

  test("the failure queue is encrypted and refuses plain HTTP", () => {
    template().hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
    template().hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
  });

  test("the functions read the SMS credentials from a secret and build every ARN from the partition", () => {
    const functions = Object.values(template().findResources("AWS::Lambda::Function", { Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } } }));
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      const env = fn.Properties.Environment.Variables;
      expect(env.SMS_PROVIDER, "a stage outside China sends no real SMS until one is configured").toBe("outbox");
      expect(env.SESSION_SECRET_PARAMETER).toBe("/sst/tongxin/test/Secret/SESSION_SECRET/value");
      expect(json(env.SMS_SECRET_ARN)).toMatch(/SmsCredentials/);
    }
    expect(json(template().toJSON())).not.toMatch(/arn:aws:/);
  });
});

describe("links in an SMS", () => {
  test("are whole addresses on the stage's own domain when it has one", async () => {
    const china = await synthesize("prod-cn", { env: { TONGXIN_DOMAIN: "tongxin.example.cn", TONGXIN_IAM_CERTIFICATE_ID: "ASCAEXAMPLE0000000001" } });
    const functions = Object.values(china.messages.template.findResources("AWS::Lambda::Function", { Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } } }));
    expect(functions.map((fn) => fn.Properties.Environment.Variables.SITE_URL)).toEqual(["https://tongxin.example.cn", "https://tongxin.example.cn"]);
    // Without a domain of its own (CloudFront's default) the links stay paths.
    for (const fn of Object.values(template().findResources("AWS::Lambda::Function", { Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } } }))) {
      expect(fn.Properties.Environment.Variables.SITE_URL).toBe("");
    }
  });
});

describe("the SMS provider", () => {
  test("is the stage's TONGXIN_SMS_PROVIDER when set (Tencent Cloud here); by default Aliyun in China and the outbox elsewhere", async () => {
    const tencent = await synthesize("dev-cn", { env: { TONGXIN_SMS_PROVIDER: "tencent" } });
    const china = await synthesize("dev-cn");
    const providers = (synthesized: typeof synth) =>
      Object.values(synthesized.messages.template.findResources("AWS::Lambda::Function", { Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } } })).map(
        (fn) => fn.Properties.Environment.Variables.SMS_PROVIDER,
      );
    expect(providers(tencent)).toEqual(["tencent", "tencent"]);
    expect(providers(china)).toEqual(["aliyun", "aliyun"]);
    expect(providers(synth)).toEqual(["outbox", "outbox"]);
  });
});

describe("the reminder job", () => {
  test("runs on an EventBridge schedule", () => {
    template().hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(15 minutes)", State: "ENABLED" });
  });
});
