import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startServer } from "../../packages/functions/src/local";
import { call, signIn } from "../support/api";

describe("security headers", () => {
  it("API answers forbid framing, sniffing and referrers, and carry a CSP that lets nothing run", async () => {
    const response = await call("GET", "/health");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("HSTS is sent only behind TLS", async () => {
    const response = await call("GET", "/health", { headers: { "x-forwarded-proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("answers to a signed-in person are never cached; errors too carry the headers", async () => {
    const token = await signIn("13800000006");
    const me = await call("GET", "/me", { token });
    expect(me.status).toBe(200);
    expect(me.headers.get("cache-control")).toBe("no-store");
    const missing = await call("GET", "/orgs/no-such-org", { token });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-store");
    expect(missing.headers.get("x-frame-options")).toBe("DENY");
  });

  it("the local server's web pages carry the CSP (scripts only from the site) and cannot be framed or sniffed", async () => {
    const webRoot = mkdtempSync(join(tmpdir(), "tongxin-web-"));
    writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>同心</title>");
    const server = await startServer({ port: 0, webRoot });
    try {
      const page = await fetch(`${server.url}/elections/some-id/ballot`);
      expect(page.status).toBe(200);
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      const csp = page.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toMatch(/unsafe-(inline|eval)/);
      // Uploads go to (and photos come from) the S3 server, by presigned URL.
      const s3 = new URL(process.env.S3_ENDPOINT!).origin;
      expect(csp).toContain(`connect-src 'self' ${s3}`);
      expect(csp).toContain(`img-src 'self' data: blob: ${s3}`);
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    } finally {
      await server.close();
    }
  });
});
