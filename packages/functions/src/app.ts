import { composeApp } from "./compose";
import { loadAllRouters } from "./route-modules";

/**
 * The whole HTTP API as a runtime-agnostic Hono app, every router mounted (route-modules.ts):
 * the local Node server serves it and tests call `app.request(...)` directly. The Lambda
 * (`lambda.ts`) serves the same routers, loading each on demand (lazy-app.ts).
 */
export const app = composeApp(await loadAllRouters());
export type App = typeof app;
