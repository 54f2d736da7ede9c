import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { db, tableName } from "@tongxin/core/db/client";
import { Keys } from "@tongxin/core/db/keys";
import { queryAll } from "@tongxin/core/db/query";
import { idCardCheckChar } from "@tongxin/core/forms/checksums";
import { call, demoOrgs, signIn, uniquePhone } from "../support/api";
import { acceptInvitationOf } from "../support/invitations";

/**
 * A member's 身份证号 (issue #16, item 2): sealed in the membership item, masked on the roll, in
 * full through 查看完整, and one per member of an org — checked on the keyed hash beside the
 * ciphertext, for a single add, concurrent adds, an edit and a roll import.
 */
function idNumber(): string {
  const birth = `19${String(50 + Math.floor(Math.random() * 49))}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}`;
  const first17 = `310104${birth}${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`;
  return first17 + idCardCheckChar(first17);
}
const masked = (id: string) => `${id.slice(0, 4)}**********${id.slice(14)}`;

function csv(rows: string[][]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(rows.map((row) => row.join(",")).join("\r\n"));
}

describe("a member's 身份证号", () => {
  let admin: string;
  let orgId: string;

  beforeAll(async () => {
    admin = await signIn("13800000003"); // 张晓雯, admin of 新意城新空间
    const space = await call("POST", "/orgs", { token: admin, body: { name: `身份证测试${Date.now().toString(36)}`, kind: "new_space", parentId: demoOrgs().xinyicheng } });
    expect(space.status, space.text).toBe(201);
    orgId = space.json.orgId;
  });

  const add = (phone: string, id: string, name = "测试成员") => call("POST", `/orgs/${orgId}/members`, { token: admin, body: { name, phone, idNumber: id } });
  const roll = async () => (await call("GET", `/orgs/${orgId}/members?limit=200`, { token: admin })).json.items as Array<{ accountId: string; phone: string; idNumber?: string }>;

  it("is stored sealed beside its keyed hash and masked form, read masked on the roll and in full by 查看完整", async () => {
    const id = idNumber();
    const added = await add(uniquePhone(), id, "周身份");
    expect(added.status, added.text).toBe(201);
    const accountId = added.json.accountId as string;
    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `ORG#${orgId}`, sk: `MEMBER#${accountId}` } }));
    expect(JSON.stringify(Item)).not.toContain(id);
    expect(Item).toMatchObject({ idNumberSealed: expect.stringMatching(/^v1\./), idNumberHash: expect.any(String), idNumberMasked: masked(id) });
    const claim = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.memberIdNumberClaim(orgId, Item!.idNumberHash) }));
    expect(claim.Item).toMatchObject({ accountId });
    expect(JSON.stringify(claim.Item)).not.toContain(id);

    const row = (await roll()).find((member) => member.accountId === accountId);
    expect(row?.idNumber).toBe(masked(id));
    const full = await call("POST", `/orgs/${orgId}/members/${accountId}/reveal`, { token: admin, body: { reason: "verify_identity" } });
    expect(full.json.idNumber).toBe(id);
    const log = await call("GET", `/orgs/${orgId}/personal-data/access-log`, { token: admin });
    expect(log.json.items[0]).toMatchObject({ whose: "周身份", fields: ["手机", "身份证号"] });
  });

  it("a second member with the same number is refused naming the field, and nothing of them is written", async () => {
    const id = idNumber();
    expect((await add(uniquePhone(), id)).status).toBe(201);
    const phone = uniquePhone();
    const again = await add(phone, id.toLowerCase());
    expect(again.status).toBe(422);
    expect(again.json.errors).toEqual({ idNumber: ["该身份证号已登记在本组织的其他成员名下"] });
    const login = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.login(phone) }));
    expect(login.Item).toBeUndefined();
  });

  it("four admins adding four people with one number at once: one is added, three are refused", async () => {
    const id = idNumber();
    const results = await Promise.all(Array.from({ length: 4 }, () => add(uniquePhone(), id)));
    expect(results.map((result) => result.status).sort()).toEqual([201, 422, 422, 422]);
    expect((await roll()).filter((member) => member.idNumber === masked(id))).toHaveLength(1);
    const claims = await queryAll({ KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)", ExpressionAttributeValues: { ":pk": `ORG#${orgId}`, ":prefix": "IDNO#" } });
    const winner = results.find((result) => result.status === 201)!.json.accountId;
    expect(claims.filter((claim) => claim.accountId === winner)).toHaveLength(1);
  });

  it("a corrected number moves the claim: the old one is free for someone else, the new one taken", async () => {
    const [first, second] = [idNumber(), idNumber()];
    const added = await add(uniquePhone(), first);
    const changed = await call("PATCH", `/orgs/${orgId}/members/${added.json.accountId}`, { token: admin, body: { idNumber: second } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.idNumber).toBe(masked(second));
    expect((await add(uniquePhone(), first)).status).toBe(201);
    expect((await add(uniquePhone(), second)).status).toBe(422);
  });

  it("removing a member frees their number", async () => {
    const id = idNumber();
    const added = await add(uniquePhone(), id);
    expect((await call("DELETE", `/orgs/${orgId}/members/${added.json.accountId}`, { token: admin })).status).toBe(204);
    expect((await add(uniquePhone(), id)).status).toBe(201);
  });

  it("a roll row whose number another member holds is a row error in the preview, and stops the import", async () => {
    const held = idNumber();
    expect((await add(uniquePhone(), held)).status).toBe(201);
    const [fresh, newcomer] = [uniquePhone(), uniquePhone()];
    const file = csv([["姓名", "手机", "身份证号"], ["甲", fresh, idNumber()], ["乙", newcomer, held]]);
    const preview = await call("POST", `/orgs/${orgId}/members/import/preview`, { token: admin, body: file, headers: { "content-type": "text/csv" } });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.errors).toEqual([{ row: 3, column: "身份证号", message: "该身份证号已登记在本组织的其他成员名下" }]);
    expect(preview.json.add.map((row: { row: number }) => row.row)).toEqual([2]);
    const imported = await call("POST", `/orgs/${orgId}/members/import`, { token: admin, body: file, headers: { "content-type": "text/csv" } });
    expect(imported.status).toBe(422);
    expect((await roll()).some((member) => member.phone === `${fresh.slice(0, 3)}****${fresh.slice(7)}`)).toBe(false);
  });

  it("importing the same roll twice matches people by phone and keeps one claim each", async () => {
    const people = [[uniquePhone(), idNumber()], [uniquePhone(), idNumber()]] as const;
    const file = csv([["姓名", "手机", "身份证号"], ...people.map(([phone, id], index) => [`导入${index}`, phone, id])]);
    for (let run = 0; run < 2; run += 1) {
      const imported = await call("POST", `/orgs/${orgId}/members/import`, { token: admin, body: file, headers: { "content-type": "text/csv" } });
      expect(imported.status, imported.text).toBe(200);
    }
    const items = await roll();
    for (const [, id] of people) expect(items.filter((member) => member.idNumber === masked(id))).toHaveLength(1);
  });
});

describe("我的个人信息", () => {
  it("a member reads everything held about them in full — phone, 身份证号, their answers and consent — and downloads it as XLSX", async () => {
    const admin = await signIn("13800000003");
    const phone = uniquePhone();
    const id = idNumber();
    const added = await call("POST", `/orgs/${demoOrgs().xinyicheng}/members`, { token: admin, body: { name: "钟本人", phone, idNumber: id, unit: "本人单位" } });
    expect(added.status, added.text).toBe(201);
    await acceptInvitationOf(added.json.accountId, "Myself@2026");
    const token = await signIn(phone, "Myself@2026");
    const mine = await call("GET", "/me/personal-data", { token });
    expect(mine.status).toBe(200);
    expect(mine.json.account).toMatchObject({ name: "钟本人", phone });
    expect(mine.json.memberships).toEqual([expect.objectContaining({ orgName: "新意城新空间", roles: ["会员"], unit: "本人单位", idNumber: id })]);
    expect(mine.json.kept).toContain("选举名册");
    const xlsx = await call("GET", "/me/personal-data?format=xlsx", { token });
    expect(xlsx.headers.get("content-disposition")).toMatch(/filename\*=UTF-8''/);
    const { readSheet } = await import("read-excel-file/universal");
    const rows = (await readSheet(xlsx.bytes.buffer)) as string[][];
    expect(rows[0]).toEqual(["类别", "项目", "内容"]);
    expect(rows).toContainEqual(["成员资料·新意城新空间", "身份证号", id]);
    expect(rows).toContainEqual(["账号", "手机", phone]);
  });
});
