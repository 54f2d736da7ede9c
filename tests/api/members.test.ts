import { describe, expect, it, beforeAll } from "vitest";
import writeXlsxFile from "write-excel-file/node";
import { call, signIn, uniquePhone } from "../support/api";
import { maskPhone } from "@tongxin/core/privacy/mask";
import { acceptInvitationOf } from "../support/invitations";

/** A fresh 新空间 under 虹桥镇 for each test file run, managed by a fresh admin. */
async function freshSpace(districtAdmin: string) {
  const me = await call("GET", "/me", { token: districtAdmin });
  const district = me.json.memberships[0].orgId as string;
  const town = await call("POST", "/orgs", { token: districtAdmin, body: { name: `测试街镇${Date.now()}`, kind: "subdistrict", parentId: district } });
  const space = await call("POST", "/orgs", { token: districtAdmin, body: { name: "测试新空间", kind: "new_space", parentId: town.json.orgId } });
  return space.json.orgId as string;
}

function csv(rows: string[][]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode("\uFEFF" + rows.map((row) => row.join(",")).join("\r\n"));
}

function form(bytes: Uint8Array<ArrayBuffer>, name: string, type: string): FormData {
  const data = new FormData();
  data.set("file", new File([bytes], name, { type }));
  return data;
}

describe("an org admin manages members", () => {
  let admin: string;
  let orgId: string;

  beforeAll(async () => {
    admin = await signIn("13800000001");
    orgId = await freshSpace(admin);
  });

  it("adds a new person, who can then sign in with the initial password", async () => {
    const phone = uniquePhone();
    const added = await call("POST", `/orgs/${orgId}/members`, {
      token: admin,
      body: { name: "孙悦", phone, unit: "某律师事务所", title: "律师", stratum: "中介组织和社会组织从业人员", roles: ["member"] },
    });
    await acceptInvitationOf(added.json.accountId, "first-pass-123");
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ name: "孙悦", phone: maskPhone(phone), roles: ["member"], orgId, masked: ["phone"] });
    expect(added.json).not.toHaveProperty("initialPassword");

    const token = await signIn(phone, "first-pass-123");
    const me = await call("GET", "/me", { token });
    expect(me.json.memberships.map((m: { orgId: string }) => m.orgId)).toEqual([orgId]);
  });

  it("adding the same phone twice is refused and names the phone field", async () => {
    const phone = uniquePhone();
    await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: "周一", phone } });
    const again = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: "周一", phone } });
    expect(again.status).toBe(422);
    expect(again.json.errors.phone).toEqual(["此人已是本组织成员"]);
  });

  it("a bad phone number and an unknown role are each named", async () => {
    const response = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: "吴二", phone: "12345", roles: ["king"] } });
    expect(response.status).toBe(422);
    expect(response.json.errors).toMatchObject({ phone: ["请输入正确的11位手机号"], "roles.0": [expect.any(String)] });
  });

  it("changes a member's roles and removes a member", async () => {
    const added = await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: "郑三", phone: uniquePhone(), title: "理事" } });
    const { accountId } = added.json;
    const updated = await call("PATCH", `/orgs/${orgId}/members/${accountId}`, { token: admin, body: { roles: ["member", "scrutineer"], title: "" } });
    expect(updated.status).toBe(200);
    expect(updated.json.roles).toEqual(["member", "scrutineer"]);
    expect(updated.json).not.toHaveProperty("title");

    expect((await call("DELETE", `/orgs/${orgId}/members/${accountId}`, { token: admin })).status).toBe(204);
    expect((await call("DELETE", `/orgs/${orgId}/members/${accountId}`, { token: admin })).status).toBe(404);
  });

  it("pages through a long member list without repeats", async () => {
    const pagedOrg = await freshSpace(admin);
    const rows = [["姓名", "手机"], ...Array.from({ length: 7 }, (_, i) => [`成员${i}`, uniquePhone()])];
    await call("POST", `/orgs/${pagedOrg}/members/import`, { token: admin, body: csv(rows), headers: { "content-type": "text/csv" } });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call("GET", `/orgs/${pagedOrg}/members?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: admin });
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((m: { name: string }) => m.name));
      cursor = page.json.cursor;
    } while (cursor);
    expect(seen.sort()).toEqual(rows.slice(1).map((row) => row[0]).sort());
  });

  it("a garbled cursor is a named validation error, not a crash", async () => {
    const response = await call("GET", `/orgs/${orgId}/members?cursor=%%%`, { token: admin });
    expect(response.status).toBe(400);
    expect(response.json.errors.cursor).toBeDefined();
  });
});

describe("importing a member roll (花名册)", () => {
  let admin: string;
  let orgId: string;

  beforeAll(async () => {
    admin = await signIn("13800000001");
    orgId = await freshSpace(admin);
  });

  async function memberNames(): Promise<string[]> {
    const page = await call("GET", `/orgs/${orgId}/members?limit=200`, { token: admin });
    return page.json.items.map((m: { name: string }) => m.name);
  }

  it("imports a CSV uploaded from a form, and a second import updates instead of duplicating", async () => {
    const phones = [uniquePhone(), uniquePhone()];
    const first = await call("POST", `/orgs/${orgId}/members/import`, {
      token: admin,
      body: form(csv([["姓名", "手机", "单位", "角色"], ["甲一", phones[0]!, "甲公司", "会员"], ["乙二", phones[1]!, "", "会员,监票人"]]), "花名册.csv", "text/csv"),
    });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ created: 2, updated: 0, total: 2 });

    const second = await call("POST", `/orgs/${orgId}/members/import`, {
      token: admin,
      body: form(csv([["姓名", "手机", "单位"], ["甲一", phones[0]!, "甲公司（新）"]]), "花名册.csv", "text/csv"),
    });
    expect(second.json).toEqual({ created: 0, updated: 1, total: 1 });
    const names = await memberNames();
    expect(names.filter((name) => name === "甲一")).toHaveLength(1);
  });

  it("imports an XLSX sent as the raw body", async () => {
    const phone = uniquePhone();
    const workbook = await writeXlsxFile([
      [{ value: "姓名" }, { value: "手机" }, { value: "新阶层类别" }],
      [{ value: "丙三" }, { value: phone }, { value: "新媒体从业人员" }],
    ]).toBuffer();
    const response = await call("POST", `/orgs/${orgId}/members/import`, {
      token: admin,
      body: new Uint8Array(workbook),
      headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
    expect(response.status).toBe(200);
    expect(await memberNames()).toContain("丙三");
  });

  it("a roll with one bad row is refused whole, listing the row, and nobody from it is added", async () => {
    const response = await call("POST", `/orgs/${orgId}/members/import`, {
      token: admin,
      body: csv([["姓名", "手机"], ["丁四", uniquePhone()], ["戊五", "1380000"]]),
      headers: { "content-type": "text/csv" },
    });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe("member.import_invalid");
    expect(response.json.rows).toEqual([{ row: 3, column: "手机", message: "请输入正确的11位手机号" }]);
    expect(await memberNames()).not.toContain("丁四");
  });

  it("a file that is neither CSV nor XLSX is refused naming the file", async () => {
    const response = await call("POST", `/orgs/${orgId}/members/import`, {
      token: admin,
      body: form(new TextEncoder().encode("%PDF-1.4"), "名单.pdf", "application/pdf"),
    });
    expect(response.status).toBe(422);
    expect(response.json.errors.file).toBeDefined();
  });

  it("a person already on the platform joins with their existing account", async () => {
    const chen = await signIn("13800000004");
    const before = (await call("GET", "/me", { token: chen })).json.memberships.length;
    await call("POST", `/orgs/${orgId}/members/import`, {
      token: admin,
      body: csv([["姓名", "手机"], ["陈思远", "13800000004"]]),
      headers: { "content-type": "text/csv" },
    });
    const after = (await call("GET", "/me", { token: chen })).json.memberships;
    expect(after).toHaveLength(before + 1);
    expect(after.map((m: { orgId: string }) => m.orgId)).toContain(orgId);
  });
});

describe("adding the same new person from two screens at once", () => {
  it("creates one account: one request wins and the other is told the person is already a member", async () => {
    const admin = await signIn("13800000001");
    const orgId = await freshSpace(admin);
    const phone = uniquePhone();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: "并发", phone } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    for (const result of results.filter((r) => r.status !== 201)) expect(result.json.errors).toEqual({ phone: ["此人已是本组织成员"] });
    const page = await call("GET", `/orgs/${orgId}/members`, { token: admin });
    // The roll shows phones masked (脱敏): the one member with this phone reads 17x****dddd.
    expect(page.json.items.filter((m: { phone: string }) => m.phone === maskPhone(phone))).toHaveLength(1);
  });
});
