import { handle } from "hono/aws-lambda";
import { lazyApp } from "./lazy-app";
import { OFFICE_MODULES } from "./office-modules";

/** The office function (office-routes.ts): file exports and imports, and the OpenAPI document (the whole app, app.ts). */
export const handler = handle(lazyApp(OFFICE_MODULES, async () => (await import("./app")).app));
