import { beforeAll, describe, expect, it } from "vitest";
import { call, signIn } from "../support/api";
import { addPerson, createElection, freshBranch, paper, type Person } from "../support/elections";

/**
 * 候选人提名: a member nominates someone on the election's nomination form, the org's admin
 * approves (or rejects) it in the ordinary approval inbox, and an approved nominee joins the
 * candidates — only while the election is being set up, once, and never silently dropped.
 */
interface Candidate {
  id: string;
  name: string;
  accountId?: string;
  nominationId?: string;
}

describe("candidates nominated on a form and vetted by an approval chain", { timeout: 60_000 }, () => {
  let admin: string;
  let orgId: string;
  let electionId: string;
  let formId: string;
  const people: Record<string, Person> = {};

  const candidates = async (positionId: string): Promise<Candidate[]> => {
    const seen = await call("GET", `/elections/${electionId}`, { token: admin });
    expect(seen.status).toBe(200);
    return seen.json.election.config.positions.find((p: { id: string }) => p.id === positionId).candidates;
  };
  const nominate = async (by: Person, nominee: Person, position: string, extra: Record<string, unknown> = {}) => {
    const submitted = await call("POST", `/forms/${formId}/submissions`, {
      token: by.token,
      body: { data: { nomineeName: nominee.name, nomineePhone: nominee.phone, position, reasons: `${nominee.name}热心会务，群众基础好`, ...extra } },
    });
    expect(submitted.status, submitted.text).toBe(201);
    expect(submitted.json.status).toBe("in_review");
    return submitted.json as { submissionId: string; instanceId: string };
  };
  const act = (instanceId: string, type: "approve" | "reject", by = people["分会管理员"]!) =>
    call("POST", `/instances/${instanceId}/actions`, { token: by.token, body: { type, comment: type === "approve" ? "同意提名" : "不同意" } });
  const nominations = async () => {
    const listed = await call("GET", `/elections/${electionId}/nominations`, { token: admin });
    expect(listed.status, listed.text).toBe(200);
    return listed.json.items as Array<{ submissionId: string; name: string; status: string; statusLabel: string; positionTitle: string; outcome?: { outcome: string; candidateId?: string; reason?: string } }>;
  };
  const nominationOf = async (submissionId: string) => (await nominations()).find((n) => n.submissionId === submissionId)!;

  beforeAll(async () => {
    admin = await signIn("13800000001");
    orgId = await freshBranch(admin);
    for (const [name, roles] of [
      ["分会管理员", ["admin", "member"]],
      ["提名人", ["member"]],
      ["候选甲", ["member"]],
      ["候选乙", ["member"]],
      ["候选丙", ["member"]],
      ["监票丁", ["member", "scrutineer"]],
      ["监票戊", ["member", "scrutineer"]],
    ] as const) {
      people[name] = await addPerson(admin, orgId, name, [...roles]);
    }
    electionId = await createElection(admin, orgId, paper);
    const appointed = await call("POST", `/elections/${electionId}/scrutineers`, { token: admin, body: { accountIds: [people["监票丁"]!.accountId, people["监票戊"]!.accountId] } });
    expect(appointed.status, appointed.text).toBe(200);
  });

  it("the admin turns nominations on: a published 候选人提名表 with the positions, vetted by the org's admins; members see where to nominate", async () => {
    const opened = await call("POST", `/elections/${electionId}/nominations`, { token: admin });
    expect(opened.status, opened.text).toBe(200);
    const nomination = opened.json.election.nomination;
    expect(nomination).toMatchObject({ workflowName: "候选人提名审核" });
    formId = nomination.formId;

    const form = await call("GET", `/forms/${formId}`, { token: people["提名人"]!.token });
    expect(form.status, form.text).toBe(200);
    const definition = form.json.version.definition;
    expect(definition.title).toBe(`候选人提名表：${paper.title}`);
    expect(definition.fields.find((f: { key: string }) => f.key === "position").options.map((o: { value: string }) => o.value)).toEqual(["p1", "p2"]);

    const chain = await call("GET", `/orgs/${orgId}/workflows`, { token: admin });
    const workflow = chain.json.items.find((w: { workflowId: string }) => w.workflowId === nomination.workflowId);
    expect(workflow.steps[0].approvers).toEqual({ kind: "people", accountIds: [people["分会管理员"]!.accountId] });

    const asMember = await call("GET", `/elections/${electionId}`, { token: people["提名人"]!.token });
    expect(asMember.json.election.nomination.formId).toBe(formId);

    // Turning it on again changes nothing.
    const again = await call("POST", `/elections/${electionId}/nominations`, { token: admin });
    expect(again.json.election.nomination.formId).toBe(formId);
    const audit = await call("GET", `/elections/${electionId}/audit`, { token: admin });
    expect(audit.json.entries.filter((e: { event: { action: string } }) => e.event.action === "nominations_opened")).toHaveLength(1);
  });

  it("an approved nomination puts the nominee on the list, recording which nomination they came from", async () => {
    const { submissionId, instanceId } = await nominate(people["提名人"]!, people["候选甲"]!, "p2", { referee: "老王" });
    const inbox = await call("GET", "/inbox", { token: people["分会管理员"]!.token });
    expect(inbox.json.items.map((t: { instanceId: string }) => t.instanceId)).toContain(instanceId);
    expect(await candidates("p2")).toHaveLength(3);
    expect((await nominationOf(submissionId)).statusLabel).toBe("审核中");

    const approved = await act(instanceId, "approve");
    expect(approved.status, approved.text).toBe(200);
    const added = (await candidates("p2")).find((c) => c.name === "候选甲");
    expect(added).toEqual({ id: "p2c4", name: "候选甲", accountId: people["候选甲"]!.accountId, nominationId: submissionId });
    expect(await nominationOf(submissionId)).toMatchObject({ status: "approved", positionTitle: "理事", outcome: { outcome: "added", candidateId: "p2c4" } });

    const audit = await call("GET", `/elections/${electionId}/audit`, { token: admin });
    expect(audit.json.verdict.valid).toBe(true);
    expect(audit.json.entries.at(-1).event).toMatchObject({ action: "candidate_nominated", positionId: "p2", nominationId: submissionId, instanceId });
  });

  it("a rejected nomination adds no one", async () => {
    const { submissionId, instanceId } = await nominate(people["提名人"]!, people["候选乙"]!, "p2");
    expect((await act(instanceId, "reject")).status).toBe(200);
    expect((await candidates("p2")).map((c) => c.name)).not.toContain("候选乙");
    expect(await nominationOf(submissionId)).toMatchObject({ status: "rejected", statusLabel: "未通过" });
    expect((await nominationOf(submissionId)).outcome).toBeUndefined();
  });

  it("the same person nominated twice is a candidate once; the second approval is recorded as refused, with why", async () => {
    const { submissionId, instanceId } = await nominate(people["候选丙"]!, people["候选甲"]!, "p2");
    expect((await act(instanceId, "approve")).status).toBe(200);
    expect((await candidates("p2")).filter((c) => c.name === "候选甲")).toHaveLength(1);
    expect((await nominationOf(submissionId)).outcome).toEqual({ outcome: "refused", reason: "候选甲已是“理事”的候选人", at: expect.any(String) });
  });

  it("two nominations of one person approved at the same moment: one candidate, the other refused", async () => {
    const first = await nominate(people["提名人"]!, people["候选丙"]!, "p2");
    const second = await nominate(people["候选甲"]!, people["候选丙"]!, "p2");
    const replies = await Promise.all([act(first.instanceId, "approve"), act(second.instanceId, "approve")]);
    for (const [index, reply] of replies.entries()) {
      // Losing the race on the election item is re-decided on the server, never a 409 "someone else acted".
      expect([200, 503], reply.text).toContain(reply.status);
      if (reply.status === 503) expect((await act([first, second][index]!.instanceId, "approve")).status).toBe(200);
    }
    expect((await candidates("p2")).filter((c) => c.name === "候选丙")).toHaveLength(1);
    const outcomes = [(await nominationOf(first.submissionId)).outcome!.outcome, (await nominationOf(second.submissionId)).outcome!.outcome].sort();
    expect(outcomes).toEqual(["added", "refused"]);
  });

  it("a full 等额 position and an appointed scrutineer are refused on approval, on the record", async () => {
    const full = await nominate(people["提名人"]!, people["候选乙"]!, "p1");
    expect((await act(full.instanceId, "approve")).status).toBe(200);
    expect((await nominationOf(full.submissionId)).outcome?.reason).toBe("“会长”为等额选举，候选人数已达应选名额1名");

    const scrutineer = await nominate(people["提名人"]!, people["监票丁"]!, "p2");
    expect((await act(scrutineer.instanceId, "approve")).status).toBe(200);
    expect((await nominationOf(scrutineer.submissionId)).outcome?.reason).toBe("监票丁是本次选举的监票人，不能同时作为候选人");
  });

  it("an approval after the roll is frozen is refused clearly: the nomination is approved, the candidates stay as they were", async () => {
    const late = await nominate(people["提名人"]!, people["候选乙"]!, "p2");
    const before = await candidates("p2");
    expect((await call("POST", `/elections/${electionId}/roll`, { token: admin })).status).toBe(200);
    const approved = await act(late.instanceId, "approve");
    expect(approved.status, approved.text).toBe(200);
    expect(await candidates("p2")).toEqual(before);
    expect(await nominationOf(late.submissionId)).toMatchObject({
      status: "approved",
      outcome: { outcome: "refused", reason: "选举已进入“名册已冻结”阶段，候选人名单已确定，本提名未列入候选人" },
    });
    const audit = await call("GET", `/elections/${electionId}/audit`, { token: admin });
    expect(audit.json.verdict.valid).toBe(true);
  });

  it("nominations cannot be turned on once the roll is frozen, nor with a chain of another org", async () => {
    const frozen = await createElection(admin, orgId, { ...paper, title: "已冻结的选举" });
    expect((await call("POST", `/elections/${frozen}/roll`, { token: admin })).status).toBe(200);
    const late = await call("POST", `/elections/${frozen}/nominations`, { token: admin });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("election.invalid_state");
    expect(late.json.title).toBe("选举当前为“名册已冻结”，不能开启候选人提名");

    const draft = await createElection(admin, orgId, { ...paper, title: "另一场选举" });
    const foreign = await call("POST", `/elections/${draft}/nominations`, { token: admin, body: { workflowId: "no-such-chain" } });
    expect(foreign.status).toBe(422);
    expect(Object.keys(foreign.json.errors)).toEqual(["workflowId"]);
    expect((await call("GET", `/elections/${draft}`, { token: admin })).json.election.nomination).toBeUndefined();
  });
});

describe("positions that start with no candidates and are filled by nominations", { timeout: 90_000 }, () => {
  let admin: string;
  let orgId: string;
  let electionId: string;
  let formId: string;
  let chairman: Person;
  const nominees: Person[] = [];

  const election = async () => {
    const seen = await call("GET", `/elections/${electionId}`, { token: admin });
    expect(seen.status, seen.text).toBe(200);
    return seen.json as { election: { status: string; config: { positions: Array<{ id: string; candidates: Candidate[] }> } }; candidateGaps: Array<{ positionId: string; field: string; message: string }> };
  };
  const nominateAndApprove = async (nominee: Person, position: string) => {
    const submitted = await call("POST", `/forms/${formId}/submissions`, {
      token: nominees[0]!.token,
      body: { data: { nomineeName: nominee.name, nomineePhone: nominee.phone, position, reasons: "热心会务" } },
    });
    expect(submitted.status, submitted.text).toBe(201);
    return submitted.json.instanceId as string;
  };
  const approve = (instanceId: string) => call("POST", `/instances/${instanceId}/actions`, { token: chairman.token, body: { type: "approve" } });
  const freeze = () => call("POST", `/elections/${electionId}/roll`, { token: admin });

  beforeAll(async () => {
    admin = await signIn("13800000001");
    orgId = await freshBranch(admin);
    chairman = await addPerson(admin, orgId, "分会会长", ["admin", "member"]);
    for (const name of ["赵一", "钱二", "孙三", "李四", "周五", "吴六"]) nominees.push(await addPerson(admin, orgId, name, ["member"]));
    electionId = await createElection(admin, orgId, {
      title: "第二届理事会换届选举（提名产生候选人）",
      positions: [
        { title: "会长", seats: 1, kind: "slate", candidates: [] },
        { title: "副会长", seats: 2, kind: "competitive", candidates: [{ name: "王建国" }, { name: "李红" }] },
        { title: "理事", seats: 3, kind: "competitive", candidates: [] },
      ],
    });
  });

  it("the election is created with positions awaiting nominations; the console is told which (待提名)", async () => {
    const { election: created, candidateGaps } = await election();
    expect(created.status).toBe("draft");
    expect(created.config.positions.map((p) => p.candidates.length)).toEqual([0, 2, 0]);
    expect(candidateGaps).toEqual([
      { positionId: "p1", field: "positions.0.candidates", message: "会长：尚无候选人" },
      { positionId: "p2", field: "positions.1.candidates", message: "副会长：差额选举候选人应多于应选名额（现有2人，应选2名）" },
      { positionId: "p3", field: "positions.2.candidates", message: "理事：尚无候选人" },
    ]);
  });

  it("freezing the roll is refused by position until every position has its candidates; nothing is written", async () => {
    const refused = await freeze();
    expect(refused.status, refused.text).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.json.code).toBe("election.candidates_incomplete");
    expect(refused.json.errors).toEqual({
      "positions.0.candidates": ["会长：尚无候选人"],
      "positions.1.candidates": ["副会长：差额选举候选人应多于应选名额（现有2人，应选2名）"],
      "positions.2.candidates": ["理事：尚无候选人"],
    });
    expect(refused.json.title).toContain("副会长：差额选举候选人应多于应选名额（现有2人，应选2名）");
    expect((await election()).election.status).toBe("draft");
    const roll = await call("GET", `/elections/${electionId}/roll`, { token: admin });
    expect(roll.json.items ?? []).toEqual([]);
    const audit = await call("GET", `/elections/${electionId}/audit`, { token: admin });
    expect(audit.json.entries.map((e: { event: { action: string } }) => e.event.action)).not.toContain("roll_frozen");
  });

  it("nominations approved at the same moment for the same election all become candidates, none told someone else acted", async () => {
    const opened = await call("POST", `/elections/${electionId}/nominations`, { token: admin });
    expect(opened.status, opened.text).toBe(200);
    formId = opened.json.election.nomination.formId;
    const pending = [
      { instanceId: await nominateAndApprove(nominees[0]!, "p1"), name: "赵一" },
      { instanceId: await nominateAndApprove(nominees[1]!, "p2"), name: "钱二" },
      { instanceId: await nominateAndApprove(nominees[2]!, "p3"), name: "孙三" },
      { instanceId: await nominateAndApprove(nominees[3]!, "p3"), name: "李四" },
    ];
    const replies = await Promise.all(pending.map((p) => approve(p.instanceId)));
    for (const [index, reply] of replies.entries()) {
      expect([200, 503], reply.text).toContain(reply.status);
      if (reply.status === 503) expect((await approve(pending[index]!.instanceId)).status).toBe(200);
    }
    const { election: after, candidateGaps } = await election();
    expect(after.config.positions.map((p) => p.candidates.map((c) => c.name))).toEqual([["赵一"], ["王建国", "李红", "钱二"], expect.arrayContaining(["孙三", "李四"])]);
    // 理事 (差额, 3 seats) has 2: still short.
    expect(candidateGaps).toEqual([{ positionId: "p3", field: "positions.2.candidates", message: "理事：差额选举候选人应多于应选名额（现有2人，应选3名）" }]);
    const audit = await call("GET", `/elections/${electionId}/audit`, { token: admin });
    expect(audit.json.verdict.valid).toBe(true);
    expect(audit.json.entries.filter((e: { event: { action: string } }) => e.event.action === "candidate_nominated")).toHaveLength(4);

    const stillShort = await freeze();
    expect(stillShort.status).toBe(422);
    expect(Object.keys(stillShort.json.errors)).toEqual(["positions.2.candidates"]);
  });

  it("once filled, the roll freezes, and later nominations are refused as past setup", async () => {
    for (const nominee of [nominees[4]!, nominees[5]!]) expect((await approve(await nominateAndApprove(nominee, "p3"))).status).toBe(200);
    expect((await election()).candidateGaps).toEqual([]);
    const frozen = await freeze();
    expect(frozen.status, frozen.text).toBe(200);
    expect(frozen.json.election.status).toBe("roll_frozen");
    expect(frozen.json.candidateGaps).toEqual([]);
    expect(frozen.json.election.config.positions[2].candidates).toHaveLength(4);

    const late = await nominateAndApprove(nominees[0]!, "p3");
    expect((await approve(late)).status).toBe(200);
    const listed = await call("GET", `/elections/${electionId}/nominations`, { token: admin });
    const outcome = listed.json.items.find((n: { instanceId: string }) => n.instanceId === late).outcome;
    expect(outcome).toMatchObject({ outcome: "refused", reason: "选举已进入“名册已冻结”阶段，候选人名单已确定，本提名未列入候选人" });
    expect((await election()).election.config.positions[2]!.candidates).toHaveLength(4);
  });
});
