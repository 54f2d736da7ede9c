/**
 * Repairing the inbox badge (npm run inbox:recount): tasks written before the count shards existed
 * were never counted. Against DynamoDB Local: a reviewer whose shards are gone sees 0 while tasks
 * wait; the recount finds the difference, a dry run writes nothing, the repair makes the badge equal
 * the inbox, and a later approval still moves it by one.
 */
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { INBOX_COUNT_SHARDS } from "@tongxin/core/workflows/inbox-store";
import { accountsWithInboxes, recountInboxes } from "@tongxin/core/workflows/inbox-recount";
import { call } from "../support/api";
import { attachChain, makeUnit, people, publishForm, submit, type Person, type Unit } from "../support/approvals";

let unit: Unit;
let formId: string;
let reviewer: Person;
let submitter: Person;

const badge = async (person: Person): Promise<number> => {
  const response = await call("GET", "/inbox/count", { token: person.token });
  expect(response.status, response.text).toBe(200);
  return response.json.open as number;
};

beforeAll(async () => {
  unit = await makeUnit("角标修复", [{ name: "审核人" }, { name: "申报人" }]);
  [reviewer, submitter] = [unit.people.审核人!, unit.people.申报人!];
  formId = await publishForm(unit, { title: "角标申报表", fields: [{ key: "title", type: "text", label: "事项", required: true }] });
  await attachChain(unit, formId, { name: "一级审批", steps: [{ name: "审核", approvers: people(reviewer.accountId) }] });
});

describe("repairing the inbox badge", () => {
  it("brings a badge that missed older tasks back to the tasks waiting, and later approvals keep it right", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await submit(submitter, formId, { title: `旧事项${i}` })).instanceId);
    expect(await badge(reviewer)).toBe(5);

    // As before the shards existed: the tasks are there, the count is not.
    for (let shard = 0; shard < INBOX_COUNT_SHARDS; shard += 1) {
      await db().send(new DeleteCommand({ TableName: tableName(), Key: Keys.inboxCountShard(reviewer.accountId, shard) }));
    }
    expect(await badge(reviewer)).toBe(0);
    expect(await accountsWithInboxes()).toContain(reviewer.accountId);

    const dry = await recountInboxes([reviewer.accountId, submitter.accountId], { write: false });
    expect(dry.off).toEqual([{ accountId: reviewer.accountId, tasks: 5, badge: 0 }]);
    expect(await badge(reviewer)).toBe(0);

    const fixed = await recountInboxes([reviewer.accountId], { write: true });
    expect(fixed).toMatchObject({ checked: 1, stillOff: [] });
    expect(await badge(reviewer)).toBe(5);
    expect((await recountInboxes([reviewer.accountId], { write: false })).off).toEqual([]);

    const approved = await call("POST", `/instances/${ids[0]}/actions`, { token: reviewer.token, body: { type: "approve" } });
    expect(approved.status, approved.text).toBeLessThan(300);
    expect(await badge(reviewer)).toBe(4);
  });
});
