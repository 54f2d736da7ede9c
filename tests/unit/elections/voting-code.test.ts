import { describe, expect, it } from "vitest";
import { CODE_LENGTH, isWellFormedCode, printedCode } from "@tongxin/core/elections/code-format";
import { codeHash, newVotingCode } from "@tongxin/core/elections/secrets";

describe("voting codes short enough to type", () => {
  it("are issued as 16 characters (80 bits) in groups of four, all different", () => {
    const codes = Array.from({ length: 2000 }, () => newVotingCode());
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every one of the 32 symbols turns up in every position: the 80 bits are all used.
    for (let at = 0; at < CODE_LENGTH; at += 1) expect(new Set(codes.map((code) => code.replace(/-/g, "")[at])).size).toBe(32);
  });

  it("are recognised however they are typed, and hash the same", () => {
    const code = newVotingCode();
    const typed = code.replace(/-/g, "").toLowerCase().replace(/0/g, "o").replace(/1/g, "l");
    expect(isWellFormedCode(typed)).toBe(true);
    expect(printedCode(typed)).toBe(code);
    expect(codeHash(typed)).toBe(codeHash(code));
  });

  it("still accept the 26-character cards printed before, and refuse other lengths", () => {
    const legacy = "7K3MQ-9TR2X-HDW4P-N8B6C-5FGJ0-A";
    expect(isWellFormedCode(legacy)).toBe(true);
    expect(printedCode(legacy)).toBe(legacy);
    expect(isWellFormedCode("7K3M-Q9TR-2XHD-W4P")).toBe(false);
    expect(isWellFormedCode("7K3M-Q9TR-2XHD-W4PN-8")).toBe(false);
    expect(isWellFormedCode("7K3M-Q9TR-2XHD-W4PU")).toBe(false); // U is not in the alphabet
  });
});
