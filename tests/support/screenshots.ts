import type { Page } from "playwright-core";

/**
 * Screenshots for looking at a test's pages: one full page per call in /tmp/e2e-<prefix>-<name>.png,
 * and with E2E_SCREENSHOTS=1 also phone-screen slices. Taken from the top, so the sticky header
 * is drawn where it belongs; the page is scrolled back afterwards.
 */
export function screenshotter(prefix: string) {
  return async (page: Page, name: string): Promise<void> => {
    const { scrollY, height } = await page.evaluate(() => ({ scrollY: window.scrollY, height: document.documentElement.scrollHeight }));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `/tmp/e2e-${prefix}-${name}.png`, fullPage: true });
    if (process.env.E2E_SCREENSHOTS) {
      for (let top = 0, part = 1; top < height; top += 600, part += 1) {
        await page.evaluate((y) => window.scrollTo(0, y), top);
        await page.screenshot({ path: `/tmp/e2e-${prefix}-${name}-${part}.png` });
        if (top + 740 >= height) break;
      }
    }
    await page.evaluate((y) => window.scrollTo(0, y), scrollY);
  };
}
