import { describe, expect, it } from "vitest";
import { queryAll } from "@tongxin/core/db/query";
import { call, signIn } from "../support/api";
import { addPerson, choicesFor, createElection, freshBranch, paper, type Person } from "../support/elections";

/**
 * 委托投票 (#18 item 5) against DynamoDB Local: off by default; a present member holds at most N
 * written proxies, registered at check-in and audited; a proxy counts toward presence and gives one
 * more ballot (the grantor's, handed to the holder as a card); the grantor cannot also vote signed in.
 */
async function meeting(members: number, proxyLimit?: number) {
  const admin = await signIn("13800000001");
  const orgId = await freshBranch(admin);
  const scrutineers = [await addPerson(admin, orgId, "监票一", ["scrutineer"]), await addPerson(admin, orgId, "监票二", ["scrutineer"])];
  const voters: Person[] = [];
  for (let i = 0; i < members; i += 1) voters.push(await addPerson(admin, orgId, `会员${i}`));
  const electionId = await createElection(admin, orgId, { ...paper, ...(proxyLimit !== undefined ? { proxyLimit } : {}) });
  await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: scrutineers.map((s) => s.accountId) } });
  expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
  return { admin, orgId, voters, electionId };
}

const proxy = (admin: string, electionId: string, holder: Person, grantor: Person) =>
  call("POST", `/elections/${electionId}/proxies`, { token: admin, body: { holderId: holder.accountId, grantorId: grantor.accountId } });

const rollOf = async (electionId: string) =>
  (await Promise.all(Array.from({ length: 16 }, (_, s) => queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `ROLL#${electionId}#${s}` }, ConsistentRead: true })))).flat();

describe("委托投票: written proxies at check-in", () => {
  it("is off by default and never online", async () => {
    const { admin, orgId, voters, electionId } = await meeting(2);
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: [voters[0]!.accountId] } });
    const off = await proxy(admin, electionId, voters[0]!, voters[1]!);
    expect(off.status).toBe(409);
    expect(off.json.title).toBe("本次选举不接受委托投票");
    const online = await call("POST", `/orgs/${orgId}/elections`, { token: admin, body: { ...paper, mode: "online", proxyLimit: 1 } });
    expect(online.status).toBe(422);
    expect(online.json.errors.proxyLimit).toEqual(["网上投票不设委托投票"]);
    expect((await call("POST", `/orgs/${orgId}/elections`, { token: admin, body: { ...paper, proxyLimit: 6 } })).json.errors.proxyLimit).toBeDefined();
  }, 120_000);

  it("counts toward presence, audited, at most N per holder; the grantor's card goes to the holder, and the grantor cannot vote signed in", async () => {
    const { admin, voters, electionId } = await meeting(5, 1);
    const [holder, grantor, second, present, absent] = voters as [Person, Person, Person, Person, Person];
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: [holder.accountId, present.accountId] } });
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json).toMatchObject({ present: 2, proxies: 0 });

    const registered = await proxy(admin, electionId, holder, grantor);
    expect(registered.status, registered.text).toBe(201);
    expect(registered.json).toMatchObject({ holderId: holder.accountId, grantorId: grantor.accountId, held: 1, turnout: { present: 3, proxies: 1 } });

    const overLimit = await proxy(admin, electionId, holder, second);
    expect(overLimit.status).toBe(409);
    expect(overLimit.json.code).toBe("election.proxy_refused");
    expect(overLimit.json.errors.holderId).toEqual(["受托人已接受1份委托，每人最多1份"]);
    expect((await proxy(admin, electionId, present, grantor)).json.errors.grantorId).toEqual(["委托人已委托他人"]);
    expect((await proxy(admin, electionId, second, absent)).json.errors.holderId).toEqual(["受托人须先签到"]);
    expect((await proxy(admin, electionId, absent, holder)).json.errors.grantorId).toEqual(["委托人已到会，应本人投票"]);
    expect((await proxy(admin, electionId, holder, holder)).status).toBe(422);
    // Nothing half-written by the refusals.
    const roll = await rollOf(electionId);
    expect(roll.find((v) => v.accountId === second.accountId)!.checkedInAt).toBeUndefined();
    expect(roll.find((v) => v.accountId === absent.accountId)!.checkedInAt).toBeUndefined();
    expect(roll.find((v) => v.accountId === holder.accountId)!.proxyCount).toBe(1);

    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    expect(audit.verdict.valid).toBe(true);
    expect(audit.entries.filter((e: { event: { action: string } }) => e.event.action === "proxy_registered").map((e: { event: unknown }) => e.event)).toEqual([
      { action: "proxy_registered", actorId: expect.any(String), holderId: holder.accountId, grantorId: grantor.accountId },
    ]);

    // One more ballot: the desk binds a card to the grantor and hands it to the holder.
    const [card] = (await call("POST", `/elections/${electionId}/codes`, { token: admin, body: { cards: 1 } })).json.items as Array<{ code: string }>;
    expect((await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { cards: [{ accountId: grantor.accountId, code: card!.code }] } })).status).toBe(200);
    // Quorum (2/3 of 5): the proxy counts; one more member arrives.
    const early = await call("POST", `/elections/${electionId}/open`, { token: admin });
    expect(early.json.code).toBe("election.no_quorum");
    expect(early.json.title).toContain("到会3人");
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: [second.accountId] } });
    expect((await call("POST", `/elections/${electionId}/open`, { token: admin })).status).toBe(200);
    const selfVote = await call("POST", `/elections/${electionId}/ballots`, { token: grantor.token, body: { choices: choicesFor(1) } });
    expect(selfVote.status).toBe(409);
    expect(selfVote.json.code).toBe("election.proxy_given");
    expect((await call("POST", `/elections/${electionId}/ballots`, { body: { code: card!.code, choices: choicesFor(1) } })).status).toBe(201);
    expect((await call("POST", `/elections/${electionId}/ballots`, { token: holder.token, body: { choices: choicesFor(2) } })).status).toBe(201);
    expect((await call("GET", `/elections/${electionId}/turnout`, { token: admin })).json).toMatchObject({ present: 4, voted: 2, proxies: 1 });
    const closed = await call("POST", `/elections/${electionId}/close`, { token: admin });
    expect(closed.status).toBe(200);
    const results = (await call("GET", `/elections/${electionId}/results`, { token: admin })).json.results;
    expect(results.figures).toMatchObject({ present: 4, issued: 4, returned: 2 });
    expect(results.integrity.ok).toBe(true);

    // 换届备案材料: the report, then who was present (in person or by proxy), the candidates, the motions; admins only.
    expect((await call("GET", `/elections/${electionId}/filing`, { token: holder.token })).status).toBe(403);
    const filing = await call("GET", `/elections/${electionId}/filing`, { token: admin });
    expect(filing.status, filing.text).toBe(200);
    expect(filing.headers.get("content-type")).toBe("application/pdf");
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const opened = await pdfjs.getDocument({ data: new Uint8Array(filing.bytes) }).promise;
    let text = "";
    for (let n = 1; n <= opened.numPages; n += 1) text += (await (await opened.getPage(n)).getTextContent()).items.map((item) => ("str" in item ? item.str : "")).join("");
    const flat = text.replace(/\s+/g, "");
    for (const expected of ["选举结果报告单", "选民名册摘要", "到会：4人（其中委托1人）", `${grantor.name}委托${holder.name}`, `${absent.name}未到会`, "候选人名单", "王建国选举设置时列入", "议题表决结果", "审议工作报告"]) {
      expect(flat, expected).toContain(expected);
    }
    // Names only: no member's phone in the filing.
    for (const voter of voters) expect(flat).not.toContain(voter.phone);
    await opened.destroy();
  }, 120_000);

  it("six proxies for one holder registered at the same moment with a limit of 2: exactly two stored", async () => {
    const { admin, voters, electionId } = await meeting(7, 2);
    const [holder, ...grantors] = voters as [Person, ...Person[]];
    await call("POST", `/elections/${electionId}/checkins`, { token: admin, body: { accountIds: [holder.accountId] } });
    const raced = await Promise.all(grantors.map((grantor) => proxy(admin, electionId, holder, grantor)));
    expect(raced.filter((r) => r.status === 201)).toHaveLength(2);
    for (const refused of raced.filter((r) => r.status !== 201)) {
      expect(refused.status, refused.text).toBe(409);
      expect(refused.json.errors.holderId).toEqual(["受托人已接受2份委托，每人最多2份"]);
    }
    const roll = await rollOf(electionId);
    expect(roll.find((v) => v.accountId === holder.accountId)!.proxyCount).toBe(2);
    const granted = roll.filter((v) => v.proxyHolderId === holder.accountId);
    expect(granted).toHaveLength(2);
    expect(roll.filter((v) => v.checkedInAt)).toHaveLength(3);
    const audit = (await call("GET", `/elections/${electionId}/audit`, { token: admin })).json;
    expect(audit.entries.filter((e: { event: { action: string } }) => e.event.action === "proxy_registered")).toHaveLength(2);
  }, 120_000);
});
