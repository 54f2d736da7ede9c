import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor } from "../access/policy";
import { actOnApproval } from "../approvals/approvals";
import { db, tableName } from "../db/client";
import { Keys } from "../db/keys";
import { membershipsOf } from "../members/members";
import type { Org } from "../orgs/orgs";
import { createEntry } from "./entries";
import { createCampaign, setJudges } from "./lifecycle";
import { caseText } from "./demo-cases";

/**
 * The demo campaign: the district's 2026 十佳案例 selection, taking entries (the window opened
 * three days before the seed and runs thirty days), with its panel of five judges and three
 * entries — one passed 形式审查, one waiting for it, one still a draft.
 */
async function actorOf(phone: string): Promise<{ actor: Actor; name: string }> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.login(phone) }));
  const accountId = Item!.accountId as string;
  const { Item: account } = await db().send(new GetCommand({ TableName: tableName(), Key: Keys.account(accountId) }));
  const memberships = await membershipsOf(accountId);
  return {
    name: account!.name as string,
    actor: { accountId, platformAdmin: false, roles: new Map(memberships.map((m) => [m.orgId, m.roles])), paths: new Map(memberships.map((m) => [m.orgId, m.orgPath])) },
  };
}

export async function seedDemoCampaign(orgs: ReadonlyMap<string, Org>, phones: { office: string; judges: string[]; entrants: Record<"xinyicheng" | "qibao" | "draft", string> }): Promise<string> {
  const district = orgs.get("district")!;
  const office = await actorOf(phones.office);
  const day = 86_400_000;
  const now = Date.now();
  const campaign = await createCampaign(district, office.actor, {
    title: "2026年度街道乡镇统战工作十佳案例评选",
    year: 2026,
    description: "面向全区街道乡镇及所属新联会、新空间、分会征集统战工作创新案例，评选十佳案例、优秀作品和优秀组织奖。",
    submissionsOpenAt: new Date(now - 3 * day).toISOString(),
    submissionsCloseAt: new Date(now + 30 * day).toISOString(),
    winners: 10,
    tiers: [{ name: "优秀作品", count: 6 }],
    orgAward: { name: "优秀组织奖", count: 3 },
    blind: true,
    judgesPerEntry: 3,
    noticeDays: 7,
  });
  const judgeIds = await Promise.all(phones.judges.map(async (phone) => (await actorOf(phone)).actor.accountId));
  await setJudges(campaign.campaignId, office.actor, judgeIds);

  const enterAs = async (phone: string, unitKey: string, key: keyof typeof caseText, draft: boolean) => {
    const { actor, name } = await actorOf(phone);
    const { entry } = await createEntry({ campaign, actor, submitter: { accountId: actor.accountId, name }, unitId: orgs.get(unitKey)!.orgId, data: caseText[key], draft });
    return entry;
  };
  const approved = await enterAs(phones.entrants.xinyicheng, "xinyicheng", "xinyicheng", false);
  await actOnApproval(approved.instanceId!, { type: "approve", actorId: office.actor.accountId, comment: "材料齐全，符合申报条件" });
  await enterAs(phones.entrants.qibao, "qibao", "qibao", false);
  await enterAs(phones.entrants.draft, "xinyicheng", "draft", true);
  return campaign.campaignId;
}
