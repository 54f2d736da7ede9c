/**
 * The Lambda loads route modules on demand (packages/functions/src/lazy-app.ts): a cold start
 * reads only the module a request needs. It must answer every request exactly as the whole app.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../packages/functions/src/app";
import { lazyApp } from "../../packages/functions/src/lazy-app";
import { candidateModules, ROUTE_MODULES, type RouteModuleName } from "../../packages/functions/src/route-modules";
import { shanghaiLocal } from "@tongxin/core/activities/time";
import { call, demoOrgs, signIn } from "../support/api";

const env = () => ({ requestContext: { http: { sourceIp: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } } });

/** Every route the whole app serves (not middleware, not the OpenAPI document), as `METHOD /path` under /api. */
function servedRoutes() {
  return [...new Set(app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && r.path !== "/api/openapi.json").map((r) => `${r.method} ${r.path}`))];
}

/** A concrete path for a route pattern (`/orgs/:orgId` → `/orgs/x-orgId`). */
const concrete = (pattern: string) => pattern.replace(/:(\w+)/g, "x-$1");

describe("which route module the Lambda loads for a request", () => {
  let owners: Map<string, RouteModuleName>;
  beforeAll(async () => {
    owners = new Map();
    for (const name of Object.keys(ROUTE_MODULES) as RouteModuleName[]) {
      const router = await ROUTE_MODULES[name].load();
      for (const route of router.routes) if (route.method !== "ALL") owners.set(`${route.method} /api${route.path}`, name);
    }
  });

  it("every route the app serves comes from a module in the table", () => {
    expect(servedRoutes().filter((route) => !owners.has(route))).toEqual([]);
  });

  it("every route is found by the hints of the module that registers it (else a cold start loads the whole app)", () => {
    const missed = servedRoutes().filter((route) => {
      const [, path] = route.split(" ");
      return !candidateModules(concrete(path!).replace(/^\/api/, "")).includes(owners.get(route)!);
    });
    expect(missed, "add a path hint to the module in packages/functions/src/route-modules.ts").toEqual([]);
  });
});

describe("the Lambda's API, loading modules on demand", () => {
  let token: string;
  beforeAll(async () => {
    token = await signIn("13800000003");
  });

  it("answers GET /api/me having loaded only the module that serves it", async () => {
    const lazy = lazyApp();
    const response = await lazy.request("/api/me", { headers: { authorization: `Bearer ${token}` } }, env());
    expect(response.status).toBe(200);
    expect((await response.json()).account.name).toBe("张晓雯");
    expect(lazy.loadedModules()).toEqual(["me"]);
  });

  it("answers every parameterless GET route with the same status and body as the whole app", async () => {
    const routes = servedRoutes().filter((route) => route.startsWith("GET ") && !route.includes(":"));
    expect(routes.length).toBeGreaterThan(5);
    const lazy = lazyApp();
    for (const route of routes) {
      const path = route.slice("GET ".length);
      const init = { headers: { authorization: `Bearer ${token}` } };
      const [fromLazy, fromWhole] = await Promise.all([lazy.request(path, init, env()), app.request(path, init, env())]);
      expect(fromLazy.status, path).toBe(fromWhole.status);
      // A problem names its request (instance) and health tells the time: those differ per request.
      const comparable = async (response: Response) => {
        const { instance: _instance, time: _time, ...rest } = (await response.json()) as Record<string, unknown>;
        return rest;
      };
      expect(await comparable(fromLazy), path).toEqual(await comparable(fromWhole));
    }
  });

  it("answers a route's refusals as the whole app does: no session, then bad input", async () => {
    const lazy = lazyApp();
    const noSession = await lazy.request("/api/orgs/nope/members", {}, env());
    expect(noSession.status).toBe(401);
    expect(noSession.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const bad = await lazy.request("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "", password: "x" }) }, env());
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors).toHaveProperty("login");
  });

  it("answers a path no module claims through the whole app: the OpenAPI document, and 404 problem+json for an unknown route", async () => {
    const lazy = lazyApp();
    const doc = await lazy.request("/api/openapi.json", {}, env());
    expect(doc.status).toBe(200);
    expect(Object.keys((await doc.json()).paths)).toContain("/api/me");
    const unknown = await lazy.request("/api/no-such-thing", {}, env());
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).code).toBe("route.not_found");
    // A path a module's hints cover but no route of it matches is the same 404.
    const unmatched = await lazy.request("/api/orgs/x/members/y/z", {}, env());
    expect(unmatched.status).toBe(404);
    expect((await unmatched.json()).code).toBe("route.not_found");
  });

  it("answers HEAD like GET, and a CORS preflight like the whole app", async () => {
    const lazy = lazyApp();
    const head = await lazy.request("/api/health", { method: "HEAD" }, env());
    expect(head.status).toBe(200);
    const preflight = { method: "OPTIONS", headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST" } };
    const [fromLazy, fromWhole] = await Promise.all([lazy.request("/api/auth/login", preflight, env()), app.request("/api/auth/login", preflight, env())]);
    expect(fromLazy.status).toBe(fromWhole.status);
    expect(fromLazy.headers.get("access-control-allow-methods")).toBe(fromWhole.headers.get("access-control-allow-methods"));
    expect(lazy.loadedModules()).toEqual(["health", "auth"]);
  });

  it("answers every write route as the whole app does: the same status and problem for a member with an empty body", async () => {
    const member = await signIn("13800000004");
    // Logout would end the session the rest of the comparison uses; 退出所有设备 every session of that demo person, other files' too.
    const routes = servedRoutes().filter((route) => !route.startsWith("GET ") && route !== "POST /api/auth/logout" && route !== "POST /api/auth/logout-all");
    expect(routes.length).toBeGreaterThan(20);
    const lazy = lazyApp();
    for (const route of routes) {
      const [method, pattern] = route.split(" ") as [string, string];
      const path = concrete(pattern);
      const init = () => ({ method, headers: { authorization: `Bearer ${member}`, "content-type": "application/json" }, body: "{}" });
      const fromLazy = await lazy.request(path, init(), env());
      const fromWhole = await app.request(path, init(), env());
      expect(fromLazy.status, route).toBe(fromWhole.status);
      const comparable = async (response: Response) => {
        const text = await response.text();
        if (!/json/.test(response.headers.get("content-type") ?? "")) return text;
        const { instance: _instance, ...rest } = JSON.parse(text) as Record<string, unknown>;
        return rest;
      };
      expect(await comparable(fromLazy), route).toEqual(await comparable(fromWhole));
    }
  });

  it("a proposal approved step by step through a fresh Lambda app per request opens its activity", async () => {
    const [organizer, town, district] = await Promise.all([signIn("13800000003"), signIn("13800000002"), signIn("13800000001")]);
    const day = shanghaiLocal(new Date(Date.now() + 45 * 86_400_000)).slice(0, 10);
    const data = { title: "按需加载读书会", theme: "fellowship", startsAt: `${day}T19:00`, endsAt: `${day}T21:00`, venue: "新意城新空间", capacity: 12, needsFunds: "no", description: "共读" };
    const send = (token: string, method: string, path: string, body?: unknown) =>
      lazyApp().request(path, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }, env());
    const submitted = await send(organizer, "POST", `/api/orgs/${demoOrgs().xinyicheng}/activities`, { data });
    expect(submitted.status).toBe(201);
    const { instanceId, submissionId } = (await submitted.json()) as { instanceId: string; submissionId: string };
    expect((await send(town, "POST", `/api/instances/${instanceId}/actions`, { type: "approve" })).status).toBe(200);
    expect((await send(district, "POST", `/api/instances/${instanceId}/actions`, { type: "approve" })).status).toBe(200);
    const activity = await call("GET", `/activities/${submissionId}`, { token: organizer });
    expect(activity.status, activity.text).toBe(200);
    expect(activity.json.activity).toMatchObject({ title: "按需加载读书会", status: "open", placesLeft: 12 });
    const signedUp = await send(organizer, "POST", `/api/activities/${submissionId}/signups`, {});
    expect(signedUp.status, await signedUp.clone().text()).toBe(201);
    expect((await call("GET", `/activities/${submissionId}`, { token: organizer })).json.activity.placesLeft).toBe(11);
  });
});
