import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ballotsTableName } from "@tongxin/core/db/client";
import { queryAll } from "@tongxin/core/db/query";
import { freePort } from "../../scripts/lib/dynamo-local";
import { call, signIn } from "../support/api";
import { addPerson, choicesFor, createElection, freshBranch, importMembers, paper } from "../support/elections";

const ROOT = resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;

/** Starts the API server in a child process and waits until it listens. */
async function startChild(port: number): Promise<ChildProcess> {
  // One process (no npx or tsx wrapper), so SIGKILL kills the server itself.
  const started = spawn(process.execPath, ["--import", "tsx", "tests/support/child-server.ts"], { cwd: ROOT, env: { ...process.env, PORT: String(port), LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((ready, fail) => {
    let output = "";
    started.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("READY")) ready();
    });
    started.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    started.once("exit", (code) => fail(new Error(`server exited (${code}): ${output}`)));
  });
  return started;
}

afterEach(() => {
  child?.kill("SIGKILL");
});

describe("the server killed in the middle of a vote burst", () => {
  it("loses no accepted ballot, counts none twice, and lets those whose requests failed vote again", async () => {
    const N = 120;
    const admin = await signIn("13800000001");
    const orgId = await freshBranch(admin);
    const scrutineers = [await addPerson(admin, orgId, "监票一", ["scrutineer"]), await addPerson(admin, orgId, "监票二", ["scrutineer"])];
    await importMembers(admin, orgId, N);
    const electionId = await createElection(admin, orgId, { ...paper, mode: "online" });
    await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
    await call("POST", `/elections/${electionId}/roll`, { token: admin });
    const codes = (await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { all: true } })).json.items as Array<{ accountId: string; code: string }>;
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);

    const port = await freePort();
    child = await startChild(port);
    const keys = codes.map((_, i) => `crash-${electionId}-${i}`);
    const cast = (i: number) =>
      fetch(`http://127.0.0.1:${port}/api/elections/${electionId}/ballots`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": keys[i]! },
        body: JSON.stringify({ code: codes[i]!.code, choices: choicesFor(i) }),
      }).then(
        async (response) => ({ status: response.status, body: (await response.json().catch(() => ({}))) as { trackingCode?: string } }),
        () => ({ status: 0, body: {} as { trackingCode?: string } }),
      );

    // Fire the burst; kill the server with SIGKILL once some ballots have been accepted.
    let answered = 0;
    const victim = child;
    const burst = codes.map((_, i) =>
      cast(i).then((result) => {
        answered += 1;
        if (answered === 15) victim.kill("SIGKILL");
        return result;
      }),
    );
    const first = await Promise.all(burst);
    const accepted = new Map(first.flatMap((r, i) => (r.status === 201 && r.body.trackingCode ? [[i, r.body.trackingCode] as const] : [])));
    const failed = first.flatMap((r, i) => (r.status === 201 ? [] : [i]));
    expect(accepted.size).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    for (const r of first) expect([0, 201]).toContain(r.status);

    // Restarted: everyone whose request failed tries again with the same key and gets a receipt.
    child = await startChild(port);
    const retried = await Promise.all(failed.map(async (i) => ({ i, result: await cast(i) })));
    // 201 for a first ballot; 200 with the same tracking code when the ballot had landed before the crash.
    for (const { result } of retried) expect([200, 201], JSON.stringify(result.body)).toContain(result.status);
    // Someone accepted before the crash who retries gets the same tracking code back.
    const [someone, code] = [...accepted.entries()][0]!;
    expect((await cast(someone)).body.trackingCode).toBe(code);

    expect((await call("POST", `/elections/${electionId}/close`, { token: admin })).status).toBe(200);
    const ballots = (await Promise.all(Array.from({ length: 16 }, (_, s) => queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `BALLOTS#${electionId}#${s}` }, ConsistentRead: true }, ballotsTableName())))).flat();
    expect(ballots).toHaveLength(N);
    const stored = new Set(ballots.map((ballot) => ballot.trackingCode as string));
    for (const trackingCode of accepted.values()) expect(stored.has(trackingCode)).toBe(true);
    for (const { result } of retried) expect(stored.has(result.body.trackingCode!)).toBe(true);
  }, 180_000);
});
