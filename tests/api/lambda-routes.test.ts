/**
 * The Lambda loads route modules on demand (packages/functions/src/lazy-app.ts): a cold start
 * reads only the module a request needs. It must answer every request exactly as the whole app.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../packages/functions/src/app";
import { lazyApp } from "../../packages/functions/src/lazy-app";
import { OFFICE_MODULES } from "../../packages/functions/src/office-modules";
import { officeRouteKeys, servedByOffice } from "../../packages/functions/src/office-routes";
import { candidateModules, ROUTE_MODULES, type RouteTable } from "../../packages/functions/src/route-modules";
import { shanghaiLocal } from "@tongxin/core/activities/time";
import { call, demoOrgs, signIn } from "../support/api";

const env = () => ({ requestContext: { http: { sourceIp: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } } });

/** Every route the whole app serves (not middleware, not the OpenAPI document), as `METHOD /path` under /api. */
function servedRoutes() {
  return [...new Set(app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && r.path !== "/api/openapi.json").map((r) => `${r.method} ${r.path}`))];
}

/** A concrete path for a route pattern (`/orgs/:orgId` → `/orgs/x-orgId`). */
const concrete = (pattern: string) => pattern.replace(/:(\w+)/g, "x-$1");

/**
 * The API as deployed: API Gateway sends the office routes (office-routes.ts) to the office
 * function and everything else to the API function, each a fresh Lambda app.
 */
function deployedApi() {
  const api = lazyApp();
  const office = lazyApp(OFFICE_MODULES, async () => (await import("../../packages/functions/src/app")).app);
  return {
    api,
    office,
    request: (path: string, init: RequestInit = {}, environment?: unknown) =>
      (servedByOffice(init.method ?? "GET", new URL(path, "http://api").pathname) ? office : api).request(path, init, environment),
  };
}

const TABLES: Record<"api" | "office", RouteTable> = { api: ROUTE_MODULES, office: OFFICE_MODULES };

describe("which function and route module the Lambda loads for a request", () => {
  let owners: Map<string, { fn: "api" | "office"; module: string }>;
  beforeAll(async () => {
    owners = new Map();
    for (const fn of ["api", "office"] as const) {
      for (const [name, module] of Object.entries(TABLES[fn])) {
        const router = await module.load();
        for (const route of router.routes) {
          if (route.method === "ALL") continue;
          const key = `${route.method} /api${route.path}`;
          // Within one function the first module mounted answers (as in one app); never in both functions.
          expect(owners.get(key)?.fn ?? fn, `${key} in both functions`).toBe(fn);
          if (!owners.has(key)) owners.set(key, { fn, module: name });
        }
      }
    }
  });

  it("every route the app serves comes from a module in one function's table", () => {
    expect(servedRoutes().filter((route) => !owners.has(route))).toEqual([]);
  });

  it("API Gateway sends a route to the function whose table registers it: the office routes to the office function, the rest to the API function", () => {
    const keyOf = (route: string) => route.replace(/:(\w+)/g, "{$1}");
    const office = servedRoutes().filter((route) => owners.get(route)?.fn === "office").map(keyOf);
    expect(office.sort()).toEqual(officeRouteKeys().filter((key) => key !== "GET /api/openapi.json").sort());
    const misrouted = servedRoutes().filter((route) => {
      const [method, path] = route.split(" ") as [string, string];
      return servedByOffice(method, concrete(path)) !== (owners.get(route)?.fn === "office");
    });
    expect(misrouted).toEqual([]);
  });

  it("every route is found by the hints of the module that registers it (else a cold start loads the whole app)", () => {
    const missed = servedRoutes().filter((route) => {
      const [, path] = route.split(" ");
      const owner = owners.get(route)!;
      return !candidateModules(concrete(path!).replace(/^\/api/, ""), TABLES[owner.fn]).includes(owner.module);
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
    const lazy = deployedApi();
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

  it("answers the office routes through the office function as the whole app does, having loaded only their module there", async () => {
    const deployed = deployedApi();
    const init = { headers: { authorization: `Bearer ${token}` } };
    const org = demoOrgs().xinyicheng;
    for (const path of [`/api/orgs/${org}/stats`, `/api/orgs/${org}/stats?format=xlsx`, "/api/elections/x-electionId/results", "/api/campaigns/x-campaignId/scores.xlsx", "/api/campaigns/x-campaignId/certificates.pdf"]) {
      const [fromDeployed, fromWhole] = await Promise.all([deployed.request(path, init, env()), app.request(path, init, env())]);
      expect(fromDeployed.status, path).toBe(fromWhole.status);
      expect(fromDeployed.headers.get("content-type"), path).toBe(fromWhole.headers.get("content-type"));
      if (/json/.test(fromWhole.headers.get("content-type") ?? "")) {
        const { instance: _a, ...deployedBody } = (await fromDeployed.json()) as Record<string, unknown>;
        const { instance: _b, ...wholeBody } = (await fromWhole.json()) as Record<string, unknown>;
        expect(deployedBody, path).toEqual(wholeBody);
      }
    }
    expect(deployed.office.loadedModules().sort()).toEqual(["activityStats", "campaignCertificates", "campaignScores", "electionResults"]);
    expect(deployed.api.loadedModules()).toEqual([]);
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

  it("answers a path no module claims through the whole app: the OpenAPI document (office function), and 404 problem+json for an unknown route", async () => {
    const lazy = deployedApi();
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
    const lazy = deployedApi();
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
