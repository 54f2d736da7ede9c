import { StaticSite, use, type StackContext } from "sst/constructs";
import { Api } from "./Api";

export function Web({ stack }: StackContext) {
  const { api } = use(Api);

  // The web app calls `/api` on its own origin (the Vite dev server proxies it locally).
  // CloudFront here serves only the built files, and its SPA fallback (403/404 -> index.html)
  // would swallow API errors if /api were routed through it, so deployed builds call the
  // HTTP API directly via VITE_API_URL. SST injects the real URL into the built files at deploy.
  const site = new StaticSite(stack, "Site", {
    path: "web",
    buildCommand: "npx vite build",
    buildOutput: "dist",
    environment: { VITE_API_URL: api.url },
  });

  stack.addOutputs({ SiteUrl: site.url });
  return { site };
}
