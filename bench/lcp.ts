import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { startServer } from "../packages/functions/src/local";
import { CHROMIUM_PATH, launchBrowser } from "../tests/support/browser";
import { percentile, record, section } from "./harness";

/**
 * Largest Contentful Paint of the ballot page on a throttled phone: 4× CPU slowdown and a
 * slow-4G network (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up), cold cache each run.
 */
export async function benchLcp(): Promise<void> {
  section("Ballot page LCP in headless Chromium (4× CPU slowdown, slow 4G, cold cache)");
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`  (skipped: no Chromium at ${CHROMIUM_PATH})`);
    return;
  }
  const server = await startServer({ port: 0, webRoot: resolve(import.meta.dirname, "../web/dist") });
  const browser = await launchBrowser();
  const samples: number[] = [];
  try {
    for (let run = 0; run < 5; run += 1) {
      const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await page.addInitScript(() => {
        (window as unknown as { __lcp: number }).__lcp = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) (window as unknown as { __lcp: number }).__lcp = entry.startTime;
        }).observe({ type: "largest-contentful-paint", buffered: true });
      });
      // The page a member lands on from a QR card: the election's vote link (a code in the fragment).
      await page.goto(`${server.url}/elections/bench-election/vote#code=ABCD-EFGH-JKLM-NPQR-STUV-WXYZ`, { waitUntil: "networkidle" });
      await page.waitForTimeout(500);
      samples.push(await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  samples.sort((a, b) => a - b);
  record({ name: "ballot page LCP: median of 5", value: percentile(samples, 50), unit: "ms", budget: 2500, note: `runs: ${samples.map((s) => Math.round(s)).join(", ")} ms` });
}
