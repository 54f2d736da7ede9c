import { beforeAll, describe, expect, it } from "vitest";
import { readSheet } from "read-excel-file/universal";
import { call, demoOrgs, signIn } from "../support/api";
import { activityForm } from "../support/fixtures";

/**
 * The server runs in New York here (this file's own process: vitest's forks pool), and the
 * exports still speak Beijing time: a secretary in 闵行 reads 提交时间 as her own clock shows it.
 */
process.env.TZ = "America/New_York";

/** Beijing wall clock of an instant, computed independently with the runtime's zone data. */
function beijingClock(iso: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}

describe("exports read in Beijing time while the server's zone is New York", () => {
  let admin: string;
  let formId: string;
  let submittedAt: string;
  const orgId = () => demoOrgs().district;

  beforeAll(async () => {
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(300); // the zone really is New York
    admin = await signIn("13800000001");
    const organizer = await signIn("13800000003");
    formId = (await call("POST", `/orgs/${orgId()}/forms`, { token: admin, body: { definition: activityForm, publish: true } })).json.form.formId;
    const sent = await call("POST", `/forms/${formId}/submissions`, {
      token: organizer,
      body: { data: { title: "时区检查", theme: "sishi", date: "2026-12-12", needsFunds: "no" } },
    });
    expect(sent.status, sent.text).toBe(201);
    submittedAt = sent.json.submittedAt;
  });

  it("the CSV shows 提交时间 as Beijing `YYYY-MM-DD HH:mm`, not UTC or New York", async () => {
    const response = await call("GET", `/orgs/${orgId()}/forms/${formId}/submissions?format=csv`, { token: admin });
    const [header, row] = response.text.slice(1).split("\r\n").map((line) => line.split(","));
    const cell = row![header!.indexOf("提交时间")]!;
    expect(cell).toBe(beijingClock(submittedAt));
    expect(cell).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(response.text).not.toContain(submittedAt);
  });

  it("the XLSX holds 提交时间 and 活动日期 as date cells showing the Beijing clock", async () => {
    const response = await call("GET", `/orgs/${orgId()}/forms/${formId}/submissions?format=xlsx`, { token: admin });
    const sheet = await readSheet(response.bytes.buffer);
    const header = sheet[0] as string[];
    const submitted = sheet[1]![header.indexOf("提交时间")];
    const day = sheet[1]![header.indexOf("活动日期")];
    expect(submitted).toBeInstanceOf(Date);
    expect(day).toBeInstanceOf(Date);
    // A sheet's date has no zone: its fields are what Excel shows. The cell holds a day serial (a
    // float), so the reader's Date can land a hair before the minute: round to the second as Excel does.
    const shown = new Date(Math.round((submitted as unknown as Date).getTime() / 1000) * 1000);
    expect(shown.toISOString().slice(0, 16).replace("T", " ")).toBe(beijingClock(submittedAt));
    expect((day as unknown as Date).toISOString().slice(0, 10)).toBe("2026-12-12");
  });
});
