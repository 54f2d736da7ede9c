/**
 * The authorization matrix for approvals: approval chains (workflows), a form's chain, the
 * inbox, my approvals and the approval instances themselves (the people, broken sessions,
 * runner and guards are in tests/support/authz.ts).
 *
 * The actions (packages/core/src/access/policy.ts, packages/core/src/workflows/instances.ts):
 * - `forms.manage` (list and define chains, attach one to a form): admins, carried down;
 * - an approval is open to whoever takes part in it (the submitter, the approvers) and to
 *   those who may read the unit's submissions (`submissions.read`: admins and reviewers,
 *   carried down); to anyone else it does not exist;
 * - the inbox and "my approvals" are the caller's own: everyone signed in gets 200.
 *
 * Fixtures: in a throwaway org under 新意城新空间, 张晓雯 (admin of its parent) defines a chain
 * whose one step she approves herself and attaches it to a form of the throwaway org; the
 * throwaway org's member submits to it, so one approval (never decided) waits in 张晓雯's
 * inbox. No other test counts her inbox.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "@tongxin/core/ids";
import { call } from "../support/api";
import {
  ask,
  DENIED,
  describeGuards,
  describeMatrix,
  expectProblem,
  expectSameProblem,
  HIDDEN,
  ORG_LABELS,
  orgIdOf,
  prepareMatrix,
  sandbox,
  specTitle,
  token,
  UP_THE_TREE,
  type Case,
  type Domain,
  type OrgKey,
  type Person,
  type Reply,
  type RouteSpec,
} from "../support/authz";
import { activityForm } from "../support/fixtures";

// ---------------------------------------------------------------------------------------
// Where
// ---------------------------------------------------------------------------------------

/** `sandbox`: the throwaway org's form with the chain; `fresh`: a new form of the throwaway org, for one case that changes its chain. */
type FormKey = "sandbox" | "fresh" | "missing";
type InstanceKey = "sandbox" | "missing";

interface Place {
  org?: OrgKey;
  form?: FormKey;
  instance?: InstanceKey;
}

interface Where {
  orgId: string;
  formId: string;
  instanceId: string;
}

const FORM_LABELS: Record<FormKey, string> = {
  sandbox: "the throwaway org's form",
  fresh: "a new form of the throwaway org",
  missing: "a form id that does not exist",
};
const INSTANCE_LABELS: Record<InstanceKey, string> = {
  sandbox: "沙盒会员's approval waiting for 张晓雯",
  missing: "an approval id that does not exist",
};

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

const MATRIX_FORM = { ...activityForm, title: "授权矩阵审批表单" };
const ANSWERS = { title: "矩阵审批", theme: "volunteer", date: "2026-12-20", needsFunds: "no" };
let APPROVER = "";
const chain = () => ({ name: "矩阵审批流程", steps: [{ name: "沙盒审核", approvers: { kind: "people", accountIds: [APPROVER] } }] });

const FORM: Record<Exclude<FormKey, "fresh">, string> = { sandbox: "", missing: newId() };
const INSTANCE: Record<InstanceKey, string> = { sandbox: "", missing: newId() };
let WORKFLOW = "";

async function expectStatus(response: Reply, status: number) {
  expect(response.status, response.text).toBe(status);
  return response.json;
}

async function newForm(): Promise<string> {
  const created = await expectStatus(await call("POST", `/orgs/${sandbox.orgId}/forms`, { token: token("张晓雯"), body: { definition: MATRIX_FORM, publish: true } }), 201);
  return created.form.formId as string;
}

beforeAll(async () => {
  await prepareMatrix();
  APPROVER = (await expectStatus(await call("GET", "/me", { token: token("张晓雯") }), 200)).account.accountId;
  WORKFLOW = (await expectStatus(await call("POST", `/orgs/${sandbox.orgId}/workflows`, { token: token("张晓雯"), body: chain() }), 201)).workflowId;
  FORM.sandbox = await newForm();
  await expectStatus(await call("PUT", `/orgs/${sandbox.orgId}/forms/${FORM.sandbox}/workflow`, { token: token("张晓雯"), body: { workflowId: WORKFLOW } }), 204);
  const submitted = await expectStatus(
    await call("POST", `/forms/${FORM.sandbox}/submissions`, { token: token("沙盒会员"), body: { data: ANSWERS } }),
    201,
  );
  expect(submitted.instanceId, JSON.stringify(submitted)).toEqual(expect.any(String));
  INSTANCE.sandbox = submitted.instanceId;
});

const APPROVALS: Domain<Place, Where> = {
  resolve: async ({ org, form, instance }) => ({
    orgId: org ? orgIdOf(org)! : "",
    formId: form === "fresh" ? await newForm() : form ? FORM[form] : "",
    instanceId: instance ? INSTANCE[instance] : "",
  }),
  label: (_spec, { org, form, instance }) => {
    let text = "";
    if (form) text += ` ${FORM_LABELS[form]}${org && org !== "sandbox" ? ` named under ${ORG_LABELS[org]}` : ""}`;
    else if (org) text += ` ${ORG_LABELS[org]}`;
    if (instance) text += ` ${INSTANCE_LABELS[instance]}`;
    return text;
  },
};

const ids = (response: Reply) => (response.json.items as Array<{ instanceId: string }>).map((item) => item.instanceId);
const workflowIds = (response: Reply) => (response.json.items as Array<{ workflowId: string }>).map((item) => item.workflowId);

// ---------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------

const INSTANCE_GONE = "instance.not_found";
/** A form one has no standing to see is told apart from a made-up one by nothing. */
const FORM_GONE = "form.not_found";
/** The chain's own refusal of a decision from someone who is not the step's approver. */
const NOT_ASSIGNEE = "workflow.not_assignee";
const READ_NEVER_FORBIDDEN = "who may not read an approval is told it does not exist";

const PROTECTED: Array<RouteSpec<Place, Where>> = [
  {
    route: "GET /orgs/{orgId}/workflows",
    doing: "lists the approval chains of",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/workflows` }),
    probe: { org: "sandbox" },
    cases: [
      { who: "张晓雯", org: "sandbox", status: 200, because: "admin carries down to children", check: (r) => expect(workflowIds(r)).toContain(WORKFLOW) },
      { who: "李红", org: "sandbox", status: 200, because: "district admin inherits down the tree", check: (r) => expect(workflowIds(r)).toContain(WORKFLOW) },
      { who: "平台管理员", org: "sandbox", status: 200, because: "the platform admin may act anywhere" },
      { who: "赵立群", org: "qibao", status: 200, because: "an admin manages his own org's chains" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member does not manage forms" },
      { who: "王海峰", org: "sandbox", status: 403, code: DENIED, because: "a reviewer's role carries down, but it does not manage forms" },
      { who: "周敏", org: "qibao", status: 403, code: DENIED, because: "a scrutineer does not manage forms" },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "赵立群", org: "sandbox", status: 404, code: HIDDEN, because: "an admin of 七宝分会 has no standing in the throwaway org" },
      { who: "吴一鸣", org: "hongqiao", status: 404, code: HIDDEN, because: "the judge role does not carry down the tree" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "POST /orgs/{orgId}/workflows",
    doing: "defines an approval chain in",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/workflows`, body: chain() }),
    probe: { org: "sandbox" },
    after: (response, { orgId }) => {
      if (response.status === 201) expect(response.json.orgId).toBe(orgId);
    },
    cases: [
      { who: "张晓雯", org: "sandbox", status: 201, because: "admin carries down to children" },
      { who: "李红", org: "sandbox", status: 201, because: "district admin inherits down the tree" },
      { who: "平台管理员", org: "sandbox", status: 201, because: "the platform admin may act anywhere" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member does not define chains" },
      { who: "王海峰", org: "sandbox", status: 403, code: DENIED, because: "a reviewer's role carries down, but it does not define chains" },
      { who: "陈思远", org: "xinyicheng", status: 403, code: DENIED, because: "a plain member does not define chains" },
      { who: "吴一鸣", org: "district", status: 403, code: DENIED, because: "a judge does not define chains" },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "赵立群", org: "sandbox", status: 404, code: HIDDEN, because: "no standing in the throwaway org" },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "PUT /orgs/{orgId}/forms/{formId}/workflow",
    doing: "sets the approval chain of",
    send: ({ orgId, formId }) => ({ path: `/orgs/${orgId}/forms/${formId}/workflow`, body: { workflowId: WORKFLOW } }),
    probe: { org: "sandbox", form: "sandbox" },
    cases: [
      { who: "张晓雯", org: "sandbox", form: "fresh", status: 204, because: "admin carries down to children" },
      { who: "李红", org: "sandbox", form: "fresh", body: { workflowId: null }, status: 204, because: "district admin inherits down the tree (and may take the chain off)" },
      // Allowed, shown without writing: the chain named does not exist.
      { who: "张晓雯", org: "sandbox", form: "sandbox", body: { workflowId: newId() }, status: 422, code: "validation.failed", because: "allowed (inherited admin); an unknown chain is then refused" },
      { who: "沙盒会员", org: "sandbox", form: "sandbox", status: 403, code: DENIED, because: "a plain member does not manage forms" },
      { who: "王海峰", org: "sandbox", form: "sandbox", status: 403, code: DENIED, because: "a reviewer's role carries down, but it does not manage forms" },
      { who: "赵立群", org: "sandbox", form: "sandbox", status: 404, code: HIDDEN, because: "no standing in the throwaway org" },
      { who: "周敏", org: "sandbox", form: "sandbox", status: 404, code: HIDDEN, because: "no standing in the throwaway org" },
      { who: "张晓雯", org: "sandbox", form: "missing", status: 404, code: FORM_GONE, because: "there is no such form" },
      { who: "平台管理员", org: "missing", form: "sandbox", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "POST /forms/{formId}/workflow/route",
    doing: "previews the approval route of answers to",
    send: ({ formId }) => ({ path: `/forms/${formId}/workflow/route`, body: { data: ANSWERS } }),
    probe: { form: "sandbox" },
    neverForbidden: "forms.fill reaches everyone with standing: whoever may see the org belongs within it or holds an admin/reviewer role carried down to it",
    cases: [
      {
        who: "沙盒会员", form: "sandbox", status: 200, because: "a member previews the route of their own org's form",
        check: (r) => expect(r.json.steps).toEqual([{ name: "沙盒审核", mode: "any", approvers: [{ accountId: APPROVER, name: "张晓雯" }] }]),
      },
      {
        who: "王海峰", form: "sandbox", status: 422, code: "validation.failed", because: "allowed (inherited reviewer), but he has no unit at or beneath the form's org to submit for",
        check: (r) => expect(r.json.errors).toHaveProperty("unitId"),
      },
      {
        who: "沙盒会员", form: "sandbox", body: { data: ANSWERS, unitId: "somewhere-else" }, status: 422, code: "validation.failed", because: "one previews only for a unit of one's own",
        check: (r) => expect(r.json.errors).toHaveProperty("unitId"),
      },
      { who: "赵立群", form: "sandbox", status: 404, code: FORM_GONE, because: "no standing in the throwaway org: its form does not exist for him" },
      { who: "吴一鸣", form: "sandbox", status: 404, code: FORM_GONE, because: "the judge role does not carry down the tree" },
      { who: "平台管理员", form: "missing", status: 404, code: FORM_GONE, because: "there is no such form" },
    ],
  },
  {
    route: "GET /inbox",
    doing: "opens their inbox",
    send: () => ({ path: "/inbox?limit=100" }),
    probe: {},
    cases: [
      { who: "张晓雯", status: 200, because: "everyone has an inbox: the approval waits for its approver", check: (r) => expect(ids(r)).toContain(INSTANCE.sandbox) },
      { who: "沙盒会员", status: 200, because: "the submitter does not approve her own", check: (r) => expect(ids(r)).not.toContain(INSTANCE.sandbox) },
      { who: "王海峰", status: 200, because: "one who may read an approval has no task unless assigned", check: (r) => expect(ids(r)).not.toContain(INSTANCE.sandbox) },
      { who: "平台管理员", status: 200, because: "even the platform admin sees only his own tasks", check: (r) => expect(ids(r)).not.toContain(INSTANCE.sandbox) },
    ],
  },
  {
    route: "POST /inbox/batch",
    doing: "acts on several approvals at once",
    send: () => ({ path: "/inbox/batch", body: { type: "approve", items: [{ instanceId: INSTANCE.sandbox }] } }),
    probe: {},
    cases: [
      {
        who: "王海峰", status: 200, because: "everyone may send a batch; each approval then answers as it would alone: he reads it but is not its approver",
        check: (r) => expect(r.json.items).toEqual([{ instanceId: INSTANCE.sandbox, ok: false, code: NOT_ASSIGNEE, message: "您不是当前步骤的审批人" }]),
      },
      {
        who: "赵立群", status: 200, because: "an approval he may not read is reported as not existing, like alone",
        check: (r) => expect(r.json.items).toEqual([{ instanceId: INSTANCE.sandbox, ok: false, code: INSTANCE_GONE, message: "审批事项不存在" }]),
      },
      { who: "张晓雯", body: { type: "return", items: [{ instanceId: INSTANCE.sandbox }] }, status: 422, code: "validation.failed", because: "allowed; a return without a comment is refused before anything changes" },
    ],
  },
  {
    route: "GET /inbox/delegation",
    doing: "reads their own delegation",
    send: () => ({ path: "/inbox/delegation" }),
    probe: {},
    cases: [
      { who: "沙盒会员", status: 200, because: "everyone reads their own delegation: none yet", check: (r) => expect(r.json).toEqual({ delegation: null }) },
      { who: "王海峰", status: 200, because: "everyone reads their own delegation" },
    ],
  },
  {
    route: "PUT /inbox/delegation",
    doing: "sets their own delegate",
    send: () => ({ path: "/inbox/delegation", body: { delegateId: APPROVER, from: "2026-12-01", to: "2026-12-31" } }),
    probe: {},
    cases: [
      { who: "沙盒会员", status: 200, because: "everyone names a delegate for their own tasks", check: (r) => expect(r.json).toMatchObject({ delegateId: APPROVER, delegateName: "张晓雯" }) },
      { who: "王海峰", body: { delegateId: APPROVER, from: "2026-12-31", to: "2026-12-01" }, status: 422, code: "validation.failed", because: "allowed (his own); a range ending before it starts is refused" },
    ],
  },
  {
    route: "POST /inbox/delegation/handover",
    doing: "hands their waiting tasks to their delegate",
    send: () => ({ path: "/inbox/delegation/handover" }),
    probe: {},
    cases: [
      { who: "沙盒会员", status: 200, because: "everyone hands over their own tasks: she has none waiting", check: (r) => expect(r.json.items).toEqual([]) },
      { who: "平台管理员", status: 422, code: "validation.failed", because: "allowed (his own tasks), but he has named no delegate" },
    ],
  },
  {
    route: "DELETE /inbox/delegation",
    doing: "ends their own delegation",
    send: () => ({ path: "/inbox/delegation" }),
    probe: {},
    cases: [{ who: "沙盒会员", status: 204, because: "everyone ends their own delegation" }],
  },
  {
    route: "GET /inbox/count",
    doing: "counts their open tasks",
    send: () => ({ path: "/inbox/count" }),
    probe: {},
    cases: [
      { who: "沙盒会员", status: 200, because: "everyone counts their own tasks: the submitter has none", check: (r) => expect(r.json).toEqual({ open: 0, overdue: 0 }) },
      { who: "张晓雯", status: 200, because: "everyone counts their own tasks", check: (r) => expect(r.json.open).toBeGreaterThanOrEqual(1) },
    ],
  },
  {
    route: "GET /me/instances",
    doing: "lists what they submitted for approval",
    send: () => ({ path: "/me/instances" }),
    probe: {},
    cases: [
      { who: "沙盒会员", status: 200, because: "the submitter lists her own", check: (r) => expect(ids(r)).toEqual([INSTANCE.sandbox]) },
      { who: "张晓雯", status: 200, because: "the approver did not submit it", check: (r) => expect(ids(r)).not.toContain(INSTANCE.sandbox) },
      { who: "李红", status: 200, because: "a reader of the unit's approvals still lists only her own here", check: (r) => expect(ids(r)).not.toContain(INSTANCE.sandbox) },
    ],
  },
  {
    route: "GET /instances/{instanceId}",
    doing: "opens",
    send: ({ instanceId }) => ({ path: `/instances/${instanceId}` }),
    probe: { instance: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", instance: "sandbox", status: 200, because: "the submitter takes part in it", check: (r) => expect(r.json.actions).not.toContain("approve") },
      { who: "张晓雯", instance: "sandbox", status: 200, because: "the approver takes part in it (and is an admin carried down)", check: (r) => expect(r.json.actions).toContain("approve") },
      { who: "王海峰", instance: "sandbox", status: 200, because: "a reviewer carried down reads the unit's submissions", check: (r) => expect(r.json.actions).toEqual(["comment"]) },
      { who: "李红", instance: "sandbox", status: 200, because: "district admin+reviewer inherits down the tree" },
      { who: "平台管理员", instance: "sandbox", status: 200, because: "the platform admin may act anywhere" },
      { who: "陈思远", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a plain member of the parent org does not read the unit's submissions" },
      { who: "吴一鸣", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a judge does not read submissions" },
      { who: "赵立群", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "no standing in the throwaway org" },
      { who: "平台管理员", instance: "missing", status: 404, code: INSTANCE_GONE, because: "there is no such approval" },
    ],
  },
  {
    route: "GET /instances/{instanceId}/sheet.pdf",
    doing: "downloads the 审批单 PDF of",
    send: ({ instanceId }) => ({ path: `/instances/${instanceId}/sheet.pdf` }),
    probe: { instance: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", instance: "sandbox", status: 200, because: "the submitter takes part in it", check: (r) => expect(r.headers.get("content-type")).toBe("application/pdf") },
      { who: "张晓雯", instance: "sandbox", status: 200, because: "the approver takes part in it" },
      { who: "王海峰", instance: "sandbox", status: 200, because: "a reviewer carried down reads the unit's submissions" },
      { who: "平台管理员", instance: "sandbox", status: 200, because: "the platform admin may act anywhere" },
      { who: "陈思远", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a plain member of the parent org does not read the unit's submissions" },
      { who: "吴一鸣", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a judge does not read submissions" },
      { who: "赵立群", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "no standing in the throwaway org" },
      { who: "平台管理员", instance: "missing", status: 404, code: INSTANCE_GONE, because: "there is no such approval" },
    ],
  },
  {
    route: "POST /instances/{instanceId}/actions",
    doing: "acts on",
    send: ({ instanceId }) => ({ path: `/instances/${instanceId}/actions`, body: { type: "comment", comment: "矩阵评论" } }),
    probe: { instance: "sandbox" },
    neverForbidden: "whoever may read an approval may act on it as far as the policy goes; the chain itself refuses a decision from anyone but the step's approver (403 workflow.not_assignee)",
    cases: [
      { who: "王海峰", instance: "sandbox", status: 200, because: "whoever may read an approval may comment on it" },
      { who: "张晓雯", instance: "sandbox", status: 200, because: "the approver may comment" },
      { who: "王海峰", instance: "sandbox", body: { type: "approve" }, status: 403, code: NOT_ASSIGNEE, because: "he may read it, but only an assigned approver approves" },
      { who: "沙盒会员", instance: "sandbox", body: { type: "approve" }, status: 403, code: NOT_ASSIGNEE, because: "the submitter may not approve her own" },
      { who: "陈思远", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a plain member of the parent org does not read the unit's submissions" },
      { who: "赵立群", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "no standing in the throwaway org" },
      { who: "平台管理员", instance: "missing", status: 404, code: INSTANCE_GONE, because: "there is no such approval" },
    ],
  },
  {
    route: "GET /instances/{instanceId}/audit",
    doing: "checks the audit trail of",
    send: ({ instanceId }) => ({ path: `/instances/${instanceId}/audit` }),
    probe: { instance: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", instance: "sandbox", status: 200, because: "the submitter", check: (r) => expect(r.json.entries.length).toBeGreaterThan(0) },
      { who: "张晓雯", instance: "sandbox", status: 200, because: "the approver takes part in it" },
      { who: "王海峰", instance: "sandbox", status: 200, because: "a reviewer carried down reads the unit's submissions" },
      { who: "陈思远", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a plain member of the parent org does not read the unit's submissions" },
      { who: "吴一鸣", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a judge does not read submissions" },
      { who: "赵立群", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "no standing in the throwaway org" },
      { who: "平台管理员", instance: "missing", status: 404, code: INSTANCE_GONE, because: "there is no such approval" },
    ],
  },
  {
    route: "GET /instances/{instanceId}/nudge",
    doing: "asks whether they may 催办",
    send: ({ instanceId }) => ({ path: `/instances/${instanceId}/nudge` }),
    probe: { instance: "sandbox" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", instance: "sandbox", status: 200, because: "the submitter may nudge her approval", check: (r) => expect(r.json).toMatchObject({ allowed: true, approvers: 1 }) },
      { who: "李红", instance: "sandbox", status: 200, because: "an admin carried down over the unit may nudge", check: (r) => expect(r.json.allowed).toBe(true) },
      { who: "王海峰", instance: "sandbox", status: 200, because: "a reviewer reads it but neither submitted it nor runs the unit", check: (r) => expect(r.json.allowed).toBe(false) },
      { who: "陈思远", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a plain member of the parent org does not read the unit's submissions" },
      { who: "赵立群", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "no standing in the throwaway org" },
      { who: "平台管理员", instance: "missing", status: 404, code: INSTANCE_GONE, because: "there is no such approval" },
    ],
  },
  {
    route: "POST /instances/{instanceId}/nudge",
    doing: "催办s the approver of",
    send: ({ instanceId }) => ({ path: `/instances/${instanceId}/nudge` }),
    probe: { instance: "sandbox" },
    cases: [
      { who: "王海峰", instance: "sandbox", status: 403, code: DENIED, because: "a reviewer may read it, but only the submitter or an admin over the unit nudges" },
      { who: "沙盒会员", instance: "sandbox", status: 202, because: "the submitter nudges her approval", check: (r) => expect(r.json.approvers).toBe(1) },
      { who: "李红", instance: "sandbox", status: 429, code: "instance.nudged_today", because: "an admin carried down may nudge, but this approval was nudged today already" },
      { who: "陈思远", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a plain member of the parent org does not read the unit's submissions" },
      { who: "吴一鸣", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "a judge does not read submissions" },
      { who: "赵立群", instance: "sandbox", status: 404, code: INSTANCE_GONE, because: "no standing in the throwaway org" },
      { who: "平台管理员", instance: "missing", status: 404, code: INSTANCE_GONE, because: "there is no such approval" },
    ],
  },
];

describeMatrix(PROTECTED, APPROVALS);

// ---------------------------------------------------------------------------------------
// What the matrix promises about itself and about hiding approvals
// ---------------------------------------------------------------------------------------

const unscoped = (spec: RouteSpec<Place, Where>) => Object.keys(spec.probe).length === 0;
const isMadeUp = (place: Place) => [place.org, place.form, place.instance].includes("missing");

describeGuards({
  file: "authorization-workflows.test.ts",
  specs: PROTECTED,
  scoped: (spec) => !unscoped(spec),
  hidden: (c: Case<Place, Where>) => c.status === 404 && [HIDDEN, INSTANCE_GONE, FORM_GONE].includes(c.code!) && !isMadeUp(c),
});

describe("an org or approval you may not see looks exactly like one that does not exist", () => {
  interface Lookalike {
    spec: RouteSpec<Place, Where>;
    who: Person;
    real: Place;
    madeUp: Place;
    code: string;
  }
  const pairs = PROTECTED.filter((spec) => !unscoped(spec)).map(
    (spec): Lookalike =>
      spec.probe.instance
        ? { spec, who: "赵立群", real: spec.probe, madeUp: { ...spec.probe, instance: "missing" }, code: INSTANCE_GONE }
        : spec.probe.org
          ? { spec, who: "赵立群", real: spec.probe, madeUp: { ...spec.probe, org: "missing" }, code: HIDDEN }
          : { spec, who: "赵立群", real: spec.probe, madeUp: { ...spec.probe, form: "missing" }, code: FORM_GONE },
  );
  it.each(pairs.map((pair) => [`${specTitle(pair.spec)}: ${pair.who}`, pair] as const))("%s", async (_name, { spec, who, real, madeUp, code }) => {
    const { response: hidden } = await ask({ token: token(who) }, spec, APPROVALS, real);
    const { response: missing } = await ask({ token: token(who) }, spec, APPROVALS, madeUp);
    expectSameProblem(hidden, missing, 404, code);
  });
});

describe("without a session, real and made-up ids get the same answer (no probing)", () => {
  it.each(PROTECTED.filter((spec) => !unscoped(spec)).map((spec) => [specTitle(spec), spec] as const))("%s", async (_title, spec) => {
    const madeUp: Place = { ...spec.probe, ...(spec.probe.org && { org: "missing" }), ...(spec.probe.form && !spec.probe.org && { form: "missing" }), ...(spec.probe.instance && { instance: "missing" }) };
    const { response: real } = await ask({}, spec, APPROVALS, spec.probe);
    const { response: fake } = await ask({}, spec, APPROVALS, madeUp);
    expectProblem(real, 401, "auth.required");
    expectProblem(fake, 401, "auth.required");
  });
});
