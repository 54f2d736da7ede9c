import { describe, expect, it } from "vitest";
import { call, signIn } from "../support/api";
import { addPerson, choicesFor, createElection, freshBranch, paper, type Person } from "../support/elections";

/**
 * Whoever prints the codes must not be able to vote for anyone. At a meeting a card is dead
 * until the check-in desk binds it to the voter it hands it to; cards of absent members never
 * vote. Online, the answer that issues a code is the only one that ever shows it.
 */
async function meeting(members: number, body: Record<string, unknown> = paper) {
  const admin = await signIn("13800000001");
  const orgId = await freshBranch(admin);
  const scrutineers = [await addPerson(admin, orgId, "监票一", ["scrutineer"]), await addPerson(admin, orgId, "监票二", ["scrutineer"])];
  const voters: Person[] = [];
  for (let i = 0; i < members; i += 1) voters.push(await addPerson(admin, orgId, `会员${i}`));
  const electionId = await createElection(admin, orgId, body);
  await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
  expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
  return { admin, orgId, scrutineers, voters, electionId };
}

const cast = (electionId: string, code: string, i = 0) => call("POST", `/elections/${electionId}/ballots`, { body: { code, choices: choicesFor(i) } });

describe("blank voting cards at a meeting", () => {
  it("a card votes only once the desk has bound it to the voter it was handed to; unbound and absent members' cards never vote", async () => {
    const { admin, voters, electionId } = await meeting(4);
    const printed = await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { cards: 5, qr: true } });
    expect(printed.status, printed.text).toBe(200);
    expect(printed.headers.get("cache-control")).toBe("no-store");
    const cards = printed.json.items as Array<{ code: string; qr: string; accountId?: string }>;
    expect(cards).toHaveLength(5);
    expect(cards.every((card) => card.accountId === undefined && card.qr.startsWith("data:image/svg+xml;base64,"))).toBe(true);

    // The desk hands three cards over (quorum: 2/3 of 4 → 3 present); the fourth member stays away.
    for (const [i, voter] of voters.slice(0, 3).entries()) {
      const bound = await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: [{ accountId: voter.accountId, code: cards[i]!.code }] } });
      expect(bound.status, bound.text).toBe(200);
      expect(bound.json).toMatchObject({ bound: 1, turnout: { present: i + 1 } });
    }
    // Scanning the same card again for the same voter changes nothing; the card cannot go to someone else.
    expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: [{ accountId: voters[0]!.accountId, code: cards[0]!.code }] } })).status).toBe(200);
    const taken = await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: [{ accountId: voters[3]!.accountId, code: cards[0]!.code }] } });
    expect(taken.status).toBe(409);
    expect(taken.json.code).toBe("election.card_taken");
    // A voter who has a card does not get a second one.
    const second = await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: [{ accountId: voters[0]!.accountId, code: cards[4]!.code }] } });
    expect(second.status).toBe(409);
    const unknown = await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: [{ accountId: voters[3]!.accountId, code: "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-F" }] } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toHaveProperty(["cards.0.code"]);
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json).toMatchObject({ present: 3 });
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);

    // The printer still holds cards 3 and 4: neither was handed over, so neither votes.
    for (const card of [cards[3]!, cards[4]!]) {
      const dead = await cast(electionId, card.code);
      expect(dead.status, dead.text).toBe(403);
      expect(dead.json.code).toBe("election.card_not_bound");
    }
    const accepted = await cast(electionId, cards[1]!.code, 1);
    expect(accepted.status, accepted.text).toBe(201);
    // The bound card is its voter's: they cannot also vote signed in.
    expect((await call("POST", `/elections/${electionId}/ballots`, { token: voters[1]!.token, body: { choices: choicesFor(1) } })).json.code).toBe("election.already_voted");
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json).toMatchObject({ present: 3, voted: 1 });

    // The audit says who printed and who bound which voter's card.
    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    expect(audit.verdict.valid).toBe(true);
    const admins = await call("GET", "/me", { token: admin });
    const actorId = admins.json.account.accountId;
    expect(audit.entries.map((e: { event: { action: string } }) => e.event.action)).toEqual(expect.arrayContaining(["cards_printed", "cards_bound"]));
    expect(audit.entries.find((e: { event: { action: string } }) => e.event.action === "cards_printed").event).toMatchObject({ actorId, count: 5 });
    const bindings = audit.entries.filter((e: { event: { action: string } }) => e.event.action === "cards_bound").map((e: { event: { accountIds: string[]; actorId: string } }) => e.event);
    expect(bindings.flatMap((b: { accountIds: string[] }) => b.accountIds)).toEqual(voters.slice(0, 3).map((v) => v.accountId));
    expect(bindings.every((b: { actorId: string }) => b.actorId === actorId)).toBe(true);
    // No answer shows a code again, nor does the audit.
    const everything = JSON.stringify([
      audit,
      (await call("GET", `/elections/${electionId}/roll`, { token: admin })).json,
      (await call("GET", `/elections/${electionId}`, { token: admin })).json,
    ]);
    for (const card of cards) expect(everything).not.toContain(card.code);
  }, 120_000);

  it("the admin holding the printed named cards cannot vote for a member who stays away, nor for one checked in without the desk handing the card over", async () => {
    const { admin, voters, electionId } = await meeting(3);
    const issued = (await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { all: true } })).json.items as Array<{ accountId: string; code: string }>;
    const codeOf = (voter: Person) => issued.find((c) => c.accountId === voter.accountId)!.code;
    // Two check in by name (they will vote signed in); one card is handed over; the third member stays away.
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: [voters[0]!.accountId] } });
    expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: [{ accountId: voters[1]!.accountId, code: codeOf(voters[1]!) }] } })).status).toBe(200);
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);

    const absent = await cast(electionId, codeOf(voters[2]!));
    expect(absent.status).toBe(409);
    expect(absent.json.code).toBe("election.not_checked_in");
    const notHandedOver = await cast(electionId, codeOf(voters[0]!));
    expect(notHandedOver.status).toBe(403);
    expect(notHandedOver.json.code).toBe("election.card_not_bound");
    // The member checked in by name votes signed in; the card holder votes by card.
    expect((await call("POST", `/elections/${electionId}/ballots`, { token: voters[0]!.token, body: { choices: choicesFor(0) } })).status).toBe(201);
    expect((await cast(electionId, codeOf(voters[1]!), 1)).status).toBe(201);
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json).toMatchObject({ present: 2, voted: 2 });
  }, 120_000);
});

describe("voting codes online", () => {
  it("are shown once, in the answer that issues them; a reprint revokes the old code; the audit names who issued and reprinted", async () => {
    const { admin, voters, electionId } = await meeting(3, { ...paper, mode: "online" });
    const first = await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { all: true } });
    expect(first.headers.get("cache-control")).toBe("no-store");
    const codes = first.json.items as Array<{ accountId: string; code: string }>;
    const reprint = await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { accountIds: [voters[0]!.accountId], replace: true, expectedCount: 1 } });
    expect(reprint.json.items).toHaveLength(1);
    // Blank cards are for meetings only.
    expect((await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { cards: 3 } })).status).toBe(422);
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    expect((await cast(electionId, codes.find((c) => c.accountId === voters[0]!.accountId)!.code)).json.code).toBe("election.code_invalid");
    expect((await cast(electionId, reprint.json.items[0].code)).status).toBe(201);

    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    const issues = audit.entries.filter((e: { event: { action: string } }) => e.event.action === "codes_issued").map((e: { event: unknown }) => e.event);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ count: 3, reprinted: [] });
    expect(issues[1]).toMatchObject({ count: 1, accountIds: [voters[0]!.accountId], reprinted: [voters[0]!.accountId] });
    const shown = JSON.stringify([
      audit,
      (await call("GET", `/elections/${electionId}/roll`, { token: admin })).json,
      (await call("GET", `/elections/${electionId}`, { token: admin })).json,
      (await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json,
    ]);
    for (const code of [...codes.map((c) => c.code), reprint.json.items[0].code]) expect(shown).not.toContain(code);
  }, 120_000);
});
