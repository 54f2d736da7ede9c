import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientAddress, parseViewerAddress } from "../../packages/functions/src/http/client";

describe("reading CloudFront-Viewer-Address", () => {
  it("takes the IPv4 address before the port", () => {
    expect(parseViewerAddress("198.51.100.10:46532")).toBe("198.51.100.10");
    expect(parseViewerAddress(" 203.0.113.7:443 ")).toBe("203.0.113.7");
  });

  it("takes an IPv6 address written with the port after its last colon, as CloudFront sends it", () => {
    expect(parseViewerAddress("2001:db8::1:443")).toBe("2001:db8::1");
    expect(parseViewerAddress("2001:0db8:85a3:0000:0000:8a2e:0370:7334:51234")).toBe("2001:0db8:85a3:0000:0000:8a2e:0370:7334");
    expect(parseViewerAddress("2406:DA14:ABC::9E8F:47436")).toBe("2406:da14:abc::9e8f");
    expect(parseViewerAddress("::1:8080")).toBe("::1");
  });

  it("accepts a bracketed IPv6 address with its port", () => {
    expect(parseViewerAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
  });

  it.each([
    ["empty", ""],
    ["no port", "198.51.100.10"],
    ["empty port", "198.51.100.10:"],
    ["port out of range", "198.51.100.10:65536"],
    ["port not a number", "198.51.100.10:https"],
    ["no address", ":443"],
    ["not an address", "example.com:443"],
    ["IPv4 out of range", "198.51.100.300:443"],
    ["IPv6 without a port", "2001:db8::1"],
    ["bracketed IPv4", "[198.51.100.10]:443"],
    ["unclosed bracket", "[2001:db8::1:443"],
    ["two addresses", "198.51.100.10:443, 203.0.113.7:443"],
  ])("refuses a malformed value (%s)", (_, value) => {
    expect(parseViewerAddress(value)).toBeUndefined();
  });
});

describe("the client address a throttle counts", () => {
  const SECRET = "origin-verify-secret-for-unit-tests";
  const EDGE = "130.176.12.34";
  const app = new Hono();
  app.get("/", async (c) => c.text(await clientAddress(c)));
  const addressOf = async (headers: Record<string, string>, sourceIp = EDGE) =>
    (await app.request("/", { headers }, { requestContext: { http: { sourceIp } } })).text();

  afterEach(() => {
    delete process.env.ORIGIN_VERIFY_SECRET;
  });

  it("is the viewer's address when the request carries CloudFront's origin secret", async () => {
    process.env.ORIGIN_VERIFY_SECRET = SECRET;
    expect(await addressOf({ "cloudfront-viewer-address": "198.51.100.10:46532", "x-origin-verify": SECRET })).toBe("198.51.100.10");
    expect(await addressOf({ "cloudfront-viewer-address": "2001:db8::1:443", "x-origin-verify": SECRET })).toBe("2001:db8::1");
  });

  it("is API Gateway's source IP when the viewer header comes without the secret, with a wrong one, or with no secret configured", async () => {
    process.env.ORIGIN_VERIFY_SECRET = SECRET;
    expect(await addressOf({ "cloudfront-viewer-address": "198.51.100.10:46532" })).toBe(EDGE);
    expect(await addressOf({ "cloudfront-viewer-address": "198.51.100.10:46532", "x-origin-verify": `${SECRET}x` })).toBe(EDGE);
    expect(await addressOf({ "cloudfront-viewer-address": "198.51.100.10:46532", "x-origin-verify": "" })).toBe(EDGE);
    delete process.env.ORIGIN_VERIFY_SECRET;
    expect(await addressOf({ "cloudfront-viewer-address": "198.51.100.10:46532", "x-origin-verify": SECRET })).toBe(EDGE);
  });

  it("is API Gateway's source IP when the viewer header is malformed, even with the secret", async () => {
    process.env.ORIGIN_VERIFY_SECRET = SECRET;
    expect(await addressOf({ "cloudfront-viewer-address": "not-an-address", "x-origin-verify": SECRET })).toBe(EDGE);
  });

  it("is API Gateway's source IP when there is no viewer header", async () => {
    process.env.ORIGIN_VERIFY_SECRET = SECRET;
    expect(await addressOf({ "x-origin-verify": SECRET }, "203.0.113.9")).toBe("203.0.113.9");
  });
});

// CloudFront China can't add CloudFront-Viewer-Address (no origin request policies); the China
// stack sets VIEWER_ADDRESS_FROM=x-forwarded-for and the address CloudFront appended counts.
describe("the client address behind CloudFront in China (X-Forwarded-For)", () => {
  const SECRET = "origin-verify-secret-for-unit-tests";
  const EDGE = "54.222.1.2";
  const app = new Hono();
  app.get("/", async (c) => c.text(await clientAddress(c)));
  const addressOf = async (headers: Record<string, string>, sourceIp = EDGE) =>
    (await app.request("/", { headers }, { requestContext: { http: { sourceIp } } })).text();

  beforeEach(() => {
    process.env.VIEWER_ADDRESS_FROM = "x-forwarded-for";
    process.env.ORIGIN_VERIFY_SECRET = SECRET;
  });
  afterEach(() => {
    delete process.env.VIEWER_ADDRESS_FROM;
    delete process.env.ORIGIN_VERIFY_SECRET;
  });

  it("two people behind the same edge count as themselves: the address CloudFront appended, before API Gateway's", async () => {
    expect(await addressOf({ "x-forwarded-for": `198.51.100.10, ${EDGE}`, "x-origin-verify": SECRET })).toBe("198.51.100.10");
    expect(await addressOf({ "x-forwarded-for": `198.51.100.11, ${EDGE}`, "x-origin-verify": SECRET })).toBe("198.51.100.11");
    // Had API Gateway not appended the edge, CloudFront's entry is the last.
    expect(await addressOf({ "x-forwarded-for": "2001:DB8::1", "x-origin-verify": SECRET })).toBe("2001:db8::1");
  });

  it("a viewer who sends its own X-Forwarded-For is still counted by the address CloudFront saw", async () => {
    expect(await addressOf({ "x-forwarded-for": `10.9.9.9, 203.0.113.200, 198.51.100.10, ${EDGE}`, "x-origin-verify": SECRET })).toBe("198.51.100.10");
  });

  it("without the origin secret (a direct call to the API) the header is ignored: API Gateway's source IP counts", async () => {
    expect(await addressOf({ "x-forwarded-for": `198.51.100.10, ${EDGE}` })).toBe(EDGE);
    expect(await addressOf({ "x-forwarded-for": `198.51.100.10, ${EDGE}`, "x-origin-verify": `${SECRET}x` })).toBe(EDGE);
  });

  it("a malformed entry, or none, falls back to API Gateway's source IP", async () => {
    expect(await addressOf({ "x-forwarded-for": `not-an-ip, ${EDGE}`, "x-origin-verify": SECRET })).toBe(EDGE);
    expect(await addressOf({ "x-origin-verify": SECRET })).toBe(EDGE);
  });

  it("CloudFront-Viewer-Address, which CloudFront China never sends, is not trusted there", async () => {
    expect(await addressOf({ "cloudfront-viewer-address": "198.51.100.10:46532", "x-origin-verify": SECRET })).toBe(EDGE);
  });
});
