import { resolve } from "node:path";
import { startServer } from "../packages/functions/src/local";
import { launchBrowser } from "../tests/support/browser";
import { percentile, record, section } from "./harness";

const RUNS = 5;

/** The parts of the setup answers the bench reads. */
interface SetupAnswer {
  orgId: string;
  accountId: string;
  election: { electionId: string };
  items: Array<{ code: string }>;
}

/**
 * A real open election with one voting code per run, set up through the local server as an
 * admin would: the page measured is the ballot a member sees after scanning a QR card.
 */
async function openElectionWithCodes(baseUrl: string, adminToken: string, districtId: string): Promise<{ electionId: string; codes: string[] }> {
  const api = async (method: string, path: string, body?: unknown, contentType = "application/json") => {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { "content-type": contentType }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => undefined)) as SetupAnswer | undefined;
    if (!response.ok) throw new Error(`LCP setup: ${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
    return json!;
  };
  const stamp = String(Date.now() % 1_000_000).padStart(6, "0");
  const { orgId } = await api("POST", "/orgs", { name: `测速分会${stamp}`, kind: "branch", parentId: districtId });
  const roster = ["姓名,手机", ...Array.from({ length: RUNS + 2 }, (_, i) => `会员${i},156${stamp}${String(i).padStart(2, "0")}`)];
  await api("POST", `/orgs/${orgId}/members/import`, "\uFEFF" + roster.join("\r\n"), "text/csv");
  const scrutineers: string[] = [];
  for (const i of [0, 1]) scrutineers.push((await api("POST", `/orgs/${orgId}/members`, { name: `监票人${i}`, phone: `155${stamp}${String(i).padStart(2, "0")}`, roles: ["scrutineer"] })).accountId);
  const { election } = await api("POST", `/orgs/${orgId}/elections`, {
    title: "七宝分会第二届理事会换届选举",
    mode: "online",
    positions: [
      { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }] },
      { title: "副会长", seats: 2, kind: "competitive", candidates: [{ name: "李华" }, { name: "张敏" }, { name: "陈静" }] },
    ],
    motions: [{ title: "审议第一届理事会工作报告" }],
  });
  await api("POST", `/elections/${election.electionId}/scrutineers`, { accountIds: scrutineers });
  await api("POST", `/elections/${election.electionId}/roll`);
  const codes = (await api("POST", `/elections/${election.electionId}/codes`, { all: true })).items.map((c) => c.code);
  await api("POST", `/elections/${election.electionId}/open`);
  return { electionId: election.electionId, codes };
}

/**
 * Largest Contentful Paint of the ballot page on a throttled phone: 4× CPU slowdown and a
 * slow-4G network (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up), cold cache each run.
 */
export async function benchLcp(adminToken: string, districtId: string): Promise<void> {
  section("Ballot page LCP in headless Chromium (4× CPU slowdown, slow 4G, cold cache)");
  const server = await startServer({ port: 0, webRoot: resolve(import.meta.dirname, "../web/dist") });
  const browser = await launchBrowser();
  const samples: number[] = [];
  const elements: string[] = [];
  try {
    const { electionId, codes } = await openElectionWithCodes(server.url, adminToken, districtId);
    for (let run = 0; run < RUNS; run += 1) {
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
          for (const entry of list.getEntries()) {
            const w = window as unknown as { __lcp: number; __lcpText: string };
            w.__lcp = entry.startTime;
            w.__lcpText = ((entry as PerformanceEntry & { element?: Element }).element?.textContent ?? "").trim().slice(0, 24);
          }
        }).observe({ type: "largest-contentful-paint", buffered: true });
      });
      // The page a member lands on from a QR card: the election's vote link (the code in the fragment).
      await page.goto(`${server.url}/elections/${electionId}/vote#code=${codes[run]}`, { waitUntil: "networkidle" });
      await page.getByText("王建国").first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      const { lcp, text } = await page.evaluate(() => {
        const w = window as unknown as { __lcp: number; __lcpText: string };
        return { lcp: w.__lcp, text: w.__lcpText };
      });
      samples.push(lcp);
      elements.push(text);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  samples.sort((a, b) => a - b);
  record({ name: "ballot page LCP: median of 5", value: percentile(samples, 50), unit: "ms", budget: 2500, note: `runs: ${samples.map((s) => Math.round(s)).join(", ")} ms; largest element: “${[...new Set(elements)].join("” / “")}”` });
}
