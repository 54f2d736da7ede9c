import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  fenToYuan,
  idCardCheckChar,
  isCalendarDate,
  isIdCardNumber,
  isLocalDateTime,
  isUscc,
  usccCheckChar,
  yuanToFen,
} from "@tongxin/core/forms/index";

describe("身份证号 check character (GB 11643)", () => {
  it.each(["11010519491231002X", "440300199001011238", "310115198808084569", "110101200002290018"])("accepts %s", (id) => {
    expect(isIdCardNumber(id)).toBe(true);
  });

  it("computes the check character from the first 17 digits", () => {
    expect(idCardCheckChar("11010519491231002")).toBe("X");
    expect(idCardCheckChar("44030019900101123")).toBe("8");
  });

  it.each([
    ["110105194912310021", "wrong check digit"],
    ["11010519491231002x", "lower-case x (callers upper-case first)"],
    ["110105194902300028", "no 30 February"],
    ["110101190002290010", "1900 was not a leap year"],
    ["011010519491231002", "region code cannot start with 0"],
    ["11010518991231002X", "born before 1900"],
    ["11010519491231002", "17 characters"],
    ["1101051949123100200", "19 characters"],
    ["11010519491231002A", "a letter other than X"],
  ])("refuses %s (%s)", (id) => {
    expect(isIdCardNumber(id)).toBe(false);
  });

  it("a changed digit is always caught", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const valid = "11010519491231002X";
        const changed = valid.slice(0, position) + String((Number(valid[position]) + delta) % 10) + valid.slice(position + 1);
        expect(idCardCheckChar(changed.slice(0, 17))).not.toBe("X");
      }),
    );
  });
});

describe("统一社会信用代码 check character (GB 32100)", () => {
  it.each(["91350100M000100Y43", "9144030071526726XG", "91330100799655058B", "91310000MA1FL0000N", "12100000400010752P"])("accepts %s", (code) => {
    expect(isUscc(code)).toBe(true);
  });

  it("computes the check character from the first 17 characters", () => {
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
    expect(usccCheckChar("91310000MA1FL0000")).toBe("N");
  });

  it.each([
    ["91350100M000100Y44", "wrong check character"],
    ["91350100M000100Y4", "17 characters"],
    ["91350100M0001O0Y43", "the letter O is not used"],
    ["91350100m000100y43", "lower case (callers upper-case first)"],
    ["91350100I000100Y43", "the letter I is not used"],
  ])("refuses %s (%s)", (code) => {
    expect(isUscc(code)).toBe(false);
  });
});

describe("calendar checks", () => {
  it("knows leap years and month lengths", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("2000-02-29")).toBe(true);
    expect(isCalendarDate("2100-02-29")).toBe(false);
    expect(isCalendarDate("2024-04-31")).toBe(false);
    expect(isCalendarDate("2024-4-01")).toBe(false);
    expect(isCalendarDate("2024-13-01")).toBe(false);
  });

  it("takes local times to the minute, as datetime-local inputs give them", () => {
    expect(isLocalDateTime("2024-05-18T14:30")).toBe(true);
    expect(isLocalDateTime("2024-05-18T23:59")).toBe(true);
    expect(isLocalDateTime("2024-05-18T24:00")).toBe(false);
    expect(isLocalDateTime("2024-05-18 14:30")).toBe(false);
    expect(isLocalDateTime("2024-05-18T14:30:00")).toBe(false);
    expect(isLocalDateTime("2024-05-18T14:30+08:00")).toBe(false);
  });
});

describe("money in 分 and 元", () => {
  it("shows 分 as 元 with two decimals", () => {
    expect(fenToYuan(123450)).toBe("1234.50");
    expect(fenToYuan(5)).toBe("0.05");
    expect(fenToYuan(0)).toBe("0.00");
    expect(fenToYuan(-1999)).toBe("-19.99");
  });

  it("reads 元 as typed, exactly", () => {
    expect(yuanToFen("1234.5")).toBe(123450);
    expect(yuanToFen(" ¥1,234.56 ")).toBe(123456);
    expect(yuanToFen("0.1")).toBe(10);
    expect(yuanToFen(".5")).toBe(50);
    expect(yuanToFen("-3")).toBe(-300);
    expect(yuanToFen("19.99")).toBe(1999);
  });

  it.each(["", "  ", "abc", "1.234", "1,23", "1..2", "-", ".", "1e3", "99999999999999999"])("refuses %j", (typed) => {
    expect(yuanToFen(typed)).toBeUndefined();
  });

  it("round-trips every amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        expect(yuanToFen(fenToYuan(fen))).toBe(fen);
      }),
    );
  });
});
