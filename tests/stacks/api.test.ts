import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { officeRouteKeys } from "../../packages/functions/src/office-routes";
import { synthesize, type Synthesized } from "./synth";

let synth: Synthesized;
beforeAll(async () => {
  synth = await synthesize("test");
});
afterAll(() => synth?.cleanup());

const template = () => synth.api.template;
const SECRET_PARAMETER = "/sst/tongxin/test/Secret/SESSION_SECRET/value";
/** Written by the Web stack (the site's CloudFront origin), read by the API's cross-site check. */
const WEB_ORIGIN_PARAMETER = "/tongxin/test/web-origin";

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** The Lambdas that get TABLE_NAME: the API function and the office function (the others are SST's custom-resource handlers). */
function appFunctions() {
  const found = Object.entries(
    template().findResources("AWS::Lambda::Function", {
      Properties: { Environment: { Variables: { TABLE_NAME: Match.anyValue() } } },
    }),
  );
  expect(found).toHaveLength(2);
  return found.map(([id, resource]) => ({ id, props: resource.Properties }));
}
const apiFunction = () => appFunctions().find(({ id }) => !id.startsWith("OfficeFunction"))!;
const officeFunction = () => appFunctions().find(({ id }) => id.startsWith("OfficeFunction"))!;

/** Every statement in the inline policies attached to a function's role (the API function's by default). */
function roleStatements(fn = apiFunction()): Statement[] {
  const role = fn.props.Role["Fn::GetAtt"][0] as string;
  const policies = template().findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: role }] } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const actionsOf = (statement: Statement) => [statement.Action].flat();
const allowing = (action: string) => roleStatements().filter((s) => s.Effect === "Allow" && actionsOf(s).includes(action));
const json = (value: unknown) => JSON.stringify(value);

describe("function", () => {
  test("Node 22 on arm64, 1024 MB, 10 s", () => {
    const { props } = apiFunction();
    expect(props.Runtime).toBe("nodejs22.x");
    expect(props.Architectures).toEqual(["arm64"]);
    expect(props.MemorySize).toBe(1024);
    expect(props.Timeout).toBe(10);
  });

  test("env vars the code reads: table, ballots table, bucket, and the secret's SSM parameter name", () => {
    const env = apiFunction().props.Environment.Variables;
    expect(json(env.TABLE_NAME)).toMatch(/test-tongxin-Storage:ExportsOutputRefTable/);
    expect(json(env.BALLOTS_TABLE_NAME)).toMatch(/test-tongxin-Storage:ExportsOutputRefBallotsTable/);
    expect(json(env.UPLOADS_BUCKET)).toMatch(/test-tongxin-Storage:ExportsOutputRefUploadsBucket/);
    expect(env.SESSION_SECRET_PARAMETER).toBe(SECRET_PARAMETER);
  });

  test("the site's origin for the cross-site check: the name of the parameter the Web stack writes it to (CloudFront's own domain is not known before the Web stack)", () => {
    const env = apiFunction().props.Environment.Variables;
    expect(env.WEB_ORIGIN_PARAMETER).toBe(WEB_ORIGIN_PARAMETER);
    expect(env.WEB_ORIGIN).toBeUndefined();
    const [parameter, ...rest] = Object.values(synth.web.template.findResources("AWS::SSM::Parameter", { Properties: { Name: WEB_ORIGIN_PARAMETER } }));
    expect(rest).toEqual([]);
    const [distributionId] = Object.keys(synth.web.template.findResources("AWS::CloudFront::Distribution"));
    expect(parameter!.Properties.Value).toEqual({ "Fn::Join": ["", ["https://", { "Fn::GetAtt": [distributionId, "DomainName"] }]] });
  });

  test("the office function (file exports and imports, the OpenAPI document) runs as the API function does: runtime, memory, env, permissions, its own log group", () => {
    const [api, office] = [apiFunction(), officeFunction()];
    for (const property of ["Runtime", "Architectures", "MemorySize", "Timeout", "Environment"]) expect(office.props[property], property).toEqual(api.props[property]);
    const policies = (fn: typeof api) => roleStatements(fn).map((statement) => json({ ...statement, Resource: json(statement.Resource) })).sort();
    expect(policies(office)).toEqual(policies(api));
    expect(office.props.LoggingConfig.LogGroup.Ref).not.toBe(api.props.LoggingConfig.LogGroup.Ref);
    const logGroup = office.props.LoggingConfig.LogGroup.Ref as string;
    expect(template().toJSON().Resources[logGroup].Properties.RetentionInDays).toBe(180);
  });

  test("logs kept six months (网络安全法 §21)", () => {
    const logGroup = apiFunction().props.LoggingConfig.LogGroup.Ref as string;
    expect(template().toJSON().Resources[logGroup].Properties.RetentionInDays).toBe(180);
  });
});

describe("permissions", () => {
  test("DynamoDB data-plane actions on the table and its indexes, nothing broader", () => {
    const [statement, ...rest] = allowing("dynamodb:Query").filter((s) => !json(s.Resource).includes("BallotsTable"));
    expect(rest).toEqual([]);
    expect(actionsOf(statement!)).toEqual(
      expect.arrayContaining(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"]),
    );
    const [table, indexes] = statement!.Resource as unknown[];
    expect(json(table)).toMatch(/^\{"Fn::ImportValue":"test-tongxin-Storage:ExportsOutputFnGetAttTable[0-9A-F]+Arn/);
    expect(indexes).toEqual({ "Fn::Join": ["", [table, "/index/*"]] });
  });

  test("on the ballots table only putting a ballot (the cast) and querying the box (the count)", () => {
    const [statement, ...rest] = allowing("dynamodb:Query").filter((s) => json(s.Resource).includes("BallotsTable"));
    expect(rest).toEqual([]);
    expect(actionsOf(statement!).sort()).toEqual(["dynamodb:PutItem", "dynamodb:Query"]);
    expect(json(statement!.Resource)).toMatch(/^\{"Fn::ImportValue":"test-tongxin-Storage:ExportsOutputFnGetAttBallotsTable[0-9A-F]+Arn[^,]*\}$/);
  });

  test("S3 object access on the uploads bucket only", () => {
    const [statement, ...rest] = allowing("s3:PutObject");
    expect(rest).toEqual([]);
    expect(actionsOf(statement!).sort()).toEqual(["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]);
    expect(json(statement!.Resource)).toMatch(/ExportsOutputFnGetAttUploadsBucket[0-9A-F]+Arn.*"\/\*"/);
  });

  test("ssm:GetParameter (what the code calls) on the secret and the site's origin only, ssm:GetParameters (from bind) on the secret", () => {
    const resources = allowing("ssm:GetParameter").flatMap((statement) => [statement.Resource].flat());
    expect(resources).toHaveLength(2);
    expect(json(resources)).toContain(`:ssm:ap-northeast-1:123456789012:parameter${SECRET_PARAMETER}"`);
    expect(json(resources)).toContain(`:ssm:ap-northeast-1:123456789012:parameter${WEB_ORIGIN_PARAMETER}"`);
    expect(json(allowing("ssm:GetParameters"))).toContain(`parameter${SECRET_PARAMETER}"`);
  });

  test("no service-wide wildcard actions", () => {
    const wildcards = roleStatements().flatMap(actionsOf).filter((action) => action.endsWith(":*") || action === "*");
    expect(wildcards).toEqual([]);
  });
});

describe("HTTP API", () => {
  test("a catch-all route to the API function, and each office route (office-routes.ts) to the office function", () => {
    const routes = Object.values(template().findResources("AWS::ApiGatewayV2::Route"));
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(["ANY /api/{proxy+}", ...officeRouteKeys()].sort());
    const integrations = template().findResources("AWS::ApiGatewayV2::Integration");
    const target = (routeKey: string) => {
      const route = routes.find((r) => r.Properties.RouteKey === routeKey)!;
      const integration = integrations[(route.Properties.Target["Fn::Join"][1][1] as { Ref: string }).Ref]!;
      expect(integration.Properties).toMatchObject({ IntegrationType: "AWS_PROXY", PayloadFormatVersion: "2.0" });
      return integration.Properties.IntegrationUri["Fn::GetAtt"][0] as string;
    };
    expect(target("ANY /api/{proxy+}")).toBe(apiFunction().id);
    for (const key of officeRouteKeys()) expect(target(key), key).toBe(officeFunction().id);
  });

  test("stage has access logs and default throttling", () => {
    template().hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp("requestId") },
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
    });
  });

  test("no API Gateway CORS: the Hono app answers CORS itself, and API Gateway's would override it", () => {
    const [api] = Object.values(template().findResources("AWS::ApiGatewayV2::Api"));
    expect(api!.Properties.ProtocolType).toBe("HTTP");
    expect(api!.Properties.CorsConfiguration).toBeUndefined();
  });

  test("outputs ApiUrl", () => {
    template().hasOutput("ApiUrl", { Value: { "Fn::GetAtt": [Match.stringLikeRegexp("^Api"), "ApiEndpoint"] } });
  });
});
