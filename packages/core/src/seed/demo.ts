import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { createAccount } from "../auth/accounts";
import type { Role } from "../access/roles";
import { db, tableName } from "../db/client";
import { addMember } from "../members/members";
import { NewMemberSchema, type MemberProfile } from "../members/profile";
import type { OrgKind } from "../orgs/kinds";
import { createOrg, type Org } from "../orgs/orgs";
import { ACTIVITY_PROPOSAL_FORM } from "../activities/proposal-form";
import { createForm, setFormWorkflow } from "../forms/forms";
import { DEFAULT_ACTIVITY_CHAIN } from "../workflows/definition";
import { createWorkflow } from "../workflows/workflows";
import { seedDemoCampaign } from "../campaigns/demo";

/**
 * Demo data drawn from the seed reports: 闵行区's 统战部, its 新联会 and 七宝分会, 虹桥镇
 * with the 新意城 新空间 and a 商会, and 浦锦街道 with 浦锦知新荟.
 */
export const DEMO_PASSWORD = "Tongxin@2026";

interface DemoOrg {
  key: string;
  name: string;
  kind: OrgKind;
  parent?: string;
}

const ORGS: DemoOrg[] = [
  { key: "district", name: "闵行区委统战部", kind: "district_office" },
  { key: "association", name: "闵行区新联会", kind: "association", parent: "district" },
  { key: "qibao", name: "七宝分会", kind: "branch", parent: "association" },
  { key: "hongqiao", name: "虹桥镇", kind: "subdistrict", parent: "district" },
  { key: "xinyicheng", name: "新意城新空间", kind: "new_space", parent: "hongqiao" },
  { key: "chamber", name: "虹桥镇商会", kind: "chamber", parent: "hongqiao" },
  { key: "pujin", name: "浦锦街道", kind: "subdistrict", parent: "district" },
  { key: "zhixinhui", name: "浦锦知新荟", kind: "intellectuals", parent: "pujin" },
];

interface DemoPerson {
  name: string;
  phone: string;
  unit: string;
  title: string;
  stratum?: MemberProfile["stratum"];
  memberships: Array<[orgKey: string, roles: Role[]]>;
  /** What the person does in the demo, printed at start. */
  duty: string;
}

const PEOPLE: DemoPerson[] = [
  { name: "李红", phone: "13800000001", unit: "闵行区委统战部", title: "新阶层工作科科长", duty: "区委统战部管理员", memberships: [["district", ["admin", "reviewer"]]] },
  { name: "王海峰", phone: "13800000002", unit: "虹桥镇", title: "统战干部", duty: "街镇审核人", memberships: [["hongqiao", ["reviewer"]]] },
  { name: "张晓雯", phone: "13800000003", unit: "新意城新空间", title: "新空间掌门人", stratum: "中介组织和社会组织从业人员", duty: "新空间管理员（活动组织者）", memberships: [["xinyicheng", ["admin", "member"]]] },
  { name: "赵立群", phone: "13800000005", unit: "七宝分会", title: "秘书长", stratum: "民营企业和外商投资企业管理技术人员", duty: "分会管理员", memberships: [["qibao", ["admin", "member"]]] },
  { name: "陈思远", phone: "13800000004", unit: "上海协和律师事务所", title: "合伙人", stratum: "中介组织和社会组织从业人员", duty: "会员", memberships: [["xinyicheng", ["member"]], ["qibao", ["member"]]] },
  { name: "周敏", phone: "13800000006", unit: "自由撰稿人", title: "作家", stratum: "自由职业人员", duty: "会员、监票人", memberships: [["qibao", ["member", "scrutineer"]]] },
  { name: "吴一鸣", phone: "13800000007", unit: "上海某科技有限公司", title: "技术总监", stratum: "新媒体从业人员", duty: "评审专家", memberships: [["district", ["judge"]]] },
  // The 十佳案例 panel: some judges also belong to units beneath, so the conflict rules (回避) show.
  { name: "孙丽华", phone: "13800000008", unit: "华东政法大学", title: "副教授", stratum: "自由职业人员", duty: "评审专家（也是虹桥镇会员：回避新意城的案例）", memberships: [["district", ["judge"]], ["hongqiao", ["member"]]] },
  { name: "钱志强", phone: "13800000009", unit: "上海某会计师事务所", title: "合伙人", stratum: "中介组织和社会组织从业人员", duty: "评审专家（也是新联会会员：回避七宝分会的案例）", memberships: [["district", ["judge"]], ["association", ["member"]]] },
  { name: "郑雅文", phone: "13800000010", unit: "上海某文化传媒公司", title: "主编", stratum: "新媒体从业人员", duty: "评审专家（也是浦锦街道会员）", memberships: [["district", ["judge"]], ["pujin", ["member"]]] },
  { name: "冯建军", phone: "13800000011", unit: "闵行区社会组织服务中心", title: "主任", stratum: "中介组织和社会组织从业人员", duty: "评审专家", memberships: [["district", ["judge"]]] },
];

export const PLATFORM_ADMIN = { name: "平台管理员", email: "admin@tongxin.local" };

export interface DemoAccount {
  name: string;
  login: string;
  duty: string;
}

const SEED_MARKER = { pk: "SEED#demo", sk: "SEED" };

/** Seeds the demo once; later calls see the marker and only return the accounts. */
export async function seedDemo(): Promise<{ seeded: boolean; accounts: DemoAccount[]; orgs: Record<string, string> }> {
  const accounts: DemoAccount[] = [
    { name: PLATFORM_ADMIN.name, login: PLATFORM_ADMIN.email, duty: "平台管理员" },
    ...PEOPLE.map((person) => ({ name: person.name, login: person.phone, duty: person.duty })),
  ];
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: SEED_MARKER }));
  if (Item) return { seeded: false, accounts, orgs: Item.orgs as Record<string, string> };

  await createAccount({ ...PLATFORM_ADMIN, password: DEMO_PASSWORD, platformAdmin: true });
  const orgs = new Map<string, Org>();
  for (const spec of ORGS) {
    const parent = spec.parent ? orgs.get(spec.parent)! : null;
    orgs.set(spec.key, await createOrg({ name: spec.name, kind: spec.kind, parentId: parent?.orgId ?? null }, parent));
  }
  for (const person of PEOPLE) {
    const [first, ...rest] = person.memberships;
    const profile = { name: person.name, phone: person.phone, unit: person.unit, title: person.title, stratum: person.stratum };
    // The demo's people know their password already (the README prints it), so they get no invitation.
    await createAccount({ name: person.name, phone: person.phone, password: DEMO_PASSWORD });
    await addMember(orgs.get(first![0])!, NewMemberSchema.parse({ ...profile, roles: first![1] }));
    for (const [orgKey, roles] of rest) await addMember(orgs.get(orgKey)!, NewMemberSchema.parse({ ...profile, roles }));
  }
  // The district's 活动申报表, routed 新空间负责人 → 街镇统战干部 → 区委统战部.
  const district = orgs.get("district")!;
  const { form } = await createForm(district.orgId, ACTIVITY_PROPOSAL_FORM, { publish: true });
  const chain = await createWorkflow(district.orgId, DEFAULT_ACTIVITY_CHAIN);
  await setFormWorkflow(form.formId, chain.workflowId);

  // The district's 十佳案例 campaign, taking entries.
  const campaignId = await seedDemoCampaign(orgs, {
    office: "13800000001",
    judges: ["13800000007", "13800000008", "13800000009", "13800000010", "13800000011"],
    entrants: { xinyicheng: "13800000003", qibao: "13800000005", draft: "13800000004" },
  });

  const orgIds = { ...Object.fromEntries([...orgs].map(([key, org]) => [key, org.orgId])), activityForm: form.formId, activityChain: chain.workflowId, demoCampaign: campaignId };
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...SEED_MARKER, orgs: orgIds, seededAt: new Date().toISOString() } }));
  return { seeded: true, accounts, orgs: orgIds };
}
