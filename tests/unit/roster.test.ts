import { describe, expect, it } from "vitest";
import { AppError } from "@tongxin/core/errors";
import { parseRoster, readRoster } from "@tongxin/core/members/roster";
import { normalizeLogin } from "@tongxin/core/auth/login-id";
import writeXlsxFile from "write-excel-file/node";

const HEADER = ["姓名", "手机", "单位", "职务", "新阶层类别", "角色"];

function rowErrors(sheet: string[][]) {
  try {
    parseRoster(sheet);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details?.rows as Array<{ row: number; column: string; message: string }>;
  }
  throw new Error("expected the roster to be refused");
}

describe("member roll (花名册) parsing", () => {
  it("reads people by their Chinese column headers in any order", () => {
    const profiles = parseRoster([
      ["手机号", "姓名", "职务", "角色"],
      ["138 0000 1111", "王小明", "理事", "会员、监票人"],
      ["+8613900002222", "李华", "", ""],
    ]);
    expect(profiles).toEqual([
      { name: "王小明", phone: "13800001111", title: "理事", roles: ["member", "scrutineer"] },
      { name: "李华", phone: "13900002222", roles: ["member"] },
    ]);
  });

  it("reports every bad row with its line number and column, and accepts none of them", () => {
    const errors = rowErrors([
      HEADER,
      ["张三", "12345", "", "", "", ""],
      ["", "13800003333", "", "", "工程师", ""],
      ["李四", "13800004444", "", "", "", "会长"],
      ["王五", "13800004444", "", "", "", ""],
    ]);
    expect(errors).toEqual([
      { row: 2, column: "手机", message: "请输入正确的11位手机号" },
      { row: 3, column: "姓名", message: "请填写姓名" },
      { row: 3, column: "新阶层类别", message: "新阶层类别须为四类之一" },
      { row: 4, column: "角色", message: "未知角色“会长”" },
      { row: 5, column: "手机", message: "与第4行的手机号重复" },
    ]);
  });

  it("refuses a file without the 姓名 or 手机 column", () => {
    expect(() => parseRoster([["名字", "电话"], ["a", "b"]])).toThrow("缺少必需的列：姓名、手机");
  });

  it("reads a CSV saved by Excel with a byte-order mark", async () => {
    const bytes = new TextEncoder().encode("\uFEFF姓名,手机\r\n赵六,13800005555\r\n");
    expect(await readRoster(bytes, "csv")).toEqual([["姓名", "手机"], ["赵六", "13800005555"]]);
  });

  it("reads an XLSX workbook", async () => {
    const buffer = await writeXlsxFile([HEADER.map((value) => ({ value })), ["钱七", "13800006666", "某公司", "经理", "自由职业人员", "会员"].map((value) => ({ value }))]).toBuffer();
    const sheet = await readRoster(new Uint8Array(buffer), "xlsx");
    expect(parseRoster(sheet)).toEqual([{ name: "钱七", phone: "13800006666", unit: "某公司", title: "经理", stratum: "自由职业人员", roles: ["member"] }]);
  });

  it("refuses bytes that are not a workbook with a clear message", async () => {
    await expect(readRoster(new TextEncoder().encode("not a zip"), "xlsx")).rejects.toThrow("无法读取 Excel 文件");
  });
});

describe("login normalisation", () => {
  it("treats the ways people write a phone number or email as one login", () => {
    expect(normalizeLogin(" +86 138-0000-0000 ")).toBe("13800000000");
    expect(normalizeLogin("8613800000000")).toBe("13800000000");
    expect(normalizeLogin("Li.Hua@Example.COM ")).toBe("li.hua@example.com");
  });
});
