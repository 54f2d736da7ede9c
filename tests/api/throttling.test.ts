import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { logIn } from "@tongxin/core/auth/login";
import { ACCOUNT_CEILING, CLIENT_POLICY, PAIR_POLICY } from "@tongxin/core/auth/throttle";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { type AppError } from "@tongxin/core/errors";
import { call, signIn, uniquePhone } from "../support/api";
import { acceptInvitationOf } from "../support/invitations";

async function newPerson(password: string) {
  const admin = await signIn("13800000001");
  const me = await call("GET", "/me", { token: admin });
  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${me.json.memberships[0].orgId}/members`, { token: admin, body: { name: "限流测试", phone } });
  expect(added.status, added.text).toBe(201);
  await acceptInvitationOf(added.json.accountId, password);
  return phone;
}

async function attempt(login: string, password: string, now: number, client: string) {
  try {
    await logIn({ login, password, client, now });
    return "ok";
  } catch (error) {
    return (error as AppError).code;
  }
}

const address = () => `198.51.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function storedFailures(scope: "pair" | "client", value: string): Promise<number> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.throttle(scope, value) }));
  return (Item?.failures as number | undefined) ?? 0;
}

describe("login throttling: failures slow their own address down and never lock the owner out", () => {
  it("an attacker typing wrong passwords for the owner's phone is slowed; the owner from their own address signs in at once", async () => {
    const phone = await newPerson("correct-horse-1");
    const attacker = address();
    const t0 = Date.UTC(2026, 10, 23, 9);
    expect(await attempt(phone, "x", t0, attacker)).toBe("auth.invalid_credentials");
    expect(await attempt(phone, "x", t0 + 1, attacker)).toBe("auth.invalid_credentials");
    expect(await attempt(phone, "x", t0 + 2, attacker)).toBe("auth.invalid_credentials");
    expect(await attempt(phone, "x", t0 + 3, attacker)).toBe("auth.throttled");
    // Twenty more failures, each after its delay: the delay grows, and stops at the policy's longest.
    let now = t0 + 2;
    for (let failures = 3; failures < 23; failures += 1) {
      now += Math.min(PAIR_POLICY.maxDelaySeconds, 2 ** (failures - 3)) * 1000;
      expect(await attempt(phone, "x", now, attacker)).toBe("auth.invalid_credentials");
    }
    expect(await attempt(phone, "correct-horse-1", now + 1000, attacker)).toBe("auth.throttled");
    // The owner, elsewhere, at the same moment: never refused, and the attacker's count is untouched.
    expect(await attempt(phone, "correct-horse-1", now + 1000, address())).toBe("ok");
    expect(await storedFailures("pair", `${phone}#${attacker}`)).toBe(23);
    // Even the attacker's address is only delayed, never locked.
    expect(await attempt(phone, "correct-horse-1", now + PAIR_POLICY.maxDelaySeconds * 1000, attacker)).toBe("ok");
    expect(await storedFailures("pair", `${phone}#${attacker}`)).toBe(0);
  });

  it("a guessing run from many addresses hits the account's ceiling: an address that already failed waits for the window, a clean one (the owner) gets in", async () => {
    const phone = await newPerson("correct-horse-5");
    const t0 = Date.UTC(2026, 10, 23, 10, 0, 1);
    const guessers = Array.from({ length: ACCOUNT_CEILING.failuresPerWindow }, () => address());
    const results = await Promise.all(guessers.map((client, i) => attempt(phone, `guess-${i}`, t0 + i, client)));
    expect(results.every((r) => r === "auth.invalid_credentials")).toBe(true);
    // Past the ceiling: a guesser's second try (no pair delay yet) is refused until the window ends ...
    expect(await attempt(phone, "guess-again", t0 + 60_000, guessers[0]!)).toBe("auth.throttled");
    // ... but the owner on an address with no failure for the account gets in.
    expect(await attempt(phone, "correct-horse-5", t0 + 60_000, address())).toBe("ok");
    // And a new window lets the guesser check again (slowed, never locked).
    expect(await attempt(phone, "correct-horse-5", t0 + ACCOUNT_CEILING.windowMs, guessers[0]!)).toBe("ok");
  });

  it("answers a throttled attempt with 429 and a Retry-After header", async () => {
    const phone = await newPerson("correct-horse-2");
    const client = address();
    let throttled: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 10 && !throttled; i += 1) {
      const response = await call("POST", "/auth/login", { body: { login: phone, password: "wrong" }, client });
      if (response.status === 429) throttled = response;
      else expect(response.status).toBe(401);
    }
    expect(throttled?.json.code).toBe("auth.throttled");
    expect(Number(throttled?.headers.get("retry-after"))).toBeGreaterThan(0);
    // From another address the owner is not refused.
    expect((await call("POST", "/auth/login", { body: { login: phone, password: "correct-horse-2" }, client: address() })).status).toBe(200);
  });

  it("the same person signing in on two devices at the same moment gets in on both", async () => {
    const phone = await newPerson("correct-horse-4");
    const client = address();
    const results = await Promise.all([1, 2, 3].map(() => call("POST", "/auth/login", { body: { login: phone, password: "correct-horse-4" }, client })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await storedFailures("pair", `${phone}#${client}`)).toBe(0);
  });

  it("90 guesses fired at once from one address: each is counted before it is checked, so only the free allowance is checked", async () => {
    const phone = await newPerson("correct-horse-3");
    const client = address();
    const now = Date.now();
    // At one instant (no delay can run out meanwhile): exactly the free allowance is checked.
    const results = await Promise.all(Array.from({ length: 90 }, (_, i) => attempt(phone, `guess-${i}`, now, client)));
    expect(results.filter((r) => r === "auth.invalid_credentials")).toHaveLength(PAIR_POLICY.freeFailures);
    expect(results.filter((r) => r === "auth.throttled")).toHaveLength(90 - PAIR_POLICY.freeFailures);
    expect(await storedFailures("pair", `${phone}#${client}`)).toBe(PAIR_POLICY.freeFailures);
  });

  it("90 guesses over HTTP at once from one address: every checked guess is on the counter, and far fewer than 90 are checked", async () => {
    const phone = await newPerson("correct-horse-6");
    const client = address();
    const results = await Promise.all(Array.from({ length: 90 }, (_, i) => call("POST", "/auth/login", { body: { login: phone, password: `guess-${i}` }, client })));
    const checked = results.filter((r) => r.status === 401).length;
    const refused = results.filter((r) => r.status === 429);
    expect(checked + refused.length).toBe(90);
    expect(checked).toBeGreaterThanOrEqual(PAIR_POLICY.freeFailures);
    expect(checked).toBeLessThan(10);
    expect(refused.every((r) => r.json.code === "auth.throttled" && Number(r.headers.get("retry-after")) > 0)).toBe(true);
    expect(await storedFailures("pair", `${phone}#${client}`)).toBe(checked);
  });

  it("one address trying many accounts is slowed down across them (a short delay, never a lock)", async () => {
    const client = address();
    const t0 = Date.UTC(2026, 10, 23, 11);
    for (let i = 0; i < CLIENT_POLICY.freeFailures; i += 1) expect(await attempt(uniquePhone(), "x", t0 + i, client)).toBe("auth.invalid_credentials");
    expect(await storedFailures("client", client)).toBe(CLIENT_POLICY.freeFailures);
    expect(await attempt(uniquePhone(), "x", t0 + CLIENT_POLICY.freeFailures, client)).toBe("auth.throttled");
    expect(await attempt(uniquePhone(), "x", t0 + CLIENT_POLICY.freeFailures + CLIENT_POLICY.firstDelaySeconds * 1000, client)).toBe("auth.invalid_credentials");
    // A quiet quarter of an hour later the address starts afresh.
    const later = t0 + CLIENT_POLICY.freeFailures + (CLIENT_POLICY.firstDelaySeconds + CLIENT_POLICY.forgetAfterSeconds) * 1000;
    expect(await attempt(uniquePhone(), "x", later, client)).toBe("auth.invalid_credentials");
    expect(await storedFailures("client", client)).toBe(1);
  });
});
