import { beforeAll, describe, expect, it } from "vitest";
import { unzipSync, zipSync } from "fflate";
import iconv from "iconv-lite";
import writeXlsxFile from "write-excel-file/node";
import { maskPhone } from "@tongxin/core/privacy/mask";
import { call, signIn, uniquePhone } from "../support/api";

/**
 * Roll files (花名册) as association secretaries have them: "CSV (逗号分隔)" saved by Chinese
 * Excel or WPS (GB18030), UTF-8 with a BOM, old `.xls`, and an XLSX built to inflate far beyond
 * its size. Every refusal leaves the org without a single new member.
 */
async function freshSpace(districtAdmin: string) {
  const me = await call("GET", "/me", { token: districtAdmin });
  const district = me.json.memberships[0].orgId as string;
  const town = await call("POST", "/orgs", { token: districtAdmin, body: { name: `花名册街镇${Date.now()}`, kind: "subdistrict", parentId: district } });
  const space = await call("POST", "/orgs", { token: districtAdmin, body: { name: "花名册新空间", kind: "new_space", parentId: town.json.orgId } });
  return space.json.orgId as string;
}

function upload(bytes: Uint8Array, name: string, type: string): FormData {
  const data = new FormData();
  data.set("file", new File([new Uint8Array(bytes)], name, { type }));
  return data;
}

const RARE = ["王堃", "李喆", "张䶮", "赵𠮷", "陈昇", "刘犇", "周淼", "吴垚", "郑鑫", "孙羴"];

/** 50 people whose names use 生僻字; 䶮 and 𠮷 are beyond GBK, four-byte sequences in GB18030. */
function fiftyPeople(): string[][] {
  return Array.from({ length: 50 }, (_, index) => [`${RARE[index % RARE.length]}${index}`, uniquePhone(), "某科技公司", "理事"]);
}

const csvText = (rows: string[][]) => [["姓名", "手机", "单位", "职务"], ...rows].map((row) => row.join(",")).join("\r\n");

describe("importing rolls saved by Excel, WPS and other tools", () => {
  let admin: string;

  beforeAll(async () => {
    admin = await signIn("13800000001");
  });

  async function membersOf(orgId: string): Promise<Array<{ name: string; phone: string }>> {
    const page = await call("GET", `/orgs/${orgId}/members?limit=200`, { token: admin });
    expect(page.status).toBe(200);
    return page.json.items;
  }

  it("a GBK (GB18030) CSV of 50 members with 生僻字 imports with every name intact", async () => {
    const orgId = await freshSpace(admin);
    const people = fiftyPeople();
    const bytes = iconv.encode(csvText(people), "gb18030");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8

    const imported = await call("POST", `/orgs/${orgId}/members/import`, { token: admin, body: upload(bytes, "会员名单.csv", "application/vnd.ms-excel") });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json).toEqual({ created: 50, updated: 0, total: 50 });
    const stored = await membersOf(orgId);
    expect(stored.map((member) => member.name).sort()).toEqual(people.map((row) => row[0]).sort());
    expect(stored.map((member) => member.name)).toContain("王堃0");
    expect(stored.map((member) => member.name)).toContain("李喆1");
  });

  it("a UTF-8 CSV with a BOM, and one without, import the same names", async () => {
    const orgId = await freshSpace(admin);
    const withBom = [["王堃", uniquePhone(), "", ""]];
    const withoutBom = [["李喆", uniquePhone(), "", ""]];
    const first = await call("POST", `/orgs/${orgId}/members/import`, {
      token: admin,
      body: upload(new TextEncoder().encode("\uFEFF" + csvText(withBom)), "bom.csv", "text/csv"),
    });
    const second = await call("POST", `/orgs/${orgId}/members/import`, { token: admin, body: csvText(withoutBom), headers: { "content-type": "text/csv" } });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await membersOf(orgId)).map((member) => member.name).sort()).toEqual(["李喆", "王堃"]);
  });

  it("an old .xls is refused with the advice to save it as .xlsx or CSV, and nobody is created", async () => {
    const orgId = await freshSpace(admin);
    // The OLE2 compound-file header every .xls starts with, then filler.
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    for (const body of [upload(xls, "会员.xls", "application/vnd.ms-excel"), upload(xls, "会员.csv", "text/csv")]) {
      const response = await call("POST", `/orgs/${orgId}/members/import`, { token: admin, body });
      expect(response.status).toBe(422);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(response.json.errors.file[0]).toContain("另存为 .xlsx 或 CSV");
    }
    expect(await membersOf(orgId)).toEqual([]);
  });

  it("the preview lists people to add, members it would update, and bad rows with line and reason, writing nothing", async () => {
    const orgId = await freshSpace(admin);
    const existingPhone = uniquePhone();
    await call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: "老会员", phone: existingPhone } });
    const newPhone = uniquePhone();
    const rows = [
      ["新会员堃", newPhone, "", ""],
      ["老会员", existingPhone, "新单位", ""],
      ["错号码", "12345", "", ""],
    ];
    const preview = await call("POST", `/orgs/${orgId}/members/import/preview`, { token: admin, body: upload(iconv.encode(csvText(rows), "gb18030"), "名单.csv", "text/csv") });
    expect(preview.status, preview.text).toBe(200);
    // Phones read masked (脱敏) in the preview as on the roll.
    expect(preview.json.add).toEqual([{ row: 2, name: "新会员堃", phone: maskPhone(newPhone) }]);
    expect(preview.json.update).toEqual([{ row: 3, name: "老会员", phone: maskPhone(existingPhone), accountId: expect.any(String) }]);
    expect(preview.json.errors).toEqual([{ row: 4, column: "手机", message: "请输入正确的11位手机号" }]);
    expect((await membersOf(orgId)).map((member) => member.name)).toEqual(["老会员"]);

    const refused = await call("POST", `/orgs/${orgId}/members/import`, { token: admin, body: upload(iconv.encode(csvText(rows), "gb18030"), "名单.csv", "text/csv") });
    expect(refused.status).toBe(422);
    expect((await membersOf(orgId)).map((member) => member.name)).toEqual(["老会员"]);
  });
});

describe("an XLSX that inflates far beyond its size (zip bomb)", () => {
  let admin: string;

  beforeAll(async () => {
    admin = await signIn("13800000001");
  });

  async function workbookWith(sheetXml: Uint8Array): Promise<Uint8Array> {
    // A genuine workbook with its first sheet swapped for the given XML.
    const real = await writeXlsxFile([[{ value: "姓名" }, { value: "手机" }]]).toBuffer();
    const entries = unzipSync(new Uint8Array(real));
    entries["xl/worksheets/sheet1.xml"] = new Uint8Array(sheetXml);
    return zipSync(entries, { level: 9 });
  }

  it("a file of a few dozen kilobytes that inflates to 40 MB is refused with 413 before parsing, nobody created", async () => {
    const padding = new Uint8Array(40 * 1024 * 1024).fill(0x20);
    const bomb = await workbookWith(padding);
    expect(bomb.byteLength).toBeLessThan(100 * 1024);
    const space = await freshSpace(admin);
    const response = await call("POST", `/orgs/${space}/members/import`, { token: admin, body: upload(bomb, "名单.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.json.errors.file[0]).toContain("解压后超过");
    const members = await call("GET", `/orgs/${space}/members`, { token: admin });
    expect(members.json.items).toEqual([]);
  });

  it("a small XLSX holding 20,000 rows is refused with 422 before any row is read, nobody created", async () => {
    const space = await freshSpace(admin);
    const row = (index: number) => `<row r="${index}"><c r="A${index}" t="inlineStr"><is><t>某${index}</t></is></c><c r="B${index}"><v>13800000000</v></c></row>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${Array.from({ length: 20000 }, (_, index) => row(index + 1)).join("")}</sheetData></worksheet>`;
    const file = await workbookWith(new TextEncoder().encode(xml));
    const response = await call("POST", `/orgs/${space}/members/import/preview`, { token: admin, body: upload(file, "名单.xlsx", "") });
    expect(response.status).toBe(422);
    expect(response.json.errors.file).toEqual(["一次最多导入5000人"]);
    const members = await call("GET", `/orgs/${space}/members`, { token: admin });
    expect(members.json.items).toEqual([]);
  });
});
