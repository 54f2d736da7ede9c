import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ballotsTableName, db, tableName } from "@tongxin/core/db/client";
import { cachedForCast } from "@tongxin/core/elections/ballots";
import { call, signIn } from "../support/api";

import { addPerson, certifyAndPublish, choicesFor, createElection, freshBranch, importMembers, inBatches, paper, type Person } from "../support/elections";

const ROOT = resolve(import.meta.dirname, "../..");

describe("an election from draft to published, step by step, with authorization at each", () => {
  let admin: string;
  let orgId: string;
  let scrutineers: Person[];
  let voters: Person[];
  let absent: Person;
  let electionId: string;
  let outsider: string;

  beforeAll(async () => {
    admin = await signIn("13800000001");
    outsider = await signIn("13800000006"); // 周敏: member of 七宝分会 only
    orgId = await freshBranch(admin);
    scrutineers = [await addPerson(admin, orgId, "监票甲", ["member", "scrutineer"]), await addPerson(admin, orgId, "监票乙", ["member", "scrutineer"])];
    voters = [];
    for (let i = 0; i < 4; i += 1) voters.push(await addPerson(admin, orgId, `会员${i}`));
    absent = await addPerson(admin, orgId, "缺席者");
    electionId = await createElection(admin, orgId);
  }, 120_000);

  it("no session 401, outsider 404 (same as a made-up id), a member reads but may not manage (403)", async () => {
    expect((await call("GET", `/elections/${electionId}`)).status).toBe(401);
    expect((await call("POST", `/elections/${electionId}/open`)).status).toBe(401);
    expect((await call("POST", `/orgs/${orgId}/elections`, { body: paper })).status).toBe(401);
    const probe = await call("GET", `/elections/${electionId}`, { token: outsider });
    expect(probe.status).toBe(404);
    expect(probe.json.code).toBe("election.not_found");
    expect((await call("GET", "/elections/no-such-election", { token: outsider })).json).toMatchObject({ status: 404, code: "election.not_found" });
    expect((await call("POST", `/elections/${electionId}/ballots`, { token: outsider, body: { choices: {} } })).status).toBe(404);
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: outsider })).status).toBe(404);
    expect((await call("POST", `/orgs/${orgId}/elections`, { token: outsider, body: paper })).status).toBe(404);

    const member = voters[0]!.token;
    const seen = await call("GET", `/elections/${electionId}`, { token: member });
    expect(seen.status).toBe(200);
    expect(seen.json.election).toMatchObject({ status: "draft", statusLabel: "筹备中", title: paper.title });
    expect(seen.json.me).toMatchObject({ onRoll: false, canManage: false });
    for (const step of ["roll", "open", "close", "publish"]) {
      const refused = await call("POST", `/elections/${electionId}/${step}`, { token: member });
      expect(refused.status, step).toBe(403);
      expect(refused.json.code).toBe("access.denied");
    }
    expect((await call("POST", `/elections/${electionId}/checkins`, { token: member, body: { accountIds: [voters[0]!.accountId] } })).status).toBe(403);
    expect((await call("POST", `/elections/${electionId}/codes`, { token: member, body: { all: true } })).status).toBe(403);
    expect((await call("POST", `/orgs/${orgId}/elections`, { token: member, body: paper })).status).toBe(403);
    expect((await call("GET", `/orgs/${orgId}/elections`, { token: member })).json.items.map((e: { electionId: string }) => e.electionId)).toContain(electionId);
  });

  it("refuses a bad ballot paper by field", async () => {
    const bad = await call("POST", `/orgs/${orgId}/elections`, {
      token: admin,
      body: { title: "坏的", positions: [{ title: "会长", seats: 1, kind: "slate", candidates: [{ name: "甲" }, { name: "乙" }] }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors["positions.0.candidates"]).toEqual(["等额选举的候选人数不能多于应选名额"]);
    const empty = await call("POST", `/orgs/${orgId}/elections`, { token: admin, body: { title: "空的" } });
    expect(empty.status).toBe(422);
  });

  it("appoints two scrutineers (only holders of the role), freezes the roll, and will not open without a quorum", async () => {
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).json.code).toBe("election.invalid_state");
    const notScrutineer = await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: [scrutineers[0]!.accountId, voters[0]!.accountId] } });
    expect(notScrutineer.status).toBe(422);
    expect(notScrutineer.json.errors.accountIds[0]).toContain("不是本组织的监票人");
    expect((await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: [scrutineers[0]!.accountId] } })).status).toBe(422);
    const appointed = await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
    expect(appointed.status).toBe(200);
    expect(appointed.json.election.scrutineers.map((s: { name: string }) => s.name)).toEqual(["监票甲", "监票乙"]);

    const frozen = await call("POST", `/elections/${electionId}/roll`, { token: admin });
    expect(frozen.status).toBe(200);
    expect(frozen.json.election).toMatchObject({ status: "roll_frozen", rollSize: 7 });
    expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(409);

    const early = await call("POST", `/elections/${electionId}/ballots`, { token: voters[0]!.token, body: { choices: choicesFor(1) } });
    expect(early.json.code).toBe("election.not_open");

    // 4 of 7 present: 2/3 of 7 needs 5.
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: voters.map((v) => v.accountId) } });
    const noQuorum = await call("POST", `/elections/${electionId}/open`, { token: admin });
    expect(noQuorum.status).toBe(409);
    expect(noQuorum.json).toMatchObject({ code: "election.no_quorum", quorum: { roll: 7, present: 4, required: 5, met: false } });
    expect(noQuorum.json.title).toContain("未达到法定人数");

    const checked = await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: [...scrutineers.map((s) => s.accountId), voters[0]!.accountId, "not-on-roll"] } });
    expect(checked.json).toMatchObject({ checkedIn: 2, already: 1, notOnRoll: ["not-on-roll"], turnout: { roll: 7, present: 6, voted: 0, quorum: { required: 5, met: true } } });
    const opened = await call("POST", `/elections/${electionId}/open`, { token: admin });
    expect(opened.status).toBe(200);
    expect(opened.json.election.status).toBe("open");
  });

  let tracking: string;
  let codes: Array<{ accountId: string; code: string }>;

  it("a member votes signed in; the same Idempotency-Key replays the same tracking code; any other second ballot is 409", async () => {
    const voter = voters[0]!;
    const cast = await call("POST", `/elections/${electionId}/ballots`, { token: voter.token, body: { choices: choicesFor(1) }, headers: { "idempotency-key": "cast-voter0-0001" } });
    expect(cast.status, cast.text).toBe(201);
    tracking = cast.json.trackingCode;
    expect(tracking).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const replay = await call("POST", `/elections/${electionId}/ballots`, { token: voter.token, body: { choices: choicesFor(1) }, headers: { "idempotency-key": "cast-voter0-0001" } });
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ trackingCode: tracking, replayed: true });
    const again = await call("POST", `/elections/${electionId}/ballots`, { token: voter.token, body: { choices: choicesFor(2) }, headers: { "idempotency-key": "cast-voter0-0002" } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("election.already_voted");
    expect((await call("POST", `/elections/${electionId}/ballots`, { token: voter.token, body: { choices: choicesFor(2) } })).json.code).toBe("election.already_voted");
    expect((await call("GET", `/elections/${electionId}`, { token: voter.token })).json.me).toMatchObject({ onRoll: true, checkedIn: true, voted: true });
  });

  it("checks a ballot: unknown candidates by field; over-marking accepted with a warning", async () => {
    const unknown = await call("POST", `/elections/${electionId}/ballots`, { token: voters[1]!.token, body: { choices: { positions: { p2: { marks: { nobody: "for" } } } } } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors["choices.positions.p2.marks.nobody"]).toEqual(["没有这位候选人"]);
    const badMark = await call("POST", `/elections/${electionId}/ballots`, { token: voters[1]!.token, body: { choices: { motions: { m1: "maybe" } } } });
    expect(badMark.status).toBe(422);
    const over = await call("POST", `/elections/${electionId}/ballots`, {
      token: voters[1]!.token,
      body: { choices: { positions: { p2: { marks: { p2c1: "for", p2c2: "for", p2c3: "for" } } }, motions: { m1: "for", m2: "for" } } },
    });
    expect(over.status).toBe(201);
    expect(over.json.warnings).toEqual(["理事：赞成和另选的人数超过应选名额2名，此项作废"]);
  });

  it("votes by one-time code: single use, wrong codes refused and rate-limited per client; a voter not checked in cannot vote", async () => {
    const issued = await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { accountIds: [voters[2]!.accountId, voters[3]!.accountId, scrutineers[0]!.accountId, absent.accountId], qr: true } });
    expect(issued.status).toBe(200);
    expect(issued.headers.get("cache-control")).toBe("no-store");
    codes = issued.json.items;
    expect(codes).toHaveLength(4);
    expect(issued.json.items[0].qr).toMatch(/^data:image\/svg\+xml;base64,/);
    const codeOf = (person: Person) => codes.find((c) => c.accountId === person.accountId)!.code;
    const [c2, c3, cs, cAbsent] = [voters[2]!, voters[3]!, scrutineers[0]!, absent].map(codeOf) as [string, string, string, string];
    // The desk hands the cards to the three who are present (#13: a card votes only once handed over).
    const handed = [voters[2]!, voters[3]!, scrutineers[0]!].map((person) => ({ accountId: person.accountId, code: codeOf(person) }));
    expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: handed } })).status).toBe(200);

    const byCode = await call("POST", `/elections/${electionId}/ballots`, { body: { code: c2, choices: choicesFor(2) } });
    expect(byCode.status, byCode.text).toBe(201);
    expect((await call("POST", `/elections/${electionId}/ballots`, { body: { code: c2, choices: choicesFor(2) } })).json.code).toBe("election.already_voted");
    // The code's voter cannot also vote signed in.
    expect((await call("POST", `/elections/${electionId}/ballots`, { token: voters[2]!.token, body: { choices: choicesFor(2) } })).json.code).toBe("election.already_voted");
    // Lower case and without dashes still works.
    expect((await call("POST", `/elections/${electionId}/ballots`, { body: { code: c3.replace(/-/g, "").toLowerCase(), choices: choicesFor(3) } })).status).toBe(201);
    expect((await call("POST", `/elections/${electionId}/ballots`, { body: { code: cs, choices: choicesFor(4) } })).status).toBe(201);

    const notPresent = await call("POST", `/elections/${electionId}/ballots`, { body: { code: cAbsent, choices: choicesFor(5) } });
    expect(notPresent.status).toBe(409);
    expect(notPresent.json.code).toBe("election.not_checked_in");

    // Re-issuing revokes the old code.
    const reissued = await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { accountIds: [absent.accountId], replace: true, expectedCount: 1 } });
    expect((await call("POST", `/elections/${electionId}/ballots`, { body: { code: cAbsent, choices: choicesFor(5) } })).json.code).toBe("election.code_invalid");
    expect(reissued.json.items[0].code).not.toBe(cAbsent);

    const client = "203.0.113.9";
    for (let i = 0; i < 5; i += 1) {
      const wrong = await call("POST", `/elections/${electionId}/ballots`, { body: { code: `WRONG-${i}`, choices: {} }, client });
      expect(wrong.status).toBe(403);
      expect(wrong.json.code).toBe("election.code_invalid");
    }
    const throttled = await call("POST", `/elections/${electionId}/ballots`, { body: { code: "WRONG-5", choices: {} }, client });
    expect(throttled.status).toBe(429);
    expect(throttled.json.code).toBe("election.code_throttled");
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    // A valid code from that address is still judged on its merits (#13: one hall, one address).
    expect((await call("POST", `/elections/${electionId}/ballots`, { body: { code: reissued.json.items[0].code, choices: {} }, client })).json.code).toBe("election.not_checked_in");
    // A code for an election that does not exist gets the same answer as a wrong code.
    expect((await call("POST", "/elections/nope/ballots", { body: { code: c3, choices: {} } })).json.code).toBe("election.code_invalid");
    // No code, no session.
    expect((await call("POST", `/elections/${electionId}/ballots`, { body: { choices: {} } })).status).toBe(401);
  });

  it("turnout counts people, never votes; results and bulletin stay hidden before publication", async () => {
    const turnout = await call("GET", `/elections/${electionId}/turnout`, { token: voters[3]!.token });
    expect(turnout.status).toBe(200);
    expect(turnout.json).toEqual({ status: "open", statusLabel: "投票中", roll: 7, present: 6, issued: 6, voted: 5, quorum: { required: 5, met: true } });
    for (const token of [voters[3]!.token, admin, scrutineers[0]!.token]) {
      const results = await call("GET", `/elections/${electionId}/results`, { token });
      expect(results.status).toBe(409);
      expect(results.json.code).toBe("election.not_published");
    }
    expect((await call("GET", `/elections/${electionId}/bulletin`, { token: admin })).json.code).toBe("election.not_published");
  });

  it("closes (members may not), refuses late ballots, and shows the count to scrutineers and admins only", async () => {
    expect((await call("POST", `/elections/${electionId}/close`, { token: scrutineers[0]!.token })).status).toBe(403);
    const closed = await call("POST", `/elections/${electionId}/close`, { token: admin });
    expect(closed.status).toBe(200);
    expect(closed.json.election.status).toBe("closed");
    expect(closed.json.election.resultsHash).toMatch(/^[0-9a-f]{64}$/);
    const late = await call("POST", `/elections/${electionId}/ballots`, { token: scrutineers[1]!.token, body: { choices: choicesFor(6) } });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("election.closed");
    // After close even the same Idempotency-Key cannot be replayed (the cast key is gone): the voter is told they voted.
    const replay = await call("POST", `/elections/${electionId}/ballots`, { token: voters[0]!.token, body: { choices: choicesFor(1) }, headers: { "idempotency-key": "cast-voter0-0001" } });
    expect(replay.json.code).toBe("election.already_voted");

    expect((await call("GET", `/elections/${electionId}/results`, { token: voters[3]!.token })).json.code).toBe("election.not_published");
    const preview = await call("GET", `/elections/${electionId}/results`, { token: scrutineers[0]!.token });
    expect(preview.status).toBe(200);
    expect(preview.json.published).toBe(false);
    expect(preview.json.results.figures).toMatchObject({ roll: 7, present: 6, issued: 6, returned: 5, valid: 5, void: 0 });
    expect(preview.json.results.positions[1]).toMatchObject({ valid: 4, void: 1 });
    expect(preview.json.results.integrity).toEqual({ ok: true, problems: [] });
  });

  it("only appointed scrutineers certify, each once; publication waits for all of them", async () => {
    expect((await call("POST", `/elections/${electionId}/publish`, { token: admin })).json.code).toBe("election.not_certified");
    expect((await call("POST", `/elections/${electionId}/certify`, { token: voters[1]!.token, body: {} })).json).toMatchObject({ status: 403, code: "election.not_scrutineer" });
    expect((await call("POST", `/elections/${electionId}/certify`, { token: admin, body: {} })).json.code).toBe("election.not_scrutineer");
    expect((await call("POST", `/elections/${electionId}/certify`, { token: outsider, body: {} })).status).toBe(404);
    const hash = (await call("GET", `/elections/${electionId}/results`, { token: scrutineers[0]!.token })).json.resultsHash;
    expect((await call("POST", `/elections/${electionId}/certify`, { token: scrutineers[0]!.token, body: { resultsHash: "0".repeat(64) } })).status).toBe(422);
    const first = await call("POST", `/elections/${electionId}/certify`, { token: scrutineers[0]!.token, body: { resultsHash: hash } });
    expect(first.status).toBe(200);
    expect(first.json.election.status).toBe("closed");
    expect((await call("POST", `/elections/${electionId}/certify`, { token: scrutineers[0]!.token, body: {} })).json.code).toBe("election.already_certified");
    const second = await call("POST", `/elections/${electionId}/certify`, { token: scrutineers[1]!.token });
    expect(second.status).toBe(200);
    expect(second.json.election.status).toBe("certified");
    expect((await call("GET", `/elections/${electionId}/results`, { token: voters[3]!.token })).json.code).toBe("election.not_published");
    expect((await call("POST", `/elections/${electionId}/publish`, { token: scrutineers[0]!.token })).status).toBe(403);
    const published = await call("POST", `/elections/${electionId}/publish`, { token: admin });
    expect(published.status).toBe(200);
    expect(published.json.election.status).toBe("published");
  });

  it("publishes results, the bulletin (ordered by tracking code, mine in it) and an intact audit chain", async () => {
    const results = await call("GET", `/elections/${electionId}/results`, { token: voters[3]!.token });
    expect(results.status).toBe(200);
    expect(results.json.published).toBe(true);
    expect(results.json.certifications.map((c: { name: string }) => c.name)).toEqual(["监票甲", "监票乙"]);
    const { positions, motions } = results.json.results;
    // 5 ballots present base 6 (more than half: 4). 会长: choicesFor(1,2,3,4) for + over-marked ballot (no p1) = 4 for.
    expect(positions[0]).toMatchObject({ required: 4, elected: ["王建国"] });
    expect(positions[0].candidates[0]).toMatchObject({ for: 4, against: 0, abstain: 1, elected: true });
    expect(motions.map((m: { passed: boolean }) => m.passed)).toEqual([true, true]);

    const bulletin = await call("GET", `/elections/${electionId}/bulletin`, { token: voters[3]!.token });
    expect(bulletin.status).toBe(200);
    const trackingCodes = bulletin.json.ballots.map((b: { trackingCode: string }) => b.trackingCode);
    expect(trackingCodes).toHaveLength(5);
    expect(trackingCodes).toEqual([...trackingCodes].sort());
    expect(trackingCodes).toContain(tracking);
    expect(bulletin.json.ballots.find((b: { trackingCode: string }) => b.trackingCode === tracking).choices).toEqual({
      positions: { p1: { marks: { p1c1: "for" }, writeIns: [] }, p2: { marks: { p2c1: "for", p2c3: "for" }, writeIns: [] } },
      motions: { m1: "for", m2: "for" },
    });

    const audit = await call("GET", `/elections/${electionId}/audit`, { token: voters[3]!.token });
    expect(audit.json.verdict).toEqual({ valid: true, length: 12 });
    expect(audit.json.entries.map((e: { event: { action: string } }) => e.event.action)).toEqual([
      "created", "scrutineers_appointed", "roll_frozen", "opened", "codes_issued", "cards_bound", "codes_issued", "closed", "counted", "certified", "certified", "published",
    ]);

    const xlsx = await call("GET", `/elections/${electionId}/results?format=xlsx`, { token: voters[3]!.token });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    expect(xlsx.bytes[0]).toBe(0x50);
  });

  it("the recount CLI agrees with the published results, and exits 1 when one ballot is tampered with", async () => {
    const bulletin = (await call("GET", `/elections/${electionId}/bulletin`, { token: admin })).json;
    const results = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json;
    const dir = mkdtempSync(join(tmpdir(), "tongxin-recount-"));
    writeFileSync(join(dir, "bulletin.json"), JSON.stringify(bulletin));
    writeFileSync(join(dir, "results.json"), JSON.stringify(results));
    const run = () => spawnSync("npx", ["tsx", "scripts/recount.ts", join(dir, "bulletin.json"), join(dir, "results.json")], { cwd: ROOT, encoding: "utf8" });
    const good = run();
    expect(good.status, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain("重新计票结果与公布结果一致");

    const tampered = structuredClone(bulletin);
    tampered.ballots[0].choices.motions.m1 = tampered.ballots[0].choices.motions.m1 === "for" ? "against" : "for";
    writeFileSync(join(dir, "bulletin.json"), JSON.stringify(tampered));
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("motions[0]");
  }, 60_000);
});

describe("另行选举 (run-off)", () => {
  it("a seat left unfilled makes one call create the next round with the remaining candidates, roll and scrutineers", async () => {
    const admin = await signIn("13800000001");
    const orgId = await freshBranch(admin);
    const scrutineers = [await addPerson(admin, orgId, "监票丙", ["scrutineer"]), await addPerson(admin, orgId, "监票丁", ["scrutineer"])];
    const voters: Person[] = [];
    for (let i = 0; i < 5; i += 1) voters.push(await addPerson(admin, orgId, `选民${i}`));
    const electionId = await createElection(admin, orgId, {
      title: "理事补选",
      mode: "online",
      positions: [{ title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] }],
    });
    await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
    await call("POST", `/elections/${electionId}/roll`, { token: admin });
    // Online: no check-in, no quorum at open.
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    const marks = [["p1c1", "p1c2"], ["p1c1", "p1c3"], ["p1c1", "p1c2"], ["p1c1", "p1c3"], ["p1c1"]];
    for (const [i, voter] of voters.entries()) {
      const cast = await call("POST", `/elections/${electionId}/ballots`, { token: voter.token, body: { choices: { positions: { p1: { marks: Object.fromEntries(marks[i]!.map((id) => [id, "for"])) } } } } });
      expect(cast.status).toBe(201);
    }
    expect((await call("POST", `/elections/${electionId}/runoff`, { token: admin })).status).toBe(409);
    await call("POST", `/elections/${electionId}/close`, { token: admin });
    await certifyAndPublish(admin, electionId, scrutineers);
    const results = (await call("GET", `/elections/${electionId}/results`, { token: voters[0]!.token })).json.results;
    expect(results.figures).toMatchObject({ roll: 5, present: 5, issued: 5, returned: 5 });
    expect(results.positions[0]).toMatchObject({ required: 3, elected: ["甲"], unfilled: 1, tie: false });
    expect(results.positions[0].flags).toEqual(["尚缺1名未选出，须另行选举"]);

    expect((await call("POST", `/elections/${electionId}/runoff`, { token: voters[0]!.token })).status).toBe(403);
    const runoff = await call("POST", `/elections/${electionId}/runoff`, { token: admin, body: {} });
    expect(runoff.status, runoff.text).toBe(201);
    const round2 = runoff.json.election;
    expect(round2).toMatchObject({ status: "roll_frozen", round: 2, parentId: electionId, rollSize: 5 });
    expect(round2.config.positions).toEqual([
      { id: "p1", title: "理事", seats: 1, kind: "competitive", allowWriteIns: false, candidates: [{ id: "p1c2", name: "乙" }, { id: "p1c3", name: "丙" }] },
    ]);
    expect(round2.scrutineers.map((s: { name: string }) => s.name)).toEqual(["监票丙", "监票丁"]);
    const again = await call("POST", `/elections/${electionId}/runoff`, { token: admin });
    expect(again.json.election.electionId).toBe(round2.electionId);
    expect((await call("GET", `/elections/${electionId}`, { token: admin })).json.election.runoffId).toBe(round2.electionId);
    expect((await call("POST", `/elections/${round2.electionId}/open`, { token: admin })).status).toBe(200);
    expect((await call("POST", `/elections/${round2.electionId}/ballots`, { token: voters[1]!.token, body: { choices: { positions: { p1: { marks: { p1c2: "for" } } } } } })).status).toBe(201);
  }, 120_000);
});

/** Sets up an org with `members` imported voters and two scrutineers, an election with the roll frozen and every voter holding a code. */
async function massElection(members: number, body: Record<string, unknown>) {
  const admin = await signIn("13800000001");
  const orgId = await freshBranch(admin);
  const scrutineers = [await addPerson(admin, orgId, "监票一", ["scrutineer"]), await addPerson(admin, orgId, "监票二", ["scrutineer"])];
  await importMembers(admin, orgId, members);
  const electionId = await createElection(admin, orgId, body);
  await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
  expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).json.election.rollSize).toBe(members);
  const issued = await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { all: true } });
  expect(issued.status).toBe(200);
  const codes = issued.json.items as Array<{ accountId: string; code: string }>;
  expect(codes).toHaveLength(members);
  return { admin, orgId, scrutineers, electionId, codes };
}

describe("races against DynamoDB Local", () => {
  it("the same voter casting 20 ballots at once: exactly one is counted, the others get 409 election.already_voted", async () => {
    const admin = await signIn("13800000001");
    const orgId = await freshBranch(admin);
    const scrutineers = [await addPerson(admin, orgId, "监票一", ["scrutineer"]), await addPerson(admin, orgId, "监票二", ["scrutineer"])];
    const voter = await addPerson(admin, orgId, "心急的会员");
    const electionId = await createElection(admin, orgId, { ...paper, mode: "online" });
    await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
    await call("POST", `/elections/${electionId}/roll`, { token: admin });
    await call("POST", `/elections/${electionId}/open`, { token: admin });
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call("POST", `/elections/${electionId}/ballots`, { token: voter.token, body: { choices: choicesFor(i) }, headers: { "idempotency-key": `race-key-${i}-xxxx` } })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.json.code === "election.already_voted")).toBe(true);
    await call("POST", `/elections/${electionId}/close`, { token: admin });
    const results = await call("GET", `/elections/${electionId}/results`, { token: admin });
    expect(results.json.results.figures).toMatchObject({ roll: 1, returned: 1 });
  }, 60_000);

  it("1,000 voters casting by code through the API, 100 at a time: every ballot counted, and the tally equals an independent recount of the bulletin", async () => {
    const N = 1000;
    const { admin, scrutineers, electionId, codes } = await massElection(N, paper);
    const present = await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: codes } });
    expect(present.json).toMatchObject({ checkedIn: N, turnout: { roll: N, present: N, quorum: { met: true } } });
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);

    const started = Date.now();
    const responses = await inBatches(
      codes.map((c, i) => () => call("POST", `/elections/${electionId}/ballots`, { body: { code: c.code, choices: choicesFor(i) }, headers: { "idempotency-key": `mass-${i}-${c.accountId}` } })),
      100,
    );
    const elapsed = Date.now() - started;
    const failed = responses.filter((r) => r.status !== 201);
    expect(failed.map((r) => r.text).slice(0, 3)).toEqual([]);
    expect(new Set(responses.map((r) => r.json.trackingCode)).size).toBe(N);
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json).toMatchObject({ roll: N, present: N, issued: N, voted: N });

    await call("POST", `/elections/${electionId}/close`, { token: admin });
    await certifyAndPublish(admin, electionId, scrutineers);
    const { results } = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json;
    expect(results.figures).toMatchObject({ roll: N, present: N, issued: N, returned: N, valid: N, void: 0 });
    expect(results.integrity.ok).toBe(true);

    // Independent recount: straight from the bulletin, and straight from what was sent.
    const bulletin = (await call("GET", `/elections/${electionId}/bulletin`, { token: admin })).json;
    expect(bulletin.ballots).toHaveLength(N);
    const fromBulletin = new Map<string, number>();
    const fromSent = new Map<string, number>();
    const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    for (const b of bulletin.ballots) {
      for (const [pid, section] of Object.entries(b.choices.positions as Record<string, { marks: Record<string, string> }>)) {
        for (const [cid, mark] of Object.entries(section.marks)) add(fromBulletin, `${pid}/${cid}/${mark}`);
      }
      for (const [mid, mark] of Object.entries(b.choices.motions as Record<string, string>)) add(fromBulletin, `${mid}/${mark}`);
    }
    for (let i = 0; i < N; i += 1) {
      const sent = choicesFor(i);
      for (const [pid, section] of Object.entries(sent.positions)) for (const [cid, mark] of Object.entries(section.marks)) add(fromSent, `${pid}/${cid}/${mark}`);
      for (const [mid, mark] of Object.entries(sent.motions)) if (mark !== "abstain") add(fromSent, `${mid}/${mark}`);
    }
    expect(fromBulletin).toEqual(fromSent);
    const published = new Map<string, number>();
    for (const position of results.positions) {
      for (const c of position.candidates) {
        if (c.for) published.set(`${position.positionId}/${c.candidateId}/for`, c.for);
        if (c.against) published.set(`${position.positionId}/${c.candidateId}/against`, c.against);
      }
    }
    for (const m of results.motions) {
      if (m.for) published.set(`${m.motionId}/for`, m.for);
      if (m.against) published.set(`${m.motionId}/against`, m.against);
    }
    expect(published).toEqual(fromBulletin);
    console.info(`1000 casts in ${elapsed} ms`);
  }, 300_000);

  it("casts racing the close: each is either counted or refused with 409 election.closed — accepted responses equal the ballots counted", async () => {
    const N = 200;
    const { admin, electionId, codes } = await massElection(N, { ...paper, mode: "online" });
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    let done = 0;
    let closing: Promise<unknown> | undefined;
    const responses = await inBatches(
      codes.map((c, i) => async () => {
        const response = await call("POST", `/elections/${electionId}/ballots`, { body: { code: c.code, choices: choicesFor(i) } });
        done += 1;
        if (done === 40) closing = call("POST", `/elections/${electionId}/close`, { token: admin });
        return response;
      }),
      50,
    );
    const closed = (await closing) as { status: number };
    expect(closed.status).toBe(200);
    const accepted = responses.filter((r) => r.status === 201).length;
    const refused = responses.filter((r) => r.status === 409 && r.json.code === "election.closed").length;
    expect(accepted + refused).toBe(N);
    expect(accepted).toBeGreaterThanOrEqual(40);
    expect(refused).toBeGreaterThan(0);
    const { results } = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json;
    expect(results.figures.returned).toBe(accepted);
    expect(results.integrity.ok).toBe(true);
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json.voted).toBe(accepted);
  }, 180_000);

  it.each([["a late ballot", "election.closed"], ["a replay of the first ballot", "election.already_voted"]] as const)(
    "after the close, while this server still holds the election as open in its cast cache: %s is refused (409 %s), nothing more is counted",
    async (what, code) => {
      const { admin, electionId, codes } = await massElection(3, { ...paper, mode: "online" });
      expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
      const first = { body: { code: codes[0]!.code, choices: choicesFor(0) }, headers: { "idempotency-key": "cache-close-1" } };
      expect((await call("POST", `/elections/${electionId}/ballots`, first)).status).toBe(201);
      // The first cast read the election open and keeps it (this test runs the app in this process).
      expect((await call("POST", `/elections/${electionId}/close`, { token: admin })).status).toBe(200);
      expect(cachedForCast(electionId)?.election.status).toBe("open");

      // The late ballot gets past the cache and is stopped by the gate in its transaction; the replay's
      // cast key is still at hand, but voting is over, so it is not answered from it.
      const second = what === "a late ballot" ? { body: { code: codes[1]!.code, choices: choicesFor(1) } } : first;
      const refused = await call("POST", `/elections/${electionId}/ballots`, second);
      expect(refused.status).toBe(409);
      expect(refused.json.code).toBe(code);
      expect(cachedForCast(electionId)).toBeUndefined();

      const { results } = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json;
      expect(results.figures.returned).toBe(1);
      expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json.voted).toBe(1);
    },
    60_000,
  );
});

async function partition(pk: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ TableName: pk.startsWith("BALLOTS#") ? ballotsTableName() : tableName(), KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": pk }, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe("secrecy", () => {
  const lines: string[] = [];
  let restore: () => void;

  beforeAll(() => {
    const previous = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "info";
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    const error = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    const info = vi.spyOn(console, "info").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    restore = () => {
      process.env.LOG_LEVEL = previous;
      log.mockRestore();
      error.mockRestore();
      info.mockRestore();
    };
  });
  afterAll(() => restore());

  it("nothing stored or logged links a voter to a ballot", async () => {
    const N = 12;
    const { admin, scrutineers, electionId, codes } = await massElection(N, paper);
    const signedIn = await addPerson(admin, (await call("GET", `/elections/${electionId}`, { token: admin })).json.election.orgId, "迟到的会员");
    // The late member is not on the frozen roll; the roll is the snapshot.
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: codes } });
    await call("POST", `/elections/${electionId}/open`, { token: admin });
    expect((await call("POST", `/elections/${electionId}/ballots`, { token: signedIn.token, body: { choices: choicesFor(0) } })).json.code).toBe("election.not_on_roll");

    const keys = codes.map((_, i) => `secret-idem-${i}-${Math.random().toString(36).slice(2)}`);
    const tracking: string[] = [];
    for (const [i, c] of codes.entries()) {
      const cast = await call("POST", `/elections/${electionId}/ballots`, { body: { code: c.code, choices: choicesFor(i) }, headers: { "idempotency-key": keys[i]! } });
      expect(cast.status).toBe(201);
      tracking.push(cast.json.trackingCode);
    }
    // While open, the receipts and ballots are already unlinkable.
    const ballotsWhileOpen = (await Promise.all(Array.from({ length: 16 }, (_, s) => partition(`BALLOTS#${electionId}#${s}`)))).flat();
    expect(ballotsWhileOpen).toHaveLength(N);
    expect((await partition(`ELECTION#${electionId}`)).some((item) => item.sk === "CASTKEY")).toBe(true);

    await call("POST", `/elections/${electionId}/close`, { token: admin });
    await certifyAndPublish(admin, electionId, scrutineers);
    await call("GET", `/elections/${electionId}/bulletin`, { token: admin });

    const electionItems = await partition(`ELECTION#${electionId}`);
    const roll = (await Promise.all(Array.from({ length: 16 }, (_, s) => partition(`ROLL#${electionId}#${s}`)))).flat();
    const codeItems = (await Promise.all(Array.from({ length: 16 }, (_, s) => partition(`VCODES#${electionId}#${s}`)))).flat();
    const ballots = (await Promise.all(Array.from({ length: 16 }, (_, s) => partition(`BALLOTS#${electionId}#${s}`)))).flat();
    expect(roll).toHaveLength(N);
    expect(codeItems).toHaveLength(N);
    expect(ballots).toHaveLength(N);
    expect(electionItems.some((item) => item.sk === "CASTKEY")).toBe(false);
    const gates = (await Promise.all(Array.from({ length: 16 }, (_, s) => partition(`GATE#${electionId}#${s}`)))).flat();
    expect(gates.map((gate) => Object.keys(gate).sort().join(",") + "=" + String(gate.status))).toEqual(Array(16).fill("pk,sk,status,type=closed"));

    const accountIds = codes.map((c) => c.accountId);
    const codeHashes = codeItems.map((item) => item.codeHash as string);
    const ballotIds = ballots.map((item) => (item.sk as string).slice("BALLOT#".length));
    const plainCodes = codes.map((c) => c.code);
    const timestamp = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

    for (const ballot of ballots) {
      expect(Object.keys(ballot).sort()).toEqual(["choices", "pk", "sk", "trackingCode", "type"]);
      const text = JSON.stringify(ballot);
      for (const id of [...accountIds, ...codeHashes, ...plainCodes, ...keys]) expect(text).not.toContain(id);
      expect(text).not.toMatch(timestamp);
    }
    expect(ballots.map((b) => b.trackingCode).sort()).toEqual([...tracking].sort());

    const receipts = JSON.stringify(roll);
    const codeText = JSON.stringify(codeItems);
    const electionText = JSON.stringify(electionItems);
    for (const secret of [...tracking, ...tracking.map((t) => t.replace(/-/g, "")), ...ballotIds]) {
      expect(receipts).not.toContain(secret);
      expect(codeText).not.toContain(secret);
      expect(electionText).not.toContain(secret);
    }
    // cardAt / paperAt: when the desk handed over a card or a paper ballot — the check-in's record, like checkedInAt (#18).
    for (const voter of roll) {
      expect(Object.keys(voter).filter((key) => !["pk", "sk", "type", "electionId", "accountId", "name", "checkedInAt", "cardAt", "paperAt", "voted", "codeHash", "replayTag"].includes(key))).toEqual([]);
      expect(voter.voted).toBe(true);
    }
    // Who issued the card and who handed it over (and when) are the check-in's record, not the vote's (#13).
    for (const item of codeItems) expect(Object.keys(item).sort()).toEqual(["accountId", "boundAt", "boundBy", "codeHash", "issuedAt", "issuedBy", "pk", "sk", "type", "used"]);

    const logText = lines.join("\n");
    expect(lines.filter((line) => line.includes(`/api/elections/${electionId}/ballots`)).length).toBeGreaterThanOrEqual(N);
    for (const secret of [...tracking, ...plainCodes, ...keys, ...codeHashes, ...ballotIds]) expect(logText).not.toContain(secret);
    // A cast's log line names neither the voter nor the ballot: method, path, status, timing, request id.
    const castLine = JSON.parse(lines.find((line) => line.includes(`/elections/${electionId}/ballots`))!);
    expect(Object.keys(castLine).sort()).toEqual(["level", "method", "ms", "msg", "path", "requestId", "status", "time"]);
  }, 120_000);
});

describe("integrity", () => {
  it("a ballot slipped into the box (more returned than issued) is found at the count and blocks certification and publication, saying why", async () => {
    const { admin, scrutineers, electionId, codes } = await massElection(3, paper);
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: codes } });
    await call("POST", `/elections/${electionId}/open`, { token: admin });
    for (const [i, c] of codes.entries()) expect((await call("POST", `/elections/${electionId}/ballots`, { body: { code: c.code, choices: choicesFor(i) } })).status).toBe(201);
    await db().send(new PutCommand({ TableName: ballotsTableName(), Item: { pk: `BALLOTS#${electionId}#7`, sk: "BALLOT#stuffed", type: "ballot", trackingCode: "ZZZZ-ZZZZ-ZZZZ-ZZZZ", choices: choicesFor(0) } }));
    const closed = await call("POST", `/elections/${electionId}/close`, { token: admin });
    expect(closed.status, closed.text).toBe(200);
    const preview = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json.results;
    expect(preview.figures).toMatchObject({ issued: 3, returned: 4 });
    expect(preview.integrity.ok).toBe(false);
    // 选举无效: the scrutineers cannot certify it, so it can never be published.
    for (const s of scrutineers) {
      const refused = await call("POST", `/elections/${electionId}/certify`, { token: s.token });
      expect(refused.status).toBe(409);
      expect(refused.json.code).toBe("election.integrity_violation");
      expect(refused.json.title).toContain("收回选票4张，多于发出选票3张");
      expect(refused.json.problems).toHaveLength(2);
    }
    const refused = await call("POST", `/elections/${electionId}/publish`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("election.not_certified");
    expect((await call("GET", `/elections/${electionId}/bulletin`, { token: admin })).json.code).toBe("election.not_published");
  }, 60_000);
});
