/**
 * What every client of the API can rely on whatever the route: the OpenAPI document, one
 * error format, validation that names the field, size limits, CORS for the web app, a
 * request id on every response, and JSON log lines that never carry secrets.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { newId } from "@tongxin/core/ids";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { app } from "../../packages/functions/src/app";
import { call, demoOrgs, uniquePhone } from "../support/api";
import { maskPhone } from "@tongxin/core/privacy/mask";

type Response = Awaited<ReturnType<typeof call>>;

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers: unknown;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, { required?: string[] }>; securitySchemes: Record<string, unknown> };
}

/** Signs in; a 429 can come from another test file signing the same demo person in at the same instant. */
async function signInAs(login: string, password = DEMO_PASSWORD): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await call("POST", "/auth/login", { body: { login, password, delivery: "token" } });
    if (response.status === 200) return response.json.token as string;
    if (response.status !== 429 || attempt >= 5) throw new Error(`sign-in as ${login} failed: ${response.status} ${response.text}`);
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get("retry-after") ?? 1)));
  }
}

let organizer = ""; // 张晓雯, admin of 新意城新空间
let sandboxId = ""; // a throwaway org under 新意城新空间

beforeAll(async () => {
  organizer = await signInAs("13800000003");
  const sandbox = await call("POST", "/orgs", {
    token: organizer,
    body: { name: `平台测试沙盒${Date.now().toString(36)}`, kind: "new_space", parentId: demoOrgs().xinyicheng },
  });
  expect(sandbox.status, sandbox.text).toBe(201);
  sandboxId = sandbox.json.orgId;
});

function expectProblemShape(response: Response, status: number, code: string) {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const requestId = response.headers.get("x-request-id");
  expect(requestId).toEqual(expect.any(String));
  expect(response.json).toMatchObject({
    type: `urn:tongxin:problem:${code}`,
    title: expect.stringMatching(/\S/),
    status,
    code,
    instance: requestId,
  });
}

// ---------------------------------------------------------------------------------------

describe("GET /api/openapi.json", () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    const response = await call("GET", "/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    doc = response.json as OpenApiDocument;
  });

  it("is an OpenAPI 3.1 document with a title, a version and servers", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.stringContaining("Tongxin"), version: expect.any(String) });
    expect(doc.servers).toEqual([{ url: "/" }]);
  });

  it("lists every route the app serves, under its /api path with {param} placeholders", () => {
    const registered = app.openAPIRegistry.definitions.flatMap((definition) =>
      definition.type === "route" ? [[definition.route.path, definition.route.method] as const] : [],
    );
    expect(registered.length).toBeGreaterThanOrEqual(12);
    for (const [path, method] of registered) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(Object.keys(doc.paths["/api/orgs/{orgId}/members"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/orgs/{orgId}/members/{accountId}"] ?? {}).sort()).toEqual(["delete", "patch"]);
    for (const path of ["/api/health", "/api/auth/login", "/api/auth/logout", "/api/me", "/api/orgs", "/api/orgs/{orgId}", "/api/orgs/{orgId}/members/import"]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    for (const path of Object.keys(doc.paths)) expect(path).not.toMatch(/:\w+/);
  });

  it("declares every path parameter the paths name", () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const [method, operation] of Object.entries(operations)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        expect(declared.sort(), `${method} ${path}`).toEqual(names.sort());
      }
    }
  });

  it("has components: the shared schemas and the session security scheme", () => {
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["Problem", "Org", "OrgDetail", "Member", "Session", "Me", "LoginRequest"]));
    expect(doc.components.schemas.Problem?.required).toEqual(expect.arrayContaining(["type", "title", "status", "code"]));
    expect(doc.components.securitySchemes.session).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("documents every error response as application/problem+json with the Problem schema", () => {
    let errorResponses = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400) continue;
          errorResponses += 1;
          expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual(["application/problem+json"]);
          expect(response.content?.["application/problem+json"]?.schema).toEqual({ $ref: "#/components/schemas/Problem" });
        }
      }
    }
    expect(errorResponses).toBeGreaterThan(10);
  });

  it("needs no session", async () => {
    expect((await call("GET", "/openapi.json", { token: "not-a-token" })).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------

describe("errors", () => {
  it("every kind of error comes back as problem+json with type, title, status, code and the request id as instance", async () => {
    const cases: Array<[string, Response, number, string]> = [
      ["not signed in", await call("GET", "/me"), 401, "auth.required"],
      ["wrong password", await call("POST", "/auth/login", { body: { login: uniquePhone(), password: "wrong-password" } }), 401, "auth.invalid_credentials"],
      ["not allowed", await call("GET", "/orgs", { token: organizer }), 403, "access.denied"],
      ["unknown org", await call("GET", `/orgs/${newId()}`, { token: organizer }), 404, "org.not_found"],
      ["unknown member", await call("DELETE", `/orgs/${sandboxId}/members/${newId()}`, { token: organizer }), 404, "member.not_found"],
      ["unknown route", await call("GET", "/no-such-route"), 404, "route.not_found"],
      ["wrong method", await call("PUT", "/health"), 404, "route.not_found"],
      ["invalid input", await call("POST", "/orgs", { token: organizer, body: { name: "x", kind: "nope", parentId: sandboxId } }), 422, "validation.failed"],
      ["malformed JSON", await call("POST", "/auth/login", { body: "{", headers: { "content-type": "application/json" } }), 400, "request.malformed"],
      ["too large", await call("POST", "/auth/login", { body: JSON.stringify({ login: "x", password: "y".repeat(300 * 1024) }), headers: { "content-type": "application/json" } }), 413, "request.too_large"],
    ];
    for (const [why, response, status, code] of cases) {
      try {
        expectProblemShape(response, status, code);
      } catch (error) {
        throw new Error(`${why}: ${(error as Error).message}`);
      }
    }
  });

  it("a validation failure is 422 with `errors` keyed by the field: POST /orgs with kind \"nope\" names kind", async () => {
    const response = await call("POST", "/orgs", { token: organizer, body: { name: "七宝新空间", kind: "nope", parentId: sandboxId } });
    expectProblemShape(response, 422, "validation.failed");
    expect(Object.keys(response.json.errors)).toEqual(["kind"]);
    expect(response.json.errors.kind).toEqual([expect.stringMatching(/\S/)]);
    expect(response.json.title).toContain("kind");
  });

  it("a nested field is named by its dotted path (roles.1)", async () => {
    const response = await call("POST", `/orgs/${sandboxId}/members`, { token: organizer, body: { name: "路径测试", phone: uniquePhone(), roles: ["member", "boss"] } });
    expectProblemShape(response, 422, "validation.failed");
    expect(Object.keys(response.json.errors)).toEqual(["roles.1"]);
  });

  it("several bad fields are all named at once", async () => {
    const response = await call("POST", `/orgs/${sandboxId}/members`, { token: organizer, body: { name: "", phone: "123", email: "not-an-email" } });
    expectProblemShape(response, 422, "validation.failed");
    expect(Object.keys(response.json.errors).sort()).toEqual(["email", "name", "phone"]);
  });

  it("a bad query parameter is named too", async () => {
    const response = await call("GET", `/orgs/${sandboxId}/members?limit=100000`, { token: organizer });
    expectProblemShape(response, 422, "validation.failed");
    expect(Object.keys(response.json.errors)).toEqual(["limit"]);
  });

  it("malformed JSON is 400 request.malformed, not a validation error", async () => {
    const response = await call("POST", "/orgs", { token: organizer, body: '{"name": "新空间", "kind": ', headers: { "content-type": "application/json" } });
    expectProblemShape(response, 400, "request.malformed");
    expect(response.json.errors).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------

describe("request size limits", () => {
  const padded = (fields: Record<string, unknown>, bytes: number) => JSON.stringify({ ...fields, padding: "汉".repeat(Math.ceil(bytes / 3)) });

  it("a JSON body over 256 KB is refused with 413 request.too_large and the person is not added", async () => {
    const phone = uniquePhone();
    const response = await call("POST", `/orgs/${sandboxId}/members`, {
      token: organizer,
      body: padded({ name: "超大请求", phone }, 257 * 1024),
      headers: { "content-type": "application/json" },
    });
    expectProblemShape(response, 413, "request.too_large");
    const roll = await call("GET", `/orgs/${sandboxId}/members?limit=200`, { token: organizer });
    expect(roll.status).toBe(200);
    expect(roll.json.items.map((m: { phone: string }) => m.phone)).not.toContain(maskPhone(phone));
  });

  it("an oversized create-org request creates no org", async () => {
    const name = `超大组织${Date.now().toString(36)}`;
    const response = await call("POST", "/orgs", {
      token: organizer,
      body: padded({ name, kind: "new_space", parentId: sandboxId }, 300 * 1024),
      headers: { "content-type": "application/json" },
    });
    expectProblemShape(response, 413, "request.too_large");
    const parent = await call("GET", `/orgs/${sandboxId}`, { token: organizer });
    expect(parent.json.children.map((c: { name: string }) => c.name)).not.toContain(name);
  });

  it("a body just under 256 KB is not refused for its size", async () => {
    const response = await call("POST", `/orgs/${sandboxId}/members`, {
      token: organizer,
      body: padded({ name: "接近上限", phone: "123" }, 250 * 1024),
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(422);
    expect(response.json.errors.phone).toBeDefined();
  });

  it("a roll file may be larger than 256 KB (the import limit is 5 MB), but not larger than 5 MB", async () => {
    // 300 KB of one meaningless CSV column: read in full, then refused for its content, not its size.
    const big = new TextEncoder().encode(`无关列\n${"无关内容,\n".repeat(300 * 1024 / 16)}`);
    expect(big.byteLength).toBeGreaterThan(256 * 1024);
    const accepted = await call("POST", `/orgs/${sandboxId}/members/import`, { token: organizer, body: big, headers: { "content-type": "text/csv" } });
    expect(accepted.status, accepted.text).toBe(422);
    expect(accepted.json.code).not.toBe("request.too_large");

    const huge = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x25);
    const refused = await call("POST", `/orgs/${sandboxId}/members/import`, { token: organizer, body: huge, headers: { "content-type": "text/csv" } });
    expectProblemShape(refused, 413, "request.too_large");
  });
});

// ---------------------------------------------------------------------------------------

describe("CORS for the web app", () => {
  const WEB = "https://tongxin.example.cn";
  const saved = process.env.WEB_ORIGIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.WEB_ORIGIN;
    else process.env.WEB_ORIGIN = saved;
  });

  const preflight = (origin: string) =>
    call("OPTIONS", "/orgs", {
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,idempotency-key" },
    });

  it("a preflight from the configured web origin is allowed with credentials", async () => {
    process.env.WEB_ORIGIN = WEB;
    const response = await preflight(WEB);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(WEB);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-allow-methods")?.split(",")).toEqual(expect.arrayContaining(["GET", "POST", "PATCH", "DELETE"]));
    expect(response.headers.get("access-control-allow-headers")?.split(",")).toEqual(expect.arrayContaining(["content-type", "authorization", "idempotency-key"]));
    expect(response.headers.get("vary")).toMatch(/Origin/i);
  });

  it("a preflight from any other origin gets no allow-origin header", async () => {
    process.env.WEB_ORIGIN = WEB;
    for (const origin of ["https://evil.example", "https://tongxin.example.cn.evil.example", "http://tongxin.example.cn", "null"]) {
      const response = await preflight(origin);
      expect(response.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });

  it("with no web origin configured, no origin is allowed", async () => {
    delete process.env.WEB_ORIGIN;
    expect((await preflight(WEB)).headers.get("access-control-allow-origin")).toBeNull();
    expect((await preflight("")).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("an actual request from the web origin may read x-request-id and retry-after", async () => {
    process.env.WEB_ORIGIN = WEB;
    const response = await call("GET", "/health", { headers: { origin: WEB } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(WEB);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("access-control-expose-headers")?.split(",")).toEqual(expect.arrayContaining(["x-request-id", "retry-after"]));
  });

  it("an error response to the web origin carries the CORS headers too, so the app can read it", async () => {
    process.env.WEB_ORIGIN = WEB;
    const response = await call("GET", "/me", { headers: { origin: WEB } });
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBe(WEB);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
  });
});

// ---------------------------------------------------------------------------------------

describe("request ids", () => {
  it("every response carries an x-request-id, each one different", async () => {
    const sessionToken = await signInAs("13800000006");
    const responses = [
      await call("GET", "/health"),
      await call("GET", "/openapi.json"),
      await call("GET", "/me", { token: sessionToken }),
      await call("GET", "/me"),
      await call("GET", "/nope"),
      await call("OPTIONS", "/orgs", { headers: { origin: "https://x.example", "access-control-request-method": "POST" } }),
      await call("POST", "/orgs", { token: organizer, body: { kind: "nope" } }),
      await call("POST", "/auth/login", { body: "{", headers: { "content-type": "application/json" } }),
      await call("POST", "/auth/logout", { token: sessionToken }),
    ];
    const ids = responses.map((response) => response.headers.get("x-request-id"));
    for (const [index, id] of ids.entries()) expect(id, `response #${index} (${responses[index]!.status})`).toMatch(/^[\w-]{8,}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

// ---------------------------------------------------------------------------------------

describe("logs", () => {
  it("are one JSON object per line, with the request id, and never contain a password or a token", async () => {
    const savedLevel = process.env.LOG_LEVEL;
    delete process.env.LOG_LEVEL;
    const lines: string[] = [];
    const logSpy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    const errorSpy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    const warnSpy = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    const secrets: string[] = [DEMO_PASSWORD, "another-wrong-password-42"];
    const requestIds: string[] = [];
    try {
      const login = await call("POST", "/auth/login", { body: { login: "13800000006", password: DEMO_PASSWORD } });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
      const sessionToken = cookie.slice("tx_session=".length);
      secrets.push(sessionToken, sessionToken.split(".")[2]!);
      const responses = [
        login,
        await call("GET", "/me", { token: sessionToken }),
        await call("GET", "/me", { headers: { cookie } }),
        await call("GET", "/me?token=" + sessionToken),
        await call("POST", "/auth/login", { body: { login: uniquePhone(), password: "another-wrong-password-42" } }),
        await call("POST", `/orgs/${sandboxId}/members`, { token: organizer, body: { name: "日志测试", phone: uniquePhone() } }),
        await call("POST", "/auth/logout", { token: sessionToken }),
      ];
      secrets.push(organizer);
      requestIds.push(...responses.map((response) => response.headers.get("x-request-id")!));
    } finally {
      logSpy.mockRestore();
      errorSpy.mockRestore();
      warnSpy.mockRestore();
      if (savedLevel === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = savedLevel;
    }

    expect(lines.length).toBeGreaterThanOrEqual(requestIds.length);
    const entries = lines.map((line) => {
      expect(line).not.toContain("\n");
      return JSON.parse(line) as Record<string, unknown>;
    });
    for (const entry of entries) expect(entry).toMatchObject({ level: expect.stringMatching(/^(info|warn|error)$/), time: expect.any(String), msg: expect.any(String) });
    const requestLines = entries.filter((entry) => entry.msg === "request");
    expect(requestLines.map((entry) => entry.requestId)).toEqual(expect.arrayContaining(requestIds));
    expect(requestLines.find((entry) => entry.requestId === requestIds[0])).toMatchObject({ method: "POST", path: "/api/auth/login", status: 200 });
    for (const line of lines) {
      for (const secret of secrets) expect(line).not.toContain(secret);
      expect(line).not.toMatch(/tx_session=|Bearer /i);
    }
  });
});
