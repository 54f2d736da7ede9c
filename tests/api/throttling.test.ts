import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { logIn } from "@tongxin/core/auth/login";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { type AppError } from "@tongxin/core/errors";
import { call, signIn, uniquePhone } from "../support/api";

async function newPerson(password: string) {
  const admin = await signIn("13800000001");
  const me = await call("GET", "/me", { token: admin });
  const phone = uniquePhone();
  await call("POST", `/orgs/${me.json.memberships[0].orgId}/members`, { token: admin, body: { name: "限流测试", phone, initialPassword: password } });
  return phone;
}

async function attempt(login: string, password: string, now: number, client = "198.51.100.7") {
  try {
    await logIn({ login, password, client, now });
    return "ok";
  } catch (error) {
    return (error as AppError).code;
  }
}

async function storedFailures(scope: "login" | "client", value: string): Promise<number> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.throttle(scope, value) }));
  return (Item?.failures as number | undefined) ?? 0;
}

describe("login throttling", () => {
  it("slows down repeated wrong passwords, then locks the account for 15 minutes even for the right password", async () => {
    const phone = await newPerson("correct-horse-1");
    const t0 = Date.UTC(2026, 10, 23, 9);
    expect(await attempt(phone, "x", t0)).toBe("auth.invalid_credentials");
    expect(await attempt(phone, "x", t0 + 1)).toBe("auth.invalid_credentials");
    expect(await attempt(phone, "x", t0 + 2)).toBe("auth.invalid_credentials");
    expect(await attempt(phone, "x", t0 + 3)).toBe("auth.throttled");
    let now = t0 + 2;
    for (let failures = 3; failures < 10; failures += 1) {
      now += 2 ** (failures - 3) * 1000;
      expect(await attempt(phone, "x", now, `198.51.100.${failures}`)).toBe("auth.invalid_credentials");
    }
    expect(await attempt(phone, "correct-horse-1", now + 60_000)).toBe("auth.locked");
    expect(await attempt(phone, "correct-horse-1", now + 15 * 60_000)).toBe("ok");
    expect(await storedFailures("login", phone)).toBe(0);
  });

  it("answers a throttled attempt with 429 and a Retry-After header", async () => {
    const phone = await newPerson("correct-horse-2");
    let throttled: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 10 && !throttled; i += 1) {
      const response = await call("POST", "/auth/login", { body: { login: phone, password: "wrong" } });
      if (response.status === 429) throttled = response;
      else expect(response.status).toBe(401);
    }
    expect(throttled?.json.code).toBe("auth.throttled");
    expect(Number(throttled?.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("the same person signing in on two devices at the same moment gets in on both", async () => {
    const phone = await newPerson("correct-horse-4");
    const results = await Promise.all([1, 2, 3].map(() => call("POST", "/auth/login", { body: { login: phone, password: "correct-horse-4" } })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await storedFailures("login", phone)).toBe(0);
  });

  it("counts every one of ten guesses fired at once: none slips through uncounted", async () => {
    const phone = await newPerson("correct-horse-3");
    const results = await Promise.all(Array.from({ length: 10 }, () => call("POST", "/auth/login", { body: { login: phone, password: "guess" } })));
    const checked = results.filter((r) => r.status === 401).length;
    const refused = results.filter((r) => r.status === 429).length;
    expect(checked + refused).toBe(10);
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(await storedFailures("login", phone)).toBe(checked);
  });

  it("counts failures per client address across different accounts", async () => {
    const client = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 3; i += 1) await call("POST", "/auth/login", { body: { login: uniquePhone(), password: "x" }, client });
    expect(await storedFailures("client", client)).toBe(3);
  });
});
