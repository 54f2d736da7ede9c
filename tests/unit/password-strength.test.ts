import { describe, expect, it } from "vitest";
import { passwordProblem } from "@tongxin/core/auth/password-strength";

describe("the password rule", () => {
  it("refuses the passwords the probe got accepted: 12345678, password, aaaaaaaa and the account's own phone", () => {
    const owner = { phone: "13912345678", name: "王海峰", email: "wanghf@example.cn" };
    expect(passwordProblem("12345678", owner)).toBe("这个密码太常见，容易被猜到");
    expect(passwordProblem("password", owner)).toBe("这个密码太常见，容易被猜到");
    expect(passwordProblem("PassWord", owner)).toBe("这个密码太常见，容易被猜到");
    expect(passwordProblem("aaaaaaaa", owner)).toBe("密码不能是重复的字符");
    expect(passwordProblem("13912345678", owner)).toBe("密码不能包含手机号");
    expect(passwordProblem("abc13912345678", owner)).toBe("密码不能包含手机号");
  });

  it("refuses short, repeated, straight and short all-digit passwords, and ones with the owner's name or mailbox", () => {
    expect(passwordProblem("Ab#1234")).toBe("密码至少8位");
    expect(passwordProblem("abcabcabc")).toBe("密码不能是重复的字符");
    expect(passwordProblem("abcdefghij")).toBe("密码不能是连续的字母或数字");
    expect(passwordProblem("98765432")).toBe("密码不能是连续的字母或数字");
    expect(passwordProblem("19900101")).toBe("纯数字密码至少12位");
    expect(passwordProblem("王海峰@2026!", { name: "王海峰" })).toBe("密码不能包含姓名");
    expect(passwordProblem("Wanghf#2027x", { email: "wanghf@example.cn" })).toBe("密码不能包含邮箱名");
  });

  it("accepts a password that is none of those", () => {
    for (const password of ["Tongxin@2026", "correct-horse-1", "七宝分会春季换届2027", "409382716452"]) {
      expect(passwordProblem(password, { phone: "13912345678", name: "王海峰" })).toBeUndefined();
    }
  });
});
