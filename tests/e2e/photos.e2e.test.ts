import { GetObjectCommand } from "@aws-sdk/client-s3";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
// @ts-expect-error piexifjs ships no types; dump/insert/load work on binary strings
import piexif from "piexifjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatBeijingTime } from "@tongxin/core/office/beijing-time";
import { s3, uploadsBucket } from "@tongxin/core/uploads/s3";
import { getUpload } from "@tongxin/core/uploads/uploads";
import { call, demoOrgs, signIn } from "../support/api";
import { launchBrowser, signInOnPage } from "../support/browser";
import { activityForm } from "../support/fixtures";
import { startTestServer } from "../support/server";

/**
 * A member's phone photo carries where it was taken (EXIF GPS). Through the web's own upload
 * path the photo is re-encoded before it leaves the browser: what storage holds has no EXIF, and
 * its long side is at most 2,000 px. The browser runs in New York and still shows Beijing time.
 */
const WEB_ROOT = resolve(import.meta.dirname, "../../web");
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

/** A real camera-sized JPEG drawn by Chromium, with GPS tags (上海, 31.2°N 121.4°E) put in by piexifjs. */
async function jpegWithGps(): Promise<Buffer> {
  const page = await browser.newPage();
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 3000;
    canvas.height = 1600;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#c33";
    context.fillRect(0, 0, 3000, 1600);
    context.fillStyle = "#fff";
    context.fillRect(400, 400, 800, 600);
    return canvas.toDataURL("image/jpeg", 0.9);
  });
  await page.close();
  const gps = {
    [piexif.GPSIFD.GPSLatitudeRef]: "N",
    [piexif.GPSIFD.GPSLatitude]: [[31, 1], [12, 1], [0, 1]],
    [piexif.GPSIFD.GPSLongitudeRef]: "E",
    [piexif.GPSIFD.GPSLongitude]: [[121, 1], [24, 1], [0, 1]],
  };
  const exif = piexif.dump({ "0th": { [piexif.ImageIFD.Make]: "TestPhone" }, GPS: gps });
  const tagged: string = piexif.insert(exif, dataUrl);
  return Buffer.from(tagged.split(",")[1]!, "base64");
}

const hasExif = (bytes: Uint8Array) => Buffer.from(bytes).includes(Buffer.from("Exif\0\0", "latin1"));

/** Width and height from a JPEG's first SOF marker. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  let offset = 2;
  while (offset < bytes.length) {
    const marker = bytes[offset + 1]!;
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (marker >= 0xc0 && marker <= 0xc3) return { height: (bytes[offset + 5]! << 8) | bytes[offset + 6]!, width: (bytes[offset + 7]! << 8) | bytes[offset + 8]! };
    offset += 2 + length;
  }
  throw new Error("no SOF marker");
}

describe("photos leave the phone without their location", { timeout: 90_000 }, () => {
  let formId: string;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const admin = await signIn("13800000001");
    const form = { ...activityForm, title: `照片检查-${Date.now().toString(36)}` };
    formId = (await call("POST", `/orgs/${demoOrgs().district}/forms`, { token: admin, body: { definition: form, publish: true } })).json.form.formId;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a JPEG with GPS uploaded on the fill page is stored re-encoded, with no EXIF, 2,000 px at most; times read in Beijing time", async () => {
    const original = await jpegWithGps();
    expect(hasExif(original)).toBe(true);
    expect(piexif.load(original.toString("binary")).GPS[piexif.GPSIFD.GPSLatitudeRef]).toBe("N");

    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 375, height: 740 }, locale: "zh-CN", timezoneId: "America/New_York" });
    const page = await context.newPage();
    try {
      await page.goto(`/forms/${formId}/fill`);
      await signInOnPage(page, "13800000003");
      await page.getByLabel("活动名称").fill("照片上传检查");
      await page.getByLabel("活动海报", { exact: true }).setInputFiles({ name: "现场.jpg", mimeType: "image/jpeg", buffer: original });
      const link = page.getByRole("list", { name: "活动海报：已上传" }).getByRole("link", { name: "现场.jpg" });
      await link.waitFor();

      // The draft's time is Beijing time although the browser is in New York.
      const saved = await page.getByText(/草稿已保存 \d{2}:\d{2}/).textContent();
      const now = Date.now();
      expect([-60_000, 0, 60_000].map((shift) => formatBeijingTime(new Date(now + shift)))).toContain(saved!.match(/\d{2}:\d{2}/)![0]);

      const uploadId = (await link.getAttribute("href"))!.match(/uploads\/([^/?]+)/)![1]!;
      const upload = await getUpload(uploadId);
      const stored = await (await s3().send(new GetObjectCommand({ Bucket: uploadsBucket(), Key: upload!.key }))).Body!.transformToByteArray();
      expect(stored[0]).toBe(0xff);
      expect(stored[1]).toBe(0xd8); // still a JPEG
      expect(hasExif(stored)).toBe(false);
      expect(Buffer.from(stored).includes(Buffer.from("TestPhone"))).toBe(false);
      expect(Math.max(jpegSize(stored).width, jpegSize(stored).height)).toBeLessThanOrEqual(2000);
      expect(upload!.size).toBe(stored.length);
    } finally {
      await context.close();
    }
  });
});
