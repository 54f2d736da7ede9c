import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";
import { launchBrowser, phoneContext } from "../support/browser";
import { demoOrgs } from "../support/api";
import { startTestServer } from "../support/server";
import { maskPhone } from "@tongxin/core/privacy/mask";

const WEB_ROOT = resolve(import.meta.dirname, "../../web");
const ORG_ADMIN = "13800000003"; // 张晓雯, admin of 新意城新空间

let server: { url: string; close(): Promise<void> };
let browser: Browser;
let workDir: string;

/** Phone numbers 1390000xxxx, never the same twice in a run, so reruns and other tests don't collide. */
const usedPhones = new Set<string>();
function freshPhone(): string {
  for (;;) {
    const phone = `1390000${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
    if (!usedPhones.has(phone)) {
      usedPhones.add(phone);
      return phone;
    }
  }
}

/** A roll as a spreadsheet program saves it: UTF-8 with a BOM, Chinese headers, CRLF. */
async function writeRoster(name: string, rows: string[][]): Promise<string> {
  const path = join(workDir, name);
  const lines = [["姓名", "手机", "单位", "职务", "新阶层类别", "角色"], ...rows].map((row) => row.join(","));
  await writeFile(path, `\uFEFF${lines.join("\r\n")}\r\n`, "utf8");
  return path;
}

async function signIn(page: Page, login = ORG_ADMIN) {
  await page.getByRole("heading", { name: "登录" }).waitFor();
  await page.getByLabel("手机号或邮箱").fill(login);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
}

/** Presses 加载更多 until the whole roll is on the page. */
async function showAllMembers(page: Page) {
  await page.locator("table.members tbody tr").first().waitFor();
  const more = page.getByRole("button", { name: "加载更多" });
  while (await more.isVisible()) {
    await more.click();
    await page.waitForFunction(() => ![...document.querySelectorAll("button")].some((button) => button.textContent === "加载中…"));
  }
}

/** Extra screenshots of each step to /tmp/e2e-<name>.png when E2E_SCREENSHOTS is set (for layout checks). */
async function snap(page: Page, name: string) {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `/tmp/e2e-${name}.png`, fullPage: true });
}

/** The roll shows phones masked (脱敏), 139****1234: the row is found by the masked phone. */
const memberRow = (page: Page, phone: string) => page.locator("table.members tbody tr", { hasText: maskPhone(phone) });

describe("member roll on a phone", { timeout: 60_000 }, () => {
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, "dist/index.html"))) {
      const { build } = await import("vite");
      await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), logLevel: "warn" });
    }
    workDir = await mkdtemp(join(tmpdir(), "tongxin-e2e-"));
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("an org admin imports a roster on a phone and sees the new members", async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    try {
      await page.goto("/");
      await signIn(page);

      await page.getByRole("heading", { name: "我的组织" }).waitFor();
      await snap(page, "home");
      await page.getByRole("link", { name: /^新意城新空间/ }).click();
      await page.getByRole("heading", { name: "新意城新空间" }).waitFor();
      await snap(page, "org");
      await page.getByRole("link", { name: "成员管理" }).click();
      await page.getByRole("heading", { name: "成员", exact: true }).waitFor();
      await page.getByText("添加成员", { exact: true }).click();
      await snap(page, "add-member");
      await page.getByRole("link", { name: "导入花名册" }).click();
      await page.getByRole("heading", { name: "导入花名册" }).waitFor();

      const people = [
        { name: "顾文静", phone: freshPhone(), unit: "上海禾信会计师事务所", title: "合伙人", stratum: "中介组织和社会组织从业人员", roles: "会员" },
        { name: "沈嘉怡", phone: freshPhone(), unit: "虹桥融媒工作室", title: "主理人", stratum: "新媒体从业人员", roles: "会员" },
        { name: "陆子航", phone: freshPhone(), unit: "上海某软件有限公司", title: "产品总监", stratum: "民营企业和外商投资企业管理技术人员", roles: "\"会员,监票人\"" },
      ];
      const roster = await writeRoster(
        "roster.csv",
        people.map((person) => [person.name, person.phone, person.unit, person.title, person.stratum, person.roles]),
      );
      await page.getByLabel("花名册文件").setInputFiles(roster);
      await page.getByRole("button", { name: "上传并预览" }).click();
      await page.getByText("将新增 3 人，更新 0 人的资料", { exact: false }).waitFor();
      await page.getByRole("button", { name: "确认导入 3 人" }).click();

      await page.getByText("已导入 3 人（新增 3，更新 0）").waitFor();
      await snap(page, "import-done");
      await page.getByRole("link", { name: "返回成员名单", exact: true }).click();
      await page.getByRole("heading", { name: "成员", exact: true }).waitFor();
      await showAllMembers(page);

      for (const person of people) {
        const row = memberRow(page, person.phone);
        await row.waitFor();
        expect(await row.textContent()).toContain(person.name);
      }
      expect(await memberRow(page, people[2]!.phone).textContent()).toContain("监票人");

      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: "/tmp/e2e-members.png" });
      if (process.env.E2E_SCREENSHOTS) {
        await page.setViewportSize({ width: 1024, height: 800 });
        await snap(page, "members-wide");
      }
    } finally {
      await context.close();
    }
  });

  it("an org admin uploads a roster with a wrong phone number, sees the row to fix, and nobody is added", async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    try {
      // A deep link while signed out: sign in, then land back on the import page.
      await page.goto(`/orgs/${demoOrgs().xinyicheng}/members/import`);
      await signIn(page);
      await page.getByRole("heading", { name: "导入花名册" }).waitFor();

      const good = [freshPhone(), freshPhone()];
      const roster = await writeRoster("bad-roster.csv", [
        ["钱思琪", good[0]!, "闵行区律师协会", "律师", "中介组织和社会组织从业人员", "会员"],
        ["孙浩然", "1390000123", "自由摄影师", "", "自由职业人员", "会员"],
        ["吴佳宁", good[1]!, "虹桥镇某公司", "经理", "", ""],
      ]);
      await page.getByLabel("花名册文件").setInputFiles(roster);
      await page.getByRole("button", { name: "上传并预览" }).click();

      await page.getByRole("alert").filter({ hasText: "花名册有1处错误，未导入任何人" }).waitFor();
      const errors = page.locator("table.row-errors tbody tr");
      expect(await errors.count()).toBe(1);
      expect(await errors.first().locator("td").allTextContents()).toEqual(["第3行", "手机", "请输入正确的11位手机号"]);
      expect(await page.getByText(/已导入/).count()).toBe(0);
      await snap(page, "import-errors");

      await page.getByRole("link", { name: "← 返回成员名单" }).click();
      await page.getByRole("heading", { name: "成员", exact: true }).waitFor();
      await showAllMembers(page);
      await memberRow(page, ORG_ADMIN).waitFor();
      for (const phone of good) expect(await memberRow(page, phone).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("an org admin adds a member by hand, is told when the person is already a member, and removes them", async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    try {
      await page.goto(`/orgs/${demoOrgs().xinyicheng}/members`);
      await signIn(page);
      await page.getByRole("heading", { name: "成员", exact: true }).waitFor();
      await page.getByText("添加成员", { exact: true }).click();

      const phone = freshPhone();
      await page.getByLabel("姓名").fill("韩雨桐");
      await page.getByLabel("手机").fill("123");
      await page.getByRole("button", { name: "添加", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "请输入正确的11位手机号" }).waitFor();

      await page.getByLabel("手机").fill(phone);
      await page.getByLabel("单位").fill("虹桥镇文化中心");
      await page.getByRole("button", { name: "添加", exact: true }).click();
      await page.getByText("已添加“韩雨桐”。").waitFor();
      await memberRow(page, phone).waitFor();

      // The same person again: the server's reason appears next to 手机.
      await page.getByLabel("姓名").fill("韩雨桐");
      await page.getByLabel("手机").fill(phone);
      await page.getByRole("button", { name: "添加", exact: true }).click();
      const phoneError = page.getByRole("alert").filter({ hasText: "此人已是本组织成员" });
      await phoneError.waitFor();
      expect(await page.getByLabel("手机").getAttribute("aria-describedby")).toBe(await phoneError.getAttribute("id"));

      await page.getByRole("button", { name: "移除 韩雨桐" }).click();
      // The app's own dialog, not the browser's confirm.
      await page.getByRole("dialog", { name: "移出成员" }).getByRole("button", { name: "确认移出" }).click();
      await memberRow(page, phone).waitFor({ state: "detached" });
    } finally {
      await context.close();
    }
  });

  it("the platform admin sees every top-level org under 全部组织 and can sign out", async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    try {
      await page.goto("/");
      await signIn(page, "admin@tongxin.local");
      await page.getByRole("heading", { name: "全部组织" }).waitFor();
      await page.getByRole("link", { name: /闵行区委统战部/ }).waitFor();
      await page.getByRole("button", { name: "退出登录" }).click();
      await page.getByRole("heading", { name: "登录" }).waitFor();
      await page.goto("/");
      await page.getByRole("heading", { name: "登录" }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("a wrong password on a phone says the account or password is wrong and stays on the login page", async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    try {
      await page.goto("/login");
      await page.getByLabel("手机号或邮箱").fill(freshPhone());
      await page.getByLabel("密码").fill("not-the-password");
      await page.getByRole("button", { name: "登录" }).click();
      await page.getByRole("alert").filter({ hasText: "账号或密码不正确" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/login");
      await snap(page, "login");
    } finally {
      await context.close();
    }
  });

  it("an unknown address shows 页面不存在", async () => {
    const context = await phoneContext(browser, server.url);
    const page = await context.newPage();
    try {
      await page.goto("/no/such/page");
      await page.getByRole("heading", { name: "页面不存在" }).waitFor();
    } finally {
      await context.close();
    }
  });
});
