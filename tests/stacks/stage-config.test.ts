import { describe, expect, test } from "vitest";
import { stageConfig } from "../../stacks/stage-config";

// Which partition, region and features a stage gets (stacks/stage-config.ts); the stacks built
// from it are checked in china.test.ts and the other synthesis tests.
describe("choosing where a stage deploys", () => {
  test("an ordinary stage deploys to Tokyo in the global partition, as before, with X-Ray and the site on CloudFront's own domain", () => {
    for (const stage of ["prod", "test", "alice"]) {
      expect(stageConfig(stage, {})).toMatchObject({
        partition: "aws",
        region: "ap-northeast-1",
        china: false,
        webEnabled: true,
        site: undefined,
        lambda: { runtime: "nodejs22.x", architecture: "arm_64", tracing: "active" },
        cloudFront: { originAccessControl: true, policies: true },
        scheduler: true,
        customerManagedKey: false,
      });
    }
    expect(stageConfig("prod", {}).prod).toBe(true);
    expect(stageConfig("test", {}).prod).toBe(false);
  });

  test("a stage named cn or ending in -cn deploys to Ningxia in aws-cn, without X-Ray, with SMS through a China provider", () => {
    for (const stage of ["cn", "dev-cn", "prod-cn"]) {
      expect(stageConfig(stage, {})).toMatchObject({
        partition: "aws-cn",
        region: "cn-northwest-1",
        china: true,
        lambda: { tracing: "disabled" },
        cloudFront: { originAccessControl: false, policies: false },
        scheduler: false,
        sms: "aliyun",
      });
    }
    expect(stageConfig("prod-cn", {}).prod).toBe(true);
    expect(stageConfig("dev-cn", { TONGXIN_REGION: "cn-north-1" }).region).toBe("cn-north-1");
    expect(stageConfig("dev-cn", { TONGXIN_SMS_PROVIDER: "tencent" }).sms).toBe("tencent");
  });

  test("in China the site exists only with an ICP domain and its IAM server certificate", () => {
    expect(stageConfig("prod-cn", {})).toMatchObject({ webEnabled: false, site: undefined });
    expect(stageConfig("prod-cn", { TONGXIN_DOMAIN: "tongxin.example.cn", TONGXIN_IAM_CERTIFICATE_ID: "ASCAEXAMPLE" })).toMatchObject({
      webEnabled: true,
      site: { domain: "tongxin.example.cn", iamCertificateId: "ASCAEXAMPLE" },
    });
    expect(() => stageConfig("prod-cn", { TONGXIN_DOMAIN: "tongxin.example.cn" })).toThrow(/TONGXIN_IAM_CERTIFICATE_ID/);
  });

  test("a customer-managed key by default in China prod, by choice elsewhere", () => {
    expect(stageConfig("prod-cn", {}).customerManagedKey).toBe(true);
    expect(stageConfig("dev-cn", {}).customerManagedKey).toBe(false);
    expect(stageConfig("prod", { TONGXIN_KMS: "customer" }).customerManagedKey).toBe(true);
    expect(stageConfig("prod-cn", { TONGXIN_KMS: "aws" }).customerManagedKey).toBe(false);
  });

  test("arm64 unless the operator falls back to x86_64 explicitly", () => {
    expect(stageConfig("prod-cn", { TONGXIN_LAMBDA_ARCH: "x86_64" }).lambda.architecture).toBe("x86_64");
    expect(() => stageConfig("prod-cn", { TONGXIN_LAMBDA_ARCH: "arm" })).toThrow(/TONGXIN_LAMBDA_ARCH=arm/);
  });

  test("settings that would put data in the wrong place are refused before anything deploys", () => {
    expect(() => stageConfig("prod", { TONGXIN_REGION: "cn-northwest-1" })).toThrow(/outside mainland China/);
    expect(() => stageConfig("prod-cn", { TONGXIN_REGION: "ap-northeast-1" })).toThrow(/in mainland China/);
    expect(() => stageConfig("prod-cn", { TONGXIN_REGION: "cn-south-1" })).toThrow(/Unknown China region/);
    expect(() => stageConfig("prod", { TONGXIN_IAM_CERTIFICATE_ID: "ASCAEXAMPLE" })).toThrow(/only used in the China partition/);
    expect(() => stageConfig("prod", { TONGXIN_DOMAIN: "tongxin.example.com" })).toThrow(/ACM certificate/);
  });
});
