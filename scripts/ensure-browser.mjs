// `npm test` step: makes sure the browser tests have a Chromium (finds it, installs Debian's
// when root or passwordless sudo allows), or stops with one line saying what to install.
import { ensureChromium } from "./lib/chromium.mjs";

try {
  ensureChromium();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
