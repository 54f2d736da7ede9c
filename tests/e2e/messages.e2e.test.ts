import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn } from "../support/api";
import { launchBrowser, signedInPhone } from "../support/browser";
import { startTestServer } from "../support/server";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const TOWN = "13800000002"; // 王海峰, reviewer of 虹桥镇
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, "dist", "index.html"))) throw new Error("web/dist is missing: run `npx vite build web` first");
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the bell", () => {
  it("the reviewer's bell shows 1 after a proposal is submitted, and following it opens the task", async () => {
    const reviewer = await signIn(TOWN);
    expect((await call("POST", "/messages/read", { token: reviewer, body: { all: true } })).json.unread).toBe(0);
    const title = `铃铛测试-${Date.now().toString(36)}`;
    const submitted = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, {
      token: await signIn("13800000003"),
      body: { data: { title, theme: "sishi", startsAt: "2026-12-20T14:00", endsAt: "2026-12-20T16:00", venue: "活动室", capacity: 30, needsFunds: "no", description: "铃铛" } },
    });
    expect(submitted.status, submitted.text).toBe(201);

    const { context, page } = await signedInPhone(browser, server.url, TOWN, "/");
    const count = page.getByTestId("bell-count");
    for (let attempt = 0; attempt < 20 && !(await count.isVisible()); attempt += 1) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByTestId("bell").waitFor();
    }
    await expect(count.textContent()).resolves.toBe("1");
    await page.getByTestId("bell").click();
    await page.getByRole("heading", { name: "消息" }).waitFor();
    await page.getByRole("button", { name: new RegExp(`待审批：${title}`) }).click();
    await page.waitForURL(`**/instances/${String(submitted.json.instanceId)}`);
    // Opening it marked it read: the count leaves the bell.
    await page.getByTestId("bell-count").waitFor({ state: "detached" });
    await context.close();
  });
});
