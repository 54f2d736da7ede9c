import { Hono } from "hono";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { composeApp } from "./compose";
import type { AppEnv } from "./http/env";
import { problemResponse } from "./http/problem";
import { candidateModules, ROUTE_MODULES, type RouteModuleName } from "./route-modules";

const API = "/api";

interface LoadedModule {
  /** The API with only this module's router mounted: the same middleware, errors and limits. */
  app: Hono<AppEnv>;
  /** Whether the router registers a route for the method and path (middleware aside). */
  serves(method: string, path: string): boolean;
}

async function loadModule(name: RouteModuleName): Promise<LoadedModule> {
  const router = await ROUTE_MODULES[name].load();
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

/**
 * The API for a Lambda cold start: each request loads only the route module that serves it
 * (route-modules.ts), so a cold start reads and compiles that module, not all of them. A path
 * no module claims goes to the whole app (app.ts), which answers it exactly as everywhere else.
 */
export function lazyApp() {
  const modules = new Map<RouteModuleName, Promise<LoadedModule>>();
  let whole: Promise<{ fetch: (request: Request, env?: unknown) => Response | Promise<Response> }> | undefined;

  const load = (name: RouteModuleName) => {
    let module = modules.get(name);
    if (!module) {
      module = loadModule(name);
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
      for (const name of candidateModules(path.slice(API.length))) {
        const module = await load(name);
        if (module.serves(method, path)) return module.app.fetch(request, c.env);
      }
    }
    if (!whole) {
      whole = import("./app").then((m) => m.app);
      whole.catch(() => (whole = undefined));
    }
    return (await whole).fetch(request, c.env);
  });
  // Only a module that fails to load ends up here; routes keep their own error handling.
  front.onError((error, c) => problemResponse(c, error));
  return Object.assign(front, { loadedModules: () => [...modules.keys()] });
}
