import { afterEach, describe, expect, it } from "vitest";
import { resetWebOrigin, webOrigin } from "@tongxin/core/web-origin";

const saved = { WEB_ORIGIN: process.env.WEB_ORIGIN, WEB_ORIGIN_PARAMETER: process.env.WEB_ORIGIN_PARAMETER, AWS_REGION: process.env.AWS_REGION };

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetWebOrigin();
});

describe("the site's origin for the cross-site check", () => {
  it("is WEB_ORIGIN when set", async () => {
    process.env.WEB_ORIGIN = "https://tongxin.example.cn";
    expect(await webOrigin()).toBe("https://tongxin.example.cn");
  });

  it("is none without WEB_ORIGIN or its parameter", async () => {
    delete process.env.WEB_ORIGIN;
    delete process.env.WEB_ORIGIN_PARAMETER;
    expect(await webOrigin()).toBeUndefined();
  });

  it("is none, not an error, while the parameter cannot be read (the Web stack not deployed yet)", async () => {
    delete process.env.WEB_ORIGIN;
    process.env.WEB_ORIGIN_PARAMETER = "/tongxin/test/web-origin";
    // No SSM here: the endpoint refuses the connection at once.
    process.env.AWS_REGION = "ap-northeast-1";
    process.env.AWS_ENDPOINT_URL_SSM = "http://127.0.0.1:9";
    try {
      expect(await webOrigin()).toBeUndefined();
    } finally {
      delete process.env.AWS_ENDPOINT_URL_SSM;
    }
  });
});
