/**
 * 长辈版 remembered per account: PUT /me/display writes the choice on the account, GET /me reports it
 * on every device the person signs in on; bad input is refused naming the field and changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { addMemberWithPassword } from "../support/invitations";

const PASSWORD = "Elder-Mode#2026";
let phone: string;

beforeAll(async () => {
  phone = uniquePhone();
  const admin = await signIn("13800000003");
  const { added } = await addMemberWithPassword(demoOrgs().xinyicheng!, admin, { name: "长辈版测试", phone }, PASSWORD);
  expect(added.status, added.text).toBe(201);
});

describe("PUT /me/display (长辈版)", () => {
  it("is absent until chosen, then follows the account to a second sign-in, and can be turned off", async () => {
    const phoneA = await signIn(phone, PASSWORD);
    const before = await call("GET", "/me", { token: phoneA });
    expect(before.status).toBe(200);
    expect(before.json.account).not.toHaveProperty("elderMode");

    const on = await call("PUT", "/me/display", { token: phoneA, body: { elderMode: true } });
    expect(on.status, on.text).toBe(200);
    expect(on.json).toEqual({ elderMode: true });
    expect((await call("GET", "/me", { token: phoneA })).json.account.elderMode).toBe(true);

    // Another device: a new sign-in sees the account's choice.
    const phoneB = await signIn(phone, PASSWORD);
    expect((await call("GET", "/me", { token: phoneB })).json.account.elderMode).toBe(true);

    expect((await call("PUT", "/me/display", { token: phoneB, body: { elderMode: false } })).json).toEqual({ elderMode: false });
    expect((await call("GET", "/me", { token: phoneA })).json.account.elderMode).toBe(false);
  });

  it.each([
    ["a string", { elderMode: "yes" }],
    ["nothing", {}],
    ["null", { elderMode: null }],
  ])("refuses %s with 422 naming elderMode, and keeps the stored choice", async (_, body) => {
    const token = await signIn(phone, PASSWORD);
    expect((await call("PUT", "/me/display", { token, body: { elderMode: true } })).status).toBe(200);
    const refused = await call("PUT", "/me/display", { token, body });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(Object.keys(refused.json.errors)).toEqual(["elderMode"]);
    expect((await call("GET", "/me", { token })).json.account.elderMode).toBe(true);
  });

  it("answers 401 without a session and writes nothing", async () => {
    const response = await call("PUT", "/me/display", { body: { elderMode: true } });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/);
  });
});
