/**
 * The web app's Content-Security-Policy, one definition for both places that serve the pages:
 * the local server (packages/functions/src/local.ts) and, in AWS, CloudFront's response headers
 * policy (stacks/Web.ts).
 *
 * Scripts only from the site itself (the built index.html has no inline script: Vite emits
 * `<script type="module" src>`; tests/e2e check the pages run under it), no plugins, no `<base>`,
 * never framed. Styles: the built stylesheets only; React's `style={...}` props are set through
 * the CSSOM, which `style-src` does not govern. Images may be `data:`/`blob:` (QR codes drawn in
 * the page, photo previews) and, like uploads (a presigned PUT), come from the uploads bucket:
 * `/api/uploads/<id>` redirects there.
 */
export function webContentSecurityPolicy(uploadsOrigin?: string): Record<string, string[]> {
  const uploads = uploadsOrigin ? [uploadsOrigin] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:", "blob:", ...uploads],
    connectSrc: ["'self'", ...uploads],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  };
}

/** The policy as a header value: `default-src 'self'; script-src 'self'; ...`. */
export function contentSecurityPolicyHeader(policy: Record<string, string[]>): string {
  return Object.entries(policy)
    .map(([directive, sources]) => `${directive.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${sources.join(" ")}`)
    .join("; ");
}
