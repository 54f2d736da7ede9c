import { Hono } from "hono";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { composeApp } from "./compose";
import type { AppEnv } from "./http/env";
import { problemResponse } from "./http/problem";
import { candidateModules, loadRouters, ROUTE_MODULES, type RouteTable } from "./route-modules";

const API = "/api";

interface LoadedModule {
  /** The API with only this module's router mounted: the same middleware, errors and limits. */
  app: Hono<AppEnv>;
  /** Whether the router registers a route for the method and path (middleware aside). */
  serves(method: string, path: string): boolean;
}

async function loadModule(table: RouteTable, name: string): Promise<LoadedModule> {
  const router = await table[name]!.load();
  // The router Hono itself uses by default, so matching agrees with the app.
  const routes = new SmartRouter<true>({ routers: [new RegExpRouter(), new TrieRouter()] });
  for (const route of router.routes) if (route.method !== "ALL") routes.add(route.method, `${API}${route.path}`, true);
  return { app: composeApp([router], new Hono<AppEnv>()), serves: (method, path) => routes.match(method, path)[0].length > 0 };
}

/** The method a request is routed by: HEAD as GET, a CORS preflight as the method it asks about. */
function routedMethod(request: Request): string {
  if (request.method === "HEAD") return "GET";
  if (request.method === "OPTIONS") return request.headers.get("access-control-request-method")?.toUpperCase() ?? "GET";
  return request.method;
}

type FetchApp = { fetch: (request: Request, env?: unknown) => Response | Promise<Response> };

/** The function's own modules all mounted: answers what no module claims (404, CORS preflight…) as one app would. */
async function wholeOf(table: RouteTable): Promise<FetchApp> {
  return composeApp(await loadRouters(table), new Hono<AppEnv>());
}

/**
 * One Lambda function's API for a cold start: each request loads only the route module of the
 * function's table (route-modules.ts) that serves it, so a cold start reads and compiles that
 * module, not all of them. A path no module claims goes to `whole` (by default the table's
 * modules all mounted), which answers it exactly as the whole app does. The API function
 * serves ROUTE_MODULES; the office function OFFICE_MODULES, with the whole app (app.ts) behind.
 */
export function lazyApp(table: RouteTable = ROUTE_MODULES, whole: () => Promise<FetchApp> = () => wholeOf(table)) {
  const modules = new Map<string, Promise<LoadedModule>>();
  let loadedWhole: Promise<FetchApp> | undefined;

  const load = (name: string) => {
    let module = modules.get(name);
    if (!module) {
      module = loadModule(table, name);
      modules.set(name, module);
      module.catch(() => modules.delete(name));
    }
    return module;
  };

  const front = new Hono<AppEnv>();
  front.all("*", async (c) => {
    const request = c.req.raw;
    const path = c.req.path;
    if (path.startsWith(`${API}/`)) {
      const method = routedMethod(request);
      for (const name of candidateModules(path.slice(API.length), table)) {
        const module = await load(name);
        if (module.serves(method, path)) return module.app.fetch(request, c.env);
      }
    }
    if (!loadedWhole) {
      loadedWhole = whole();
      loadedWhole.catch(() => (loadedWhole = undefined));
    }
    return (await loadedWhole).fetch(request, c.env);
  });
  // Only a module that fails to load ends up here; routes keep their own error handling.
  front.onError((error, c) => problemResponse(c, error));
  return Object.assign(front, { loadedModules: () => [...modules.keys()] });
}
