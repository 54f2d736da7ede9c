import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiLocal } from "@tongxin/core/activities/time";
import { queryAll } from "@tongxin/core/db/query";
import { Keys } from "@tongxin/core/db/keys";
import { pendingApprovers } from "@tongxin/core/workflows/machine";
import { getInstance } from "@tongxin/core/workflows/instances";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { addPerson, choicesFor, createElection, freshBranch, paper, type Person } from "../support/elections";
import { expectedTally, publishedTally } from "../support/tally";
import { crowd, injectedFaults, partition, setFaultRate, shards, statuses, withRetries } from "../support/faults";
import { maskPhone } from "@tongxin/core/privacy/mask";

/**
 * DynamoDB misbehaving under a concurrent workload of every mutation: throttling and
 * contention before a write lands, timeouts and dropped connections after it has. Every
 * request must end in a success, a 503 with Retry-After or a 409 — never a 500 — and after
 * clients retry (with the same Idempotency-Key), every invariant holds on the stored items.
 */
const DAY = 86_400_000;
const at = (days: number, time: string) => `${shanghaiLocal(new Date(Date.now() + days * DAY)).slice(0, 10)}T${time}`;
const proposal = { title: "容错测试活动", theme: "volunteer", startsAt: "2026-12-20T09:00", endsAt: "2026-12-20T11:00", venue: "新意城", capacity: 20, needsFunds: "no", description: "容错" };

describe("with DynamoDB failing at random under a concurrent load of every mutation", () => {
  let organizer: string;
  let town: string;
  let admin: string;
  // Sign-ups: an open activity with few places and more people than places.
  const CAPACITY = 6;
  let activityId: string;
  let joiners: Array<{ accountId: string; name: string; token: string }>;
  // Ballots: an open online election; most vote by code without a session, the rest signed in.
  let electionId: string;
  let scrutineers: Person[];
  let byCode: Array<{ accountId: string; code: string }>;
  let signedIn: Array<{ accountId: string; token: string }>;

  beforeAll(async () => {
    [organizer, town, admin] = [await signIn("13800000003"), await signIn("13800000002"), await signIn("13800000001")];

    const opened = await call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: organizer, body: { data: { ...proposal, title: "容错报名活动", capacity: CAPACITY, startsAt: at(20, "09:00"), endsAt: at(20, "11:00") } } });
    expect(opened.status, opened.text).toBe(201);
    for (const approver of [town, admin]) expect((await call("POST", `/instances/${opened.json.instanceId}/actions`, { token: approver, body: { type: "approve" } })).status).toBe(200);
    activityId = opened.json.submissionId;
    const space = await call("POST", "/orgs", { token: organizer, body: { name: `容错报名${Date.now().toString(36)}`, kind: "new_space", parentId: demoOrgs().xinyicheng } });
    expect(space.status, space.text).toBe(201);
    joiners = await crowd(organizer, space.json.orgId, 18, "容错报名者");

    const branch = await freshBranch(admin);
    scrutineers = [await addPerson(admin, branch, "监票一", ["scrutineer"]), await addPerson(admin, branch, "监票二", ["scrutineer"])];
    const voters = await crowd(admin, branch, 36, "容错选民");
    electionId = await createElection(admin, branch, { ...paper, mode: "online" });
    expect((await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } })).status).toBe(200);
    expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).json.election.rollSize).toBe(voters.length);
    const codes = await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { accountIds: voters.slice(0, 28).map((v) => v.accountId) } });
    expect(codes.status, codes.text).toBe(200);
    byCode = codes.json.items;
    expect(byCode).toHaveLength(28);
    signedIn = voters.slice(28);
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);

    setFaultRate(Number(process.env.FAULT_RATE ?? 0.2));
  }, 120_000);

  afterAll(() => {
    setFaultRate(0);
  });

  it("every submission, approval, new member, sign-up, cancellation and ballot lands exactly once, and no request ever gets a 500", async () => {
    const run = `${Date.now()}`;
    // Proposals, then the town's approval of each, then the district's final approval of half (which opens an activity).
    const proposals = (async () => {
      const keys = Array.from({ length: 24 }, (_, i) => `fault-${run}-${i}`);
      const submitted = await Promise.all(
        keys.map((key) =>
          withRetries(() => call("POST", `/forms/${demoOrgs().activityForm}/submissions`, { token: organizer, body: { data: proposal }, headers: { "idempotency-key": key } })),
        ),
      );
      const townApprovals = await Promise.all(submitted.map((r) => withRetries(() => call("POST", `/instances/${r.json.instanceId}/actions`, { token: town, body: { type: "approve" } }))));
      const finals = await Promise.all(
        submitted.slice(0, 12).map((r) => withRetries(() => call("POST", `/instances/${r.json.instanceId}/actions`, { token: admin, body: { type: "approve" } }))),
      );
      return { submitted, townApprovals, finals };
    })();

    const orgId = demoOrgs().xinyicheng;
    const phones = Array.from({ length: 12 }, () => uniquePhone());
    const memberAdds = Promise.all(phones.map((phone) => withRetries(() => call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name: "容错成员", phone } }))));

    // Everyone signs up; a third then cancel, and half of those sign up again (a new request, so a new key).
    const signups = Promise.all(
      joiners.map(async (person, i) => {
        const path = `/activities/${activityId}/signups`;
        const first = await withRetries(() => call("POST", path, { token: person.token, headers: { "idempotency-key": `signup-${run}-${i}` } }));
        if (i % 3 !== 1) return { person, first };
        const cancel = await withRetries(() => call("DELETE", `${path}/me`, { token: person.token }));
        if (i % 2 === 0) return { person, first, cancel };
        const again = await withRetries(() => call("POST", path, { token: person.token, headers: { "idempotency-key": `signup-again-${run}-${i}` } }));
        return { person, first, cancel, again };
      }),
    );

    // Code voters open the paper without a session, then cast with their code; the rest cast signed in.
    const ballots = Promise.all([
      ...byCode.map(async ({ accountId, code }, i) => {
        const seen = await withRetries(() => call("POST", `/elections/${electionId}/paper`, { body: { code } }));
        const cast = await withRetries(() => call("POST", `/elections/${electionId}/ballots`, { body: { code, choices: choicesFor(i) }, headers: { "idempotency-key": `cast-${run}-${i}` } }));
        return { accountId, i, seen, cast };
      }),
      ...signedIn.map(async ({ accountId, token }, j) => {
        const i = byCode.length + j;
        const cast = await withRetries(() => call("POST", `/elections/${electionId}/ballots`, { token, body: { choices: choicesFor(i) }, headers: { "idempotency-key": `cast-${run}-${i}` } }));
        return { accountId, i, seen: undefined, cast };
      }),
    ]);

    const [{ submitted, townApprovals, finals }, added, joined, cast] = await Promise.all([proposals, memberAdds, signups, ballots]);
    setFaultRate(0);
    expect(injectedFaults()).toBeGreaterThan(50);
    expect(statuses).not.toContain(500);

    // --- Submissions and approvals ---
    for (const response of submitted) expect(response.status, response.text).toBe(201);
    expect(new Set(submitted.map((response) => response.json.submissionId)).size).toBe(submitted.length);
    // A retried approval whose first try landed meets the instance already moved on: 409, never a second transition.
    for (const response of [...townApprovals, ...finals]) expect([200, 409], response.text).toContain(response.status);
    for (const response of [...townApprovals, ...finals]) if (response.status === 409) expect(response.unavailable).toBeGreaterThan(0);
    const mine = await call("GET", `/me/submissions?formId=${demoOrgs().activityForm}`, { token: organizer });
    for (const response of submitted) {
      expect(mine.json.items.filter((s: { submissionId: string }) => s.submissionId === response.json.submissionId)).toHaveLength(1);
    }
    // Each approval happened once: the audit chain is whole and as long as the version, one
    // approve entry per approver, and exactly the pending approvers hold tasks.
    for (const [n, response] of submitted.entries()) {
      const id = response.json.instanceId as string;
      const instance = (await getInstance(id))!;
      const final = n < 12;
      expect(instance.state.status).toBe(final ? "approved" : "in_review");
      if (!final) expect(instance.state.step.name).toBe("区委统战部审批");
      const audit = await call("GET", `/instances/${id}/audit`, { token: admin });
      expect(audit.json.verdict).toEqual({ valid: true, length: instance.state.version });
      expect(audit.json.entries.filter((e: { event: { action: string } }) => e.event.action === "approve")).toHaveLength(final ? 2 : 1);
      const tasks = await queryAll({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :t)", ExpressionAttributeValues: { ":pk": Keys.instance(id).pk, ":t": "TASK#" } });
      expect(tasks.map((task) => task.accountId).sort()).toEqual(pendingApprovers(instance.state).sort());
      // An approved proposal opened its activity with one calendar entry per org up the tree; an unapproved one opened nothing.
      const items = await partition(Keys.activity(response.json.submissionId).pk);
      if (final) {
        expect(items.filter((item) => item.sk === "ACTIVITY")).toHaveLength(1);
        expect(items.filter((item) => String(item.sk).startsWith("CAL#"))).toHaveLength(instance.unitPath.length + 1);
      } else expect(items).toHaveLength(0);
    }

    // --- New members: each exists once ---
    for (const response of added) expect([201, 422]).toContain(response.status);
    const members = await call("GET", `/orgs/${orgId}/members?limit=200`, { token: admin });
    for (const phone of phones) expect(members.json.items.filter((m: { phone: string }) => m.phone === maskPhone(phone))).toHaveLength(1);

    // --- Sign-ups ---
    for (const { first, cancel, again } of joined) {
      expect(first.status, first.text).toBe(201);
      if (again) expect(again.status, again.text).toBe(201);
      // A cancellation retried after its first try landed finds nothing left to cancel.
      if (cancel) expect(cancel.status === 200 || (cancel.status === 404 && cancel.json.code === "signup.not_found" && cancel.unavailable > 0), cancel.text).toBe(true);
    }
    const stored = await partition(Keys.activity(activityId).pk);
    const activity = stored.find((item) => item.sk === "ACTIVITY")!;
    const signupItems = stored.filter((item) => String(item.sk).startsWith("SIGNUP#"));
    const waitItems = stored.filter((item) => String(item.sk).startsWith("WAIT#"));
    const tokenItems = stored.filter((item) => String(item.sk).startsWith("CHECKIN#"));
    const withStatus = (status: string) => signupItems.filter((item) => item.status === status);
    // One sign-up per person, in the state their last successful request left it.
    expect(signupItems).toHaveLength(joiners.length);
    for (const { person, cancel, again } of joined) {
      const item = signupItems.find((s) => s.accountId === person.accountId)!;
      if (cancel && !again) expect(item.status).toBe("cancelled");
      else expect(["confirmed", "waitlisted"]).toContain(item.status);
    }
    // Counters equal the items; capacity never exceeded; nobody waits while a place is free.
    expect({ confirmed: activity.confirmed, waitlisted: activity.waitlisted }).toEqual({ confirmed: withStatus("confirmed").length, waitlisted: withStatus("waitlisted").length });
    expect(activity.confirmed).toBeLessThanOrEqual(CAPACITY);
    expect(activity.confirmed).toBe(Math.min(CAPACITY, withStatus("confirmed").length + withStatus("waitlisted").length));
    // No orphans: each waitlist entry is a waitlisted person's ticket and vice versa; each check-in token a confirmed person's.
    const orphans = {
      waitEntriesWithoutSignup: waitItems.filter((w) => !withStatus("waitlisted").some((s) => s.accountId === w.accountId && s.ticket === w.ticket)).length,
      waitlistedWithoutEntry: withStatus("waitlisted").filter((s) => !waitItems.some((w) => w.accountId === s.accountId && w.ticket === s.ticket)).length,
      tokensWithoutConfirmed: tokenItems.filter((t) => !withStatus("confirmed").some((s) => s.accountId === t.accountId && `CHECKIN#${s.checkinToken}` === t.sk)).length,
      confirmedWithoutToken: withStatus("confirmed").filter((s) => !tokenItems.some((t) => t.sk === `CHECKIN#${s.checkinToken}`)).length,
    };
    expect(orphans).toEqual({ waitEntriesWithoutSignup: 0, waitlistedWithoutEntry: 0, tokensWithoutConfirmed: 0, confirmedWithoutToken: 0 });
    // Waitlist positions: 1..n in ticket order, as listed to the organizer.
    const list = (await call("GET", `/activities/${activityId}/signups`, { token: organizer })).json;
    const queue = list.items.filter((s: { status: string }) => s.status === "waitlisted");
    expect(queue.map((s: { position: number }) => s.position)).toEqual(queue.map((_: unknown, k: number) => k + 1));
    expect(queue.map((s: { ticket: number }) => s.ticket)).toEqual(withStatus("waitlisted").map((s) => s.ticket as number).sort((a, b) => a - b));

    // --- Ballots ---
    // Everyone ended with a receipt: 201 for a first ballot, 200 with the same tracking code when a retry met a ballot that had landed.
    for (const { seen, cast: response } of cast) {
      if (seen) expect(seen.status, seen.text).toBe(200);
      expect([200, 201], response.text).toContain(response.status);
      if (response.status === 200) expect(response.unavailable).toBeGreaterThan(0);
    }
    const failedThenVoted = cast.filter(({ cast: response }) => response.unavailable > 0);
    expect(failedThenVoted.length).toBeGreaterThan(0);
    const accepted = cast.map(({ cast: response }) => response.json.trackingCode as string);
    expect(new Set(accepted).size).toBe(cast.length);
    // Each accepted vote is one ballot item; receipts, used codes and ballots agree; nothing half-written.
    const [ballotItems, rollItems, codeItems] = await Promise.all([shards(`BALLOTS#${electionId}`), shards(`ROLL#${electionId}`), shards(`VCODES#${electionId}`)]);
    expect(ballotItems.map((b) => b.trackingCode).sort()).toEqual([...accepted].sort());
    const ballotOrphans = {
      receiptsWithoutBallot: rollItems.filter((v) => v.voted).length - ballotItems.length,
      ballotsWithoutReceipt: ballotItems.length - rollItems.filter((v) => v.voted).length,
      usedCodesWithoutReceipt: codeItems.filter((c) => c.used && !rollItems.find((v) => v.accountId === c.accountId)?.voted).length,
      codeVotersWithUnusedCode: byCode.filter((v) => !codeItems.find((c) => c.accountId === v.accountId)?.used).length,
      votersWithoutReceipt: cast.filter(({ accountId }) => !rollItems.find((v) => v.accountId === accountId)?.voted).length,
    };
    expect(ballotOrphans).toEqual({ receiptsWithoutBallot: 0, ballotsWithoutReceipt: 0, usedCodesWithoutReceipt: 0, codeVotersWithUnusedCode: 0, votersWithoutReceipt: 0 });
    // The count after close agrees with what the accepted voters sent, once each.
    expect((await call("POST", `/elections/${electionId}/close`, { token: admin })).status).toBe(200);
    const { results } = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json;
    expect(results.figures).toMatchObject({ returned: cast.length, valid: cast.length });
    expect(publishedTally(results)).toEqual(expectedTally(cast.map(({ i }) => choicesFor(i))));
    console.info(
      `faults: ${injectedFaults()} injected, ${statuses.length} responses (${statuses.filter((s) => s === 503).length} × 503); ` +
        `${failedThenVoted.length} voters voted after a 503 (${cast.filter(({ cast: r }) => r.status === 200).length} found their ballot had landed); ` +
        `activity ${activity.confirmed}/${CAPACITY} confirmed, ${activity.waitlisted} waitlisted; ` +
        `${joined.filter(({ first, again }) => [first, again].some((r) => r?.headers.get("idempotent-replayed"))).length} sign-ups replayed, ` +
        `${joined.filter(({ cancel }) => cancel?.status === 404).length} cancellations found already done`,
    );
  }, 240_000);
});
