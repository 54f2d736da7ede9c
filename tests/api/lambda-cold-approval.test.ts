/**
 * A fresh Lambda container whose first request is the final approval of something whose
 * approval does more than change a status: the activity must open, the nomination's outcome must
 * be recorded. The Lambda loads route modules on demand (lazy-app.ts), so what an approval also
 * writes must not depend on which modules happen to have been imported before.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { shanghaiLocal } from "@tongxin/core/activities/time";
import { call, demoOrgs, signIn } from "../support/api";
import { addPerson, createElection, freshBranch, paper } from "../support/elections";

const ROOT = resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;

/** Starts the Lambda handler in a process of its own (tests/support/child-lambda.ts); returns its URL. */
async function coldLambda(): Promise<string> {
  const started = spawn(process.execPath, ["--import", "tsx", "tests/support/child-lambda.ts"], { cwd: ROOT, env: { ...process.env, PORT: "0", LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "pipe"] });
  child = started;
  return new Promise<string>((ready, fail) => {
    let output = "";
    started.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /READY (\S+)/.exec(output)?.[1];
      if (url) ready(url);
    });
    started.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    started.once("exit", (code) => fail(new Error(`lambda process exited (${code}): ${output}`)));
  });
}

async function approveThrough(url: string, instanceId: string, token: string) {
  const response = await fetch(`${url}/api/instances/${instanceId}/actions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ type: "approve", comment: "同意" }),
  });
  return { status: response.status, json: (await response.json()) as { instance: { state: { status: string } } } };
}

afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
});

describe("a new Lambda container whose first request is a final approval", { timeout: 60_000 }, () => {
  let organizer: string;
  let town: string;
  let district: string;
  beforeAll(async () => {
    [organizer, town, district] = await Promise.all([signIn("13800000003"), signIn("13800000002"), signIn("13800000001")]);
  });

  it("opens the approved proposal's activity for sign-up", async () => {
    const day = shanghaiLocal(new Date(Date.now() + 40 * 86_400_000)).slice(0, 10);
    const data = { title: "冷启动读书会", theme: "fellowship", startsAt: `${day}T19:00`, endsAt: `${day}T21:00`, venue: "新意城新空间", capacity: 20, needsFunds: "no", description: "共读" };
    const submitted = await call("POST", `/orgs/${demoOrgs().xinyicheng}/activities`, { token: organizer, body: { data } });
    expect(submitted.status, submitted.text).toBe(201);
    const { instanceId, submissionId } = submitted.json as { instanceId: string; submissionId: string };
    expect((await call("POST", `/instances/${instanceId}/actions`, { token: town, body: { type: "approve" } })).status).toBe(200);

    const url = await coldLambda();
    const approved = await approveThrough(url, instanceId, district);
    expect(approved.status).toBe(200);
    expect(approved.json.instance.state.status).toBe("approved");

    const activity = await call("GET", `/activities/${submissionId}`, { token: organizer });
    expect(activity.status, activity.text).toBe(200);
    expect(activity.json.activity).toMatchObject({ title: "冷启动读书会", status: "open", placesLeft: 20 });
  });

  it("records the approved nomination's outcome: the nominee joins the candidates", async () => {
    const orgId = await freshBranch(district);
    const admin = await addPerson(district, orgId, "分会管理员", ["admin", "member"]);
    const nominator = await addPerson(district, orgId, "提名人", ["member"]);
    const nominee = await addPerson(district, orgId, "被提名人", ["member"]);
    const electionId = await createElection(district, orgId, paper);
    const opened = await call("POST", `/elections/${electionId}/nominations`, { token: district });
    expect(opened.status, opened.text).toBe(200);
    const formId = opened.json.election.nomination.formId as string;
    const nominated = await call("POST", `/forms/${formId}/submissions`, {
      token: nominator.token,
      body: { data: { nomineeName: nominee.name, nomineePhone: nominee.phone, position: "p2", reasons: "热心会务" } },
    });
    expect(nominated.status, nominated.text).toBe(201);

    const url = await coldLambda();
    const approved = await approveThrough(url, nominated.json.instanceId, admin.token);
    expect(approved.status).toBe(200);
    expect(approved.json.instance.state.status).toBe("approved");

    const listed = await call("GET", `/elections/${electionId}/nominations`, { token: district });
    const outcome = (listed.json.items as Array<{ submissionId: string; outcome?: { outcome: string } }>).find((n) => n.submissionId === nominated.json.submissionId)?.outcome;
    expect(outcome).toMatchObject({ outcome: "added" });
    const election = await call("GET", `/elections/${electionId}`, { token: district });
    const names = election.json.election.config.positions.find((p: { id: string }) => p.id === "p2").candidates.map((c: { name: string }) => c.name);
    expect(names).toContain("被提名人");
  });
});
