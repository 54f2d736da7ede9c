/**
 * The authorization matrix for forms, submissions and uploads (the sign-in, org and member
 * routes are in authorization.test.ts; the people, broken sessions, runner and guards are in
 * tests/support/authz.ts).
 *
 * The actions (packages/core/src/access/policy.ts):
 * - `forms.manage` (build, edit, see drafts): admins, carried down the tree;
 * - `forms.fill` (see published forms, submit, upload): anyone who belongs to the form's org or
 *   to any org beneath it, plus admins and reviewers above. Whoever has any standing in an org
 *   therefore may fill its forms, so these routes answer 200 or 404, never 403;
 * - `submissions.read` (list, export, open anyone's): admins and reviewers, carried down.
 * A submission or an uploaded file is also open to the person who made it; to anyone else who
 * may not read it, it does not exist. Only the submitter may change a submission (a reader who
 * is not the submitter is told 403).
 *
 * Fixtures: 李红 publishes one form in 闵行区委统战部 and one in 虹桥镇 (forms.test.ts and
 * uploads.test.ts publish district forms too; nothing counts an org's forms), 张晓雯 one
 * published and one unpublished form in a throwaway org under 新意城新空间. Every submission
 * and upload is made by the throwaway org's own member. Where a case proves that a demo person
 * is *allowed*, it sends a request that passes the policy and is then refused (answers that
 * do not validate, a file of the wrong type, a stale version, a submission already sent), so
 * nothing is stored for demo people and no demo form changes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "@tongxin/core/ids";
import { call, demoOrgs } from "../support/api";
import {
  ask,
  DENIED,
  describeGuards,
  describeMatrix,
  describeRefusedRoutes,
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

/** `fresh`: a new draft form of the throwaway org, made for one case that edits it. */
type FormKey = "district" | "hongqiao" | "sandbox" | "draft" | "fresh" | "missing";
/** The sandbox member's submissions; `fresh draft`: a new draft of theirs, made for one case that saves it. */
type SubmissionKey = "hongqiao" | "sandbox" | "fresh draft" | "missing";
/** The sandbox member's poster uploads (tickets issued, never attached). */
type UploadKey = "hongqiao" | "sandbox" | "missing";

interface Place {
  /** The org in the path. */
  org?: OrgKey;
  /** The form in the path or the body. */
  form?: FormKey;
  submission?: SubmissionKey;
  upload?: UploadKey;
  /** A query string for the path. */
  query?: string;
}

interface Where {
  orgId: string;
  formId: string;
  submissionId: string;
  uploadId: string;
  query?: string;
}

const FORM_LABELS: Record<FormKey, string> = {
  district: "闵行区委统战部's published form",
  hongqiao: "虹桥镇's published form",
  sandbox: "the throwaway org's published form",
  draft: "the throwaway org's unpublished form",
  fresh: "a new draft form of the throwaway org",
  missing: "a form id that does not exist",
};
const FORM_OWNER: Partial<Record<FormKey, OrgKey>> = { district: "district", hongqiao: "hongqiao", sandbox: "sandbox", draft: "sandbox", fresh: "sandbox" };
const SUBMISSION_LABELS: Record<SubmissionKey, string> = {
  hongqiao: "沙盒会员's submission to 虹桥镇's form",
  sandbox: "沙盒会员's submission to the throwaway org's form",
  "fresh draft": "a new draft 沙盒会员 saved on the throwaway org's form",
  missing: "a submission id that does not exist",
};
const UPLOAD_LABELS: Record<UploadKey, string> = {
  hongqiao: "沙盒会员's poster for 虹桥镇's form",
  sandbox: "沙盒会员's poster for the throwaway org's form",
  missing: "an upload id that does not exist",
};

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

const MATRIX_FORM = { ...activityForm, title: "授权矩阵表单" };
/** Refused by the definition check, after the policy: nothing is written. */
const BAD_DEFINITION = { definition: { title: "坏表单", fields: [{ key: "a", type: "text", label: "甲" }, { key: "a", type: "text", label: "乙" }] } };
const ANSWERS = { title: "矩阵活动", theme: "volunteer", date: "2026-12-20", needsFunds: "no" };
/** Refused by the answer check, after the policy: nothing is stored. */
const BAD_ANSWERS = { data: { theme: "nope" } };
const answersRefused = (response: Reply) => expect(Object.keys(response.json.errors)).toEqual(expect.arrayContaining(["data.title", "data.theme"]));
const poster = (formId: string) => ({ formId, field: "poster", name: "海报.png", type: "image/png", size: 1024 });
/** Refused by the field's file rule, after the policy: no ticket is issued. */
const wrongFile = ({ formId }: Where) => ({ ...poster(formId), name: "a.exe", type: "application/x-msdownload" });

const FORM: Record<Exclude<FormKey, "fresh">, string> = { district: "", hongqiao: "", sandbox: "", draft: "", missing: newId() };
const SUBMISSION: Record<Exclude<SubmissionKey, "fresh draft">, string> = { hongqiao: "", sandbox: "", missing: newId() };
const UPLOAD: Record<UploadKey, string> = { hongqiao: "", sandbox: "", missing: newId() };

async function expectCreated(response: Reply) {
  expect(response.status, response.text).toBe(201);
  return response.json;
}

async function newForm(who: Person, org: OrgKey, publish: boolean): Promise<string> {
  const created = await expectCreated(await call("POST", `/orgs/${orgIdOf(org)}/forms`, { token: token(who), body: { definition: MATRIX_FORM, publish } }));
  return created.form.formId as string;
}

async function newSubmission(formId: string, draft = false): Promise<string> {
  const data = draft ? { title: "矩阵草稿" } : ANSWERS;
  return (await expectCreated(await call("POST", `/forms/${formId}/submissions`, { token: token("沙盒会员"), body: { data, draft } }))).submissionId as string;
}

async function newUpload(formId: string): Promise<string> {
  return (await expectCreated(await call("POST", "/uploads", { token: token("沙盒会员"), body: poster(formId) }))).uploadId as string;
}

beforeAll(async () => {
  await prepareMatrix();
  FORM.district = await newForm("李红", "district", true);
  FORM.hongqiao = await newForm("李红", "hongqiao", true);
  FORM.sandbox = await newForm("张晓雯", "sandbox", true);
  FORM.draft = await newForm("张晓雯", "sandbox", false);
  SUBMISSION.hongqiao = await newSubmission(FORM.hongqiao);
  SUBMISSION.sandbox = await newSubmission(FORM.sandbox);
  UPLOAD.hongqiao = await newUpload(FORM.hongqiao);
  UPLOAD.sandbox = await newUpload(FORM.sandbox);
});

const FORMS: Domain<Place, Where> = {
  resolve: async ({ org, form, submission, upload, query }) => ({
    orgId: org ? orgIdOf(org)! : "",
    formId: form === "fresh" ? await newForm("张晓雯", "sandbox", false) : form ? FORM[form] : "",
    submissionId: submission === "fresh draft" ? await newSubmission(FORM.sandbox, true) : submission ? SUBMISSION[submission] : "",
    uploadId: upload ? UPLOAD[upload] : "",
    query,
  }),
  label: (spec, { org, form, submission, upload, query }) => {
    let text = "";
    if (spec.route === "GET /me/submissions") text = form ? ` to ${FORM_LABELS[form]}` : "";
    else if (form && org) text = ` ${FORM_LABELS[form]}${FORM_OWNER[form] === org ? "" : ` named under ${ORG_LABELS[org]}`}`;
    else if (org) text = ` ${ORG_LABELS[org]}`;
    else if (form) text = ` ${FORM_LABELS[form]}`;
    if (submission) text += ` ${SUBMISSION_LABELS[submission]}`;
    if (upload) text += ` ${UPLOAD_LABELS[upload]}`;
    return query ? `${text} (?${query})` : text;
  },
};

const withQuery = (path: string, query?: string) => (query ? `${path}?${query}` : path);
const formIds = (response: Reply) => (response.json.items as Array<{ formId: string }>).map((form) => form.formId);
const submissionIds = (response: Reply) => (response.json.items as Array<{ submissionId: string }>).map((submission) => submission.submissionId);

// ---------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------

const FORM_GONE = "form.not_found";
const SUBMISSION_GONE = "submission.not_found";
const UPLOAD_GONE = "upload.not_found";
/**
 * What someone with no standing in a form's org gets from the routes that name only the form
 * (GET /forms/{formId}, POST /forms/{formId}/submissions, POST /uploads).
 * The same as for a made-up form id, so form ids cannot be probed.
 */
const STRANGER_TO_FORM: string = FORM_GONE;

const FILL_NEVER_FORBIDDEN =
  "forms.fill reaches everyone with standing: whoever may see the org belongs within it or holds an admin/reviewer role carried down to it";
const READ_NEVER_FORBIDDEN = "who may not read a submission or a file is told it does not exist";

const PROTECTED: Array<RouteSpec<Place, Where>> = [
  {
    route: "GET /orgs/{orgId}/forms",
    doing: "lists the forms of",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/forms` }),
    probe: { org: "hongqiao" },
    neverForbidden: FILL_NEVER_FORBIDDEN,
    cases: [
      { who: "陈思远", org: "district", status: 200, because: "belonging beneath lets you fill the district's forms", check: (r) => expect(formIds(r)).toContain(FORM.district) },
      { who: "陈思远", org: "association", status: 200, because: "belonging beneath (七宝分会) is enough to fill, though only 403 for the org itself (GET /orgs/{orgId})" },
      { who: "沙盒会员", org: "district", status: 200, because: "belonging three levels beneath is enough", check: (r) => expect(formIds(r)).toContain(FORM.district) },
      { who: "吴一鸣", org: "district", status: 200, because: "a judge belongs to the district" },
      { who: "王海峰", org: "hongqiao", status: 200, because: "a reviewer fills his org's forms", check: (r) => expect(formIds(r)).toContain(FORM.hongqiao) },
      {
        who: "沙盒会员", org: "sandbox", status: 200, because: "a member sees the published forms only",
        check: (r) => {
          expect(formIds(r)).toContain(FORM.sandbox);
          expect(formIds(r)).not.toContain(FORM.draft);
        },
      },
      { who: "王海峰", org: "sandbox", status: 200, because: "a reviewer fills but does not manage: no drafts", check: (r) => expect(formIds(r)).not.toContain(FORM.draft) },
      { who: "张晓雯", org: "sandbox", status: 200, because: "an admin (carried down) sees drafts too", check: (r) => expect(formIds(r)).toContain(FORM.draft) },
      { who: "李红", org: "sandbox", status: 200, because: "district admin inherits down the tree, drafts included", check: (r) => expect(formIds(r)).toContain(FORM.draft) },
      { who: "赵立群", org: "hongqiao", status: 404, code: HIDDEN, because: "an admin of 七宝分会 has no standing in 虹桥镇" },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "an admin of 新意城新空间 has no standing in 七宝分会" },
      { who: "吴一鸣", org: "hongqiao", status: 404, code: HIDDEN, because: "the judge role does not carry down the tree" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "POST /orgs/{orgId}/forms",
    doing: "creates a form in",
    send: ({ orgId }) => ({ path: `/orgs/${orgId}/forms`, body: { definition: { ...MATRIX_FORM, title: "矩阵新表单" } } }),
    probe: { org: "hongqiao" },
    after: (response, { orgId }) => {
      if (response.status === 201) expect(response.json.form.orgId).toBe(orgId);
    },
    cases: [
      { who: "张晓雯", org: "sandbox", status: 201, because: "admin carries down to children" },
      { who: "李红", org: "sandbox", status: 201, because: "district admin inherits down the tree" },
      { who: "平台管理员", org: "sandbox", status: 201, because: "the platform admin may act anywhere" },
      // Allowed, shown without writing: the definition is refused after the policy check.
      { who: "李红", org: "hongqiao", body: BAD_DEFINITION, status: 422, code: "form.invalid_definition", because: "allowed (inherited admin); the definition is then refused" },
      { who: "张晓雯", org: "xinyicheng", body: BAD_DEFINITION, status: 422, code: "form.invalid_definition", because: "allowed (own org); the definition is then refused" },
      { who: "赵立群", org: "qibao", body: BAD_DEFINITION, status: 422, code: "form.invalid_definition", because: "allowed (own org); the definition is then refused" },
      { who: "王海峰", org: "hongqiao", status: 403, code: DENIED, because: "a reviewer reads submissions but does not build forms" },
      { who: "王海峰", org: "sandbox", status: 403, code: DENIED, because: "a reviewer's role carries down, but it still does not build forms" },
      { who: "陈思远", org: "xinyicheng", status: 403, code: DENIED, because: "a plain member fills forms but does not build them" },
      { who: "沙盒会员", org: "sandbox", status: 403, code: DENIED, because: "a plain member fills forms but does not build them" },
      { who: "周敏", org: "qibao", status: 403, code: DENIED, because: "a scrutineer does not build forms" },
      { who: "吴一鸣", org: "district", status: 403, code: DENIED, because: "a judge does not build forms" },
      { who: "张晓雯", org: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "陈思远", org: "district", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "赵立群", org: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "张晓雯", org: "qibao", status: 404, code: HIDDEN, because: "no standing in 七宝分会" },
      { who: "平台管理员", org: "missing", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/forms/{formId}",
    doing: "opens",
    send: ({ orgId, formId }) => ({ path: `/orgs/${orgId}/forms/${formId}` }),
    probe: { org: "hongqiao", form: "hongqiao" },
    neverForbidden: FILL_NEVER_FORBIDDEN,
    cases: [
      { who: "李红", org: "hongqiao", form: "hongqiao", status: 200, because: "an inherited admin gets the latest version, drafts included", check: (r) => expect(r.json.latest).toBeDefined() },
      { who: "王海峰", org: "hongqiao", form: "hongqiao", status: 200, because: "a reviewer fills: the published version only", check: (r) => expect(r.json).not.toHaveProperty("latest") },
      { who: "陈思远", org: "district", form: "district", status: 200, because: "belonging beneath lets you fill it: the published version only", check: (r) => expect(r.json).not.toHaveProperty("latest") },
      { who: "沙盒会员", org: "sandbox", form: "sandbox", status: 200, because: "a member fills their org's forms" },
      { who: "张晓雯", org: "sandbox", form: "draft", status: 200, because: "an admin (carried down) opens an unpublished form", check: (r) => expect(r.json.latest.status).toBe("draft") },
      { who: "沙盒会员", org: "sandbox", form: "draft", status: 404, code: FORM_GONE, because: "allowed to fill, but an unpublished form does not exist for those who fill" },
      { who: "王海峰", org: "sandbox", form: "draft", status: 404, code: FORM_GONE, because: "a reviewer does not manage forms: an unpublished one does not exist for him" },
      { who: "张晓雯", org: "sandbox", form: "hongqiao", status: 404, code: FORM_GONE, because: "a form is found only under the org that owns it, not under one she manages" },
      { who: "赵立群", org: "hongqiao", form: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "吴一鸣", org: "hongqiao", form: "hongqiao", status: 404, code: HIDDEN, because: "the judge role does not carry down the tree" },
      { who: "平台管理员", org: "sandbox", form: "missing", status: 404, code: FORM_GONE, because: "there is no such form" },
    ],
  },
  {
    route: "PUT /orgs/{orgId}/forms/{formId}",
    doing: "saves a new definition of",
    send: ({ orgId, formId }) => ({ path: `/orgs/${orgId}/forms/${formId}`, body: { definition: { ...MATRIX_FORM, title: "矩阵改版" }, expectedVersion: 1 } }),
    probe: { org: "hongqiao", form: "hongqiao" },
    cases: [
      { who: "张晓雯", org: "sandbox", form: "fresh", status: 200, because: "admin carries down to children", check: (r) => expect(r.json.latest).toMatchObject({ version: 1, status: "draft" }) },
      { who: "李红", org: "sandbox", form: "fresh", status: 200, because: "district admin inherits down the tree" },
      { who: "平台管理员", org: "sandbox", form: "fresh", status: 200, because: "the platform admin may act anywhere" },
      // Allowed, shown without writing: the editor's version is stale.
      { who: "李红", org: "hongqiao", form: "hongqiao", body: { definition: MATRIX_FORM, expectedVersion: 99 }, status: 409, code: "conflict.stale", because: "allowed (inherited admin); a stale version is then refused" },
      { who: "李红", org: "district", form: "district", body: { definition: MATRIX_FORM, expectedVersion: 99 }, status: 409, code: "conflict.stale", because: "allowed (own org); a stale version is then refused" },
      { who: "王海峰", org: "hongqiao", form: "hongqiao", status: 403, code: DENIED, because: "a reviewer reads submissions but does not manage forms" },
      { who: "王海峰", org: "sandbox", form: "sandbox", status: 403, code: DENIED, because: "a reviewer reads submissions but does not manage forms" },
      { who: "沙盒会员", org: "sandbox", form: "sandbox", status: 403, code: DENIED, because: "a plain member fills forms but does not edit them" },
      { who: "陈思远", org: "district", form: "district", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "张晓雯", org: "hongqiao", form: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "吴一鸣", org: "district", form: "district", status: 403, code: DENIED, because: "a judge does not manage forms" },
      { who: "赵立群", org: "hongqiao", form: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "张晓雯", org: "sandbox", form: "hongqiao", status: 404, code: FORM_GONE, because: "an admin cannot reach another org's form by naming her own org" },
      { who: "平台管理员", org: "sandbox", form: "missing", status: 404, code: FORM_GONE, because: "there is no such form" },
    ],
  },
  {
    route: "PUT /orgs/{orgId}/forms/{formId}/public-link",
    doing: "publishes by public link",
    send: ({ orgId, formId }) => ({ path: `/orgs/${orgId}/forms/${formId}/public-link`, body: { quota: 50, smsRequired: true, perPhone: 1 } }),
    probe: { org: "hongqiao", form: "hongqiao" },
    cases: [
      // The matrix's form has an image field, which a stranger cannot fill: allowed callers are refused, nothing stored
      // (a link published for real: the block at the end of this file and tests/api/public-forms.test.ts).
      { who: "张晓雯", org: "sandbox", form: "sandbox", status: 422, code: "validation.failed", because: "allowed (admin carried down); a form with an image field cannot go public", check: (r) => expect(r.json.errors).toEqual({ "fields.5": ["“活动海报”需要登录才能填写，不能通过公开链接收集"] }) },
      { who: "张晓雯", org: "sandbox", form: "draft", status: 409, code: "form.not_published", because: "allowed (admin carried down); an unpublished form has no link" },
      // Allowed, shown without writing: the settings are refused.
      { who: "李红", org: "hongqiao", form: "hongqiao", body: { quota: 0 }, status: 422, code: "validation.failed", because: "allowed (inherited admin); a bad setting is then refused", check: (r) => expect(r.json.errors).toEqual({ quota: ["名额至少为1"] }) },
      { who: "平台管理员", org: "district", form: "district", body: { quota: 0 }, status: 422, code: "validation.failed", because: "the platform admin may act anywhere; a bad setting is then refused" },
      { who: "王海峰", org: "hongqiao", form: "hongqiao", status: 403, code: DENIED, because: "a reviewer reads submissions but does not manage forms" },
      { who: "沙盒会员", org: "sandbox", form: "sandbox", status: 403, code: DENIED, because: "a plain member fills forms but does not publish them" },
      { who: "陈思远", org: "district", form: "district", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "张晓雯", org: "hongqiao", form: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "吴一鸣", org: "district", form: "district", status: 403, code: DENIED, because: "a judge does not manage forms" },
      { who: "赵立群", org: "hongqiao", form: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "张晓雯", org: "sandbox", form: "hongqiao", status: 404, code: FORM_GONE, because: "an admin cannot reach another org's form by naming her own org" },
      { who: "平台管理员", org: "sandbox", form: "missing", status: 404, code: FORM_GONE, because: "there is no such form" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/forms/{formId}/public-link",
    doing: "reads the public link of",
    send: ({ orgId, formId }) => ({ path: `/orgs/${orgId}/forms/${formId}/public-link` }),
    probe: { org: "hongqiao", form: "hongqiao" },
    cases: [
      { who: "李红", org: "hongqiao", form: "hongqiao", status: 200, because: "an inherited admin manages the form", check: (r) => expect(r.json).toHaveProperty("link") },
      { who: "李红", org: "district", form: "district", status: 200, because: "own org's admin" },
      { who: "张晓雯", org: "sandbox", form: "draft", status: 200, because: "admin carried down; an unpublished form has no link", check: (r) => expect(r.json).toEqual({ link: null }) },
      { who: "王海峰", org: "hongqiao", form: "hongqiao", status: 403, code: DENIED, because: "a reviewer does not manage forms" },
      { who: "沙盒会员", org: "sandbox", form: "sandbox", status: 403, code: DENIED, because: "a plain member does not manage forms" },
      { who: "陈思远", org: "district", form: "district", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "吴一鸣", org: "district", form: "district", status: 403, code: DENIED, because: "a judge does not manage forms" },
      { who: "赵立群", org: "hongqiao", form: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "张晓雯", org: "sandbox", form: "hongqiao", status: 404, code: FORM_GONE, because: "a form is found only under the org that owns it" },
      { who: "平台管理员", org: "sandbox", form: "missing", status: 404, code: FORM_GONE, because: "there is no such form" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/forms/{formId}/submissions",
    doing: "lists the submissions to",
    send: ({ orgId, formId }) => ({ path: `/orgs/${orgId}/forms/${formId}/submissions` }),
    probe: { org: "hongqiao", form: "hongqiao" },
    cases: [
      { who: "王海峰", org: "hongqiao", form: "hongqiao", status: 200, because: "a reviewer reads the submissions to his org's forms", check: (r) => expect(submissionIds(r)).toContain(SUBMISSION.hongqiao) },
      { who: "李红", org: "hongqiao", form: "hongqiao", status: 200, because: "district admin+reviewer inherits down the tree", check: (r) => expect(submissionIds(r)).toContain(SUBMISSION.hongqiao) },
      { who: "王海峰", org: "sandbox", form: "sandbox", status: 200, because: "a reviewer's role carries down the tree", check: (r) => expect(submissionIds(r)).toContain(SUBMISSION.sandbox) },
      { who: "张晓雯", org: "sandbox", form: "sandbox", status: 200, because: "admin carries down to children", check: (r) => expect(submissionIds(r)).toContain(SUBMISSION.sandbox) },
      { who: "平台管理员", org: "hongqiao", form: "hongqiao", status: 200, because: "the platform admin may act anywhere" },
      { who: "陈思远", org: "district", form: "district", status: 403, code: DENIED, because: "belonging beneath lets you fill the form, not read what others sent" },
      { who: "沙盒会员", org: "sandbox", form: "sandbox", status: 403, code: DENIED, because: "filling a form gives no sight of others' answers" },
      { who: "沙盒会员", org: "hongqiao", form: "hongqiao", status: 403, code: DENIED, because: "having submitted to the form is not a reading role" },
      { who: "王海峰", org: "district", form: "district", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "张晓雯", org: "hongqiao", form: "hongqiao", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "吴一鸣", org: "district", form: "district", status: 403, code: DENIED, because: "a judge does not read submissions" },
      { who: "赵立群", org: "hongqiao", form: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "张晓雯", org: "sandbox", form: "hongqiao", status: 404, code: FORM_GONE, because: "reading the throwaway org's submissions does not reach another org's form" },
      { who: "平台管理员", org: "missing", form: "hongqiao", status: 404, code: HIDDEN, because: "there is no such org" },
    ],
  },
  {
    route: "GET /orgs/{orgId}/forms/{formId}/submissions",
    variant: "CSV and XLSX export",
    doing: "exports the submissions to",
    send: ({ orgId, formId, query }) => ({ path: `/orgs/${orgId}/forms/${formId}/submissions?${query ?? "format=csv"}` }),
    probe: { org: "hongqiao", form: "hongqiao" },
    cases: [
      {
        who: "王海峰", org: "hongqiao", form: "hongqiao", status: 200, because: "a reviewer exports the submissions to his org's forms",
        check: (r) => {
          expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
          expect(r.text).toContain(SUBMISSION.hongqiao);
        },
      },
      {
        who: "李红", org: "hongqiao", form: "hongqiao", query: "format=xlsx", status: 200, because: "district admin+reviewer inherits down the tree",
        check: (r) => expect(r.headers.get("content-type")).toMatch(/spreadsheetml/),
      },
      { who: "张晓雯", org: "sandbox", form: "sandbox", status: 200, because: "admin carries down to children", check: (r) => expect(r.text).toContain(SUBMISSION.sandbox) },
      { who: "陈思远", org: "district", form: "district", status: 403, code: DENIED, because: "belonging beneath lets you fill the form, not export what others sent" },
      { who: "陈思远", org: "district", form: "district", query: "format=xlsx", status: 403, code: DENIED, because: "belonging beneath lets you fill the form, not export what others sent" },
      { who: "沙盒会员", org: "hongqiao", form: "hongqiao", status: 403, code: DENIED, because: "having submitted to the form is not a reading role" },
      { who: "王海峰", org: "district", form: "district", status: 403, code: DENIED, because: UP_THE_TREE },
      { who: "赵立群", org: "hongqiao", form: "hongqiao", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "赵立群", org: "hongqiao", form: "hongqiao", query: "format=xlsx", status: 404, code: HIDDEN, because: "no standing in 虹桥镇" },
      { who: "张晓雯", org: "sandbox", form: "hongqiao", status: 404, code: FORM_GONE, because: "reading the throwaway org's submissions does not reach another org's form" },
    ],
  },
  {
    route: "GET /forms/{formId}",
    doing: "opens to fill",
    send: ({ formId, query }) => ({ path: withQuery(`/forms/${formId}`, query) }),
    probe: { form: "hongqiao" },
    neverForbidden: FILL_NEVER_FORBIDDEN,
    cases: [
      { who: "陈思远", form: "district", status: 200, because: "a member of 新意城新空间 belongs beneath the district", check: (r) => expect(r.json.version.status).toBe("published") },
      { who: "沙盒会员", form: "district", status: 200, because: "belonging three levels beneath is enough" },
      { who: "吴一鸣", form: "district", status: 200, because: "a judge belongs to the district" },
      { who: "王海峰", form: "district", status: 200, because: "belonging beneath (虹桥镇) is enough to fill" },
      { who: "张晓雯", form: "hongqiao", status: 200, because: "belonging beneath (新意城新空间) is enough to fill" },
      { who: "张晓雯", form: "draft", query: "version=1", status: 200, because: "an admin (carried down) may open a draft version", check: (r) => expect(r.json.version.status).toBe("draft") },
      { who: "沙盒会员", form: "draft", status: 409, code: "form.not_published", because: "allowed (own org); nothing is published to fill yet" },
      { who: "沙盒会员", form: "draft", query: "version=1", status: 404, code: FORM_GONE, because: "a draft version is the admins' work in progress" },
      { who: "王海峰", form: "draft", query: "version=1", status: 404, code: FORM_GONE, because: "a draft version is the admins' work in progress, not the reviewers'" },
      { who: "赵立群", form: "hongqiao", status: 404, code: STRANGER_TO_FORM, because: "no standing in 虹桥镇" },
      { who: "周敏", form: "hongqiao", status: 404, code: STRANGER_TO_FORM, because: "no standing in 虹桥镇" },
      { who: "吴一鸣", form: "hongqiao", status: 404, code: STRANGER_TO_FORM, because: "the judge role does not carry down the tree" },
      { who: "平台管理员", form: "missing", status: 404, code: FORM_GONE, because: "there is no such form" },
    ],
  },
  {
    route: "POST /forms/{formId}/submissions",
    doing: "submits answers to",
    send: ({ formId }) => ({ path: `/forms/${formId}/submissions`, body: { data: ANSWERS } }),
    probe: { form: "hongqiao" },
    neverForbidden: FILL_NEVER_FORBIDDEN,
    after: (response) => {
      if (response.status === 201) expect(response.json).toMatchObject({ submitterId: sandbox.member.accountId, unitId: sandbox.orgId, status: "submitted" });
    },
    cases: [
      { who: "沙盒会员", form: "sandbox", status: 201, because: "a member fills their own org's form" },
      { who: "沙盒会员", form: "district", status: 201, because: "belonging three levels beneath is enough; they submit for their own unit" },
      // Allowed, shown without storing anything: the answers are refused after the policy check.
      {
        who: "陈思远", form: "district", body: () => ({ ...BAD_ANSWERS, unitId: demoOrgs().xinyicheng }), status: 422, code: "validation.failed",
        because: "allowed (a member of 新意城新空间 belongs beneath; with two units there he names one); the answers are then refused", check: answersRefused,
      },
      { who: "张晓雯", form: "hongqiao", body: BAD_ANSWERS, status: 422, code: "validation.failed", because: "allowed (belongs beneath); the answers are then refused", check: answersRefused },
      { who: "吴一鸣", form: "district", body: BAD_ANSWERS, status: 422, code: "validation.failed", because: "allowed (a judge belongs to the district); the answers are then refused", check: answersRefused },
      {
        who: "王海峰", form: "sandbox", status: 422, code: "validation.failed", because: "allowed (inherited reviewer), but he has no unit at or beneath the form's org to submit for",
        check: (r) => expect(r.json.errors).toHaveProperty("unitId"),
      },
      {
        who: "沙盒会员", form: "district", body: () => ({ data: ANSWERS, unitId: demoOrgs().xinyicheng }), status: 422, code: "validation.failed", because: "one submits only for a unit of one's own",
        check: (r) => expect(r.json.errors).toHaveProperty("unitId"),
      },
      { who: "沙盒会员", form: "draft", status: 409, code: "form.not_published", because: "allowed (own org); nothing is published to fill yet" },
      { who: "赵立群", form: "hongqiao", status: 404, code: STRANGER_TO_FORM, because: "no standing in 虹桥镇" },
      { who: "周敏", form: "hongqiao", status: 404, code: STRANGER_TO_FORM, because: "no standing in 虹桥镇" },
      { who: "吴一鸣", form: "hongqiao", status: 404, code: STRANGER_TO_FORM, because: "the judge role does not carry down the tree" },
      { who: "平台管理员", form: "missing", status: 404, code: FORM_GONE, because: "there is no such form" },
    ],
  },
  {
    route: "GET /submissions/{submissionId}",
    doing: "opens",
    send: ({ submissionId }) => ({ path: `/submissions/${submissionId}` }),
    probe: { submission: "hongqiao" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", submission: "hongqiao", status: 200, because: "the submitter reads their own", check: (r) => expect(r.json.submissionId).toBe(SUBMISSION.hongqiao) },
      { who: "王海峰", submission: "hongqiao", status: 200, because: "a reviewer of the form's org reads it" },
      { who: "李红", submission: "hongqiao", status: 200, because: "district admin+reviewer inherits down the tree" },
      { who: "平台管理员", submission: "hongqiao", status: 200, because: "the platform admin may act anywhere" },
      { who: "张晓雯", submission: "sandbox", status: 200, because: "an admin carried down to the form's org reads it" },
      { who: "王海峰", submission: "sandbox", status: 200, because: "a reviewer's role carries down the tree" },
      { who: "张晓雯", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "admin of the submitter's parent org, but reading goes with the form's org, above her" },
      { who: "陈思远", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "someone who fills the same form sees only their own" },
      { who: "吴一鸣", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "a judge does not read submissions" },
      { who: "赵立群", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "no standing in 虹桥镇" },
      { who: "平台管理员", submission: "missing", status: 404, code: SUBMISSION_GONE, because: "there is no such submission" },
    ],
  },
  {
    route: "POST /submissions/{submissionId}/reveal",
    doing: "asks to see in full (查看完整)",
    send: ({ submissionId }) => ({ path: `/submissions/${submissionId}/reveal`, body: { reason: "verify_identity" } }),
    probe: { submission: "hongqiao" },
    cases: [
      { who: "李红", submission: "hongqiao", status: 200, because: "admin of the district, carried down to the form's org", check: (r) => expect(r.json.submissionId).toBe(SUBMISSION.hongqiao) },
      { who: "张晓雯", submission: "sandbox", status: 200, because: "an admin carried down to the form's org" },
      { who: "平台管理员", submission: "hongqiao", status: 200, because: "the platform admin may act anywhere" },
      { who: "王海峰", submission: "hongqiao", status: 403, code: DENIED, because: "a reviewer reads it masked; the full value is for the form org's admins" },
      { who: "沙盒会员", submission: "hongqiao", status: 403, code: DENIED, because: "the submitter already reads their own in full; unmasking is not a member's action" },
      { who: "张晓雯", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "she may not read it, so it does not exist for her" },
      { who: "陈思远", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "someone who fills the same form may not read it" },
      { who: "吴一鸣", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "a judge does not read submissions" },
      { who: "赵立群", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "no standing in 虹桥镇" },
      { who: "平台管理员", submission: "missing", status: 404, code: SUBMISSION_GONE, because: "there is no such submission" },
    ],
  },
  {
    route: "PUT /submissions/{submissionId}",
    doing: "saves answers to",
    send: ({ submissionId }) => ({ path: `/submissions/${submissionId}`, body: { data: { title: "矩阵草稿·改" }, draft: true, revision: 1 } }),
    probe: { submission: "hongqiao" },
    cases: [
      { who: "沙盒会员", submission: "fresh draft", status: 200, because: "the submitter saves their own draft", check: (r) => expect(r.json).toMatchObject({ status: "draft", revision: 2 }) },
      // Allowed, shown without writing: the submission has been sent and is no longer editable.
      { who: "沙盒会员", submission: "hongqiao", status: 409, code: "submission.not_editable", because: "allowed (the submitter); a sent submission is then refused" },
      { who: "王海峰", submission: "hongqiao", status: 403, code: DENIED, because: "he may read it (reviewer of the form's org), but only the submitter changes it" },
      { who: "李红", submission: "hongqiao", status: 403, code: DENIED, because: "she may read it (inherited), but only the submitter changes it" },
      { who: "张晓雯", submission: "sandbox", status: 403, code: DENIED, because: "she may read it (inherited admin), but only the submitter changes it" },
      { who: "平台管理员", submission: "hongqiao", status: 403, code: DENIED, because: "even the platform admin only reads it: only the submitter changes it" },
      { who: "张晓雯", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "she may not read it, so it does not exist for her" },
      { who: "陈思远", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "someone who fills the same form may not read it" },
      { who: "赵立群", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "no standing in 虹桥镇" },
      { who: "平台管理员", submission: "missing", status: 404, code: SUBMISSION_GONE, because: "there is no such submission" },
    ],
  },
  {
    route: "POST /submissions/{submissionId}/route",
    doing: "asks the route a resubmission would take of",
    send: ({ submissionId }) => ({ path: `/submissions/${submissionId}/route`, body: { data: { title: "矩阵重提" } } }),
    probe: { submission: "hongqiao" },
    cases: [
      // Allowed, shown without writing: only a returned submission is resubmitted.
      { who: "沙盒会员", submission: "hongqiao", status: 409, code: "submission.not_editable", because: "allowed (the submitter); a submission not returned is then refused" },
      { who: "沙盒会员", submission: "fresh draft", status: 409, code: "submission.not_editable", because: "allowed (the submitter); a draft has no approval to resubmit to" },
      { who: "王海峰", submission: "hongqiao", status: 403, code: DENIED, because: "he may read it (reviewer of the form's org), but only the submitter resubmits" },
      { who: "李红", submission: "hongqiao", status: 403, code: DENIED, because: "she may read it (inherited), but only the submitter resubmits" },
      { who: "平台管理员", submission: "hongqiao", status: 403, code: DENIED, because: "even the platform admin only reads it" },
      { who: "张晓雯", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "she may not read it, so it does not exist for her" },
      { who: "陈思远", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "someone who fills the same form may not read it" },
      { who: "赵立群", submission: "hongqiao", status: 404, code: SUBMISSION_GONE, because: "no standing in 虹桥镇" },
      { who: "平台管理员", submission: "missing", status: 404, code: SUBMISSION_GONE, because: "there is no such submission" },
    ],
  },
  {
    route: "GET /me/submissions",
    doing: "lists their own submissions",
    send: ({ formId }) => ({ path: withQuery("/me/submissions", formId && `formId=${formId}`) }),
    probe: {},
    cases: [
      {
        who: "沙盒会员", status: 200, because: "everyone lists their own",
        check: (r) => expect(submissionIds(r)).toEqual(expect.arrayContaining([SUBMISSION.hongqiao, SUBMISSION.sandbox])),
      },
      {
        who: "沙盒会员", form: "hongqiao", status: 200, because: "everyone lists their own, per form",
        check: (r) => {
          expect(submissionIds(r)).toContain(SUBMISSION.hongqiao);
          expect(submissionIds(r)).not.toContain(SUBMISSION.sandbox);
        },
      },
      { who: "陈思远", form: "hongqiao", status: 200, because: "another person's submission to the same form is not theirs", check: (r) => expect(submissionIds(r)).not.toContain(SUBMISSION.hongqiao) },
      { who: "王海峰", form: "hongqiao", status: 200, because: "a reader of the form's submissions still lists only his own here", check: (r) => expect(submissionIds(r)).not.toContain(SUBMISSION.hongqiao) },
      { who: "平台管理员", form: "hongqiao", status: 200, because: "even the platform admin lists only his own here", check: (r) => expect(submissionIds(r)).toEqual([]) },
    ],
  },
  {
    route: "POST /uploads",
    doing: "asks to upload a poster for",
    send: ({ formId }) => ({ path: "/uploads", body: poster(formId) }),
    probe: { form: "hongqiao" },
    neverForbidden: FILL_NEVER_FORBIDDEN,
    after: (response) => {
      if (response.status === 201) expect(response.json.url).toMatch(/X-Amz-Signature=/);
    },
    cases: [
      { who: "沙盒会员", form: "sandbox", status: 201, because: "a member fills their own org's form" },
      { who: "沙盒会员", form: "hongqiao", status: 201, because: "belonging beneath is enough" },
      // Allowed, shown without issuing a ticket: the file is refused by the field's rule.
      { who: "陈思远", form: "district", body: wrongFile, status: 422, code: "upload.rejected", because: "allowed (a member of 新意城新空间 belongs beneath); the file type is then refused" },
      { who: "王海峰", form: "hongqiao", body: wrongFile, status: 422, code: "upload.rejected", because: "allowed (a reviewer fills his org's forms); the file type is then refused" },
      { who: "李红", form: "sandbox", body: wrongFile, status: 422, code: "upload.rejected", because: "allowed (inherited admin); the file type is then refused" },
      { who: "吴一鸣", form: "district", body: wrongFile, status: 422, code: "upload.rejected", because: "allowed (a judge belongs to the district); the file type is then refused" },
      {
        who: "沙盒会员", form: "draft", status: 422, code: "validation.failed", because: "allowed (own org); an unpublished form has no file field to fill",
        check: (r) => expect(r.json.errors).toHaveProperty("field"),
      },
      { who: "赵立群", form: "hongqiao", status: 404, code: STRANGER_TO_FORM, because: "no standing in 虹桥镇" },
      { who: "周敏", form: "hongqiao", status: 404, code: STRANGER_TO_FORM, because: "no standing in 虹桥镇" },
      { who: "平台管理员", form: "missing", status: 404, code: FORM_GONE, because: "there is no such form" },
    ],
  },
  {
    route: "GET /uploads/{uploadId}",
    doing: "opens",
    send: ({ uploadId, query }) => ({ path: withQuery(`/uploads/${uploadId}`, query) }),
    probe: { upload: "hongqiao" },
    neverForbidden: READ_NEVER_FORBIDDEN,
    cases: [
      { who: "沙盒会员", upload: "hongqiao", status: 302, because: "the uploader opens their own file", check: (r, { uploadId }) => expect(r.headers.get("location")).toContain(uploadId) },
      { who: "王海峰", upload: "hongqiao", status: 302, because: "a reviewer of the form's org opens it", check: (r, { uploadId }) => expect(r.headers.get("location")).toContain(uploadId) },
      { who: "李红", upload: "hongqiao", query: "format=json", status: 200, because: "district admin+reviewer inherits down the tree", check: (r) => expect(r.json.name).toBe("海报.png") },
      { who: "平台管理员", upload: "hongqiao", status: 302, because: "the platform admin may act anywhere" },
      { who: "张晓雯", upload: "sandbox", status: 302, because: "an admin carried down to the form's org opens it" },
      { who: "张晓雯", upload: "hongqiao", status: 404, code: UPLOAD_GONE, because: "admin of the uploader's parent org, but reading goes with the form's org, above her" },
      { who: "陈思远", upload: "hongqiao", status: 404, code: UPLOAD_GONE, because: "someone who fills the same form opens only their own files" },
      { who: "陈思远", upload: "hongqiao", query: "format=json", status: 404, code: UPLOAD_GONE, because: "someone who fills the same form opens only their own files" },
      { who: "吴一鸣", upload: "hongqiao", status: 404, code: UPLOAD_GONE, because: "a judge does not read submissions" },
      { who: "赵立群", upload: "hongqiao", status: 404, code: UPLOAD_GONE, because: "no standing in 虹桥镇" },
      { who: "平台管理员", upload: "missing", status: 404, code: UPLOAD_GONE, because: "there is no such upload" },
    ],
  },
];

describeMatrix(PROTECTED, FORMS);

// ---------------------------------------------------------------------------------------
// What the matrix promises about itself and about hiding forms, submissions and files
// ---------------------------------------------------------------------------------------

/** Routes that name no org, form, submission or upload. */
const unscoped = (spec: RouteSpec<Place, Where>) => Object.keys(spec.probe).length === 0;
const HIDING_CODES = [HIDDEN, FORM_GONE, SUBMISSION_GONE, UPLOAD_GONE];
const isMadeUp = (place: Place) => [place.org, place.form, place.submission, place.upload].includes("missing");
const hiddenRow = (c: Case<Place, Where>) => c.status === 404 && HIDING_CODES.includes(c.code!) && !isMadeUp(c) && c.form !== "draft";

describeGuards({
  file: "authorization-forms.test.ts",
  specs: PROTECTED,
  /** Public-link forms need no session: a link id or a receipt token is the only key (tests/api/public-forms.test.ts). */
  publicRoutes: [
    "GET /public/forms/{linkId}",
    "POST /public/forms/{linkId}/code",
    "POST /public/forms/{linkId}/filler",
    "POST /public/forms/{linkId}/submissions",
    "GET /public/receipts/{token}",
    "POST /public/receipts/{token}/withdraw",
  ],
  // Routes whose allowed callers the matrix's things refuse by their state are checked below instead.
  scoped: (spec) => !unscoped(spec) && spec.cases.some((c) => c.status < 400),
  /** Someone without standing (or without reading rights) on a real place. */
  hidden: hiddenRow,
});

describeRefusedRoutes(
  "the routes whose allowed callers the matrix's submissions refuse by their state (none is returned) still show allowed, forbidden and hidden rows",
  PROTECTED.filter((spec) => !unscoped(spec)),
  { hidden: hiddenRow, allowed: (c) => c.status < 400 || ![DENIED, HIDDEN, FORM_GONE, SUBMISSION_GONE, UPLOAD_GONE].includes(c.code ?? "") },
);

interface Lookalike {
  spec: RouteSpec<Place, Where>;
  who: Person;
  real: Place;
  madeUp: Place;
  code: string;
  why: string;
}

/** For each route, a caller to whom a real place must look exactly like a made-up one. */
const LOOKALIKES: Lookalike[] = PROTECTED.flatMap((spec): Lookalike[] => {
  const probe = spec.probe;
  if (probe.org) {
    return [
      { spec, who: "张晓雯", real: { ...probe, org: "qibao" }, madeUp: { ...probe, org: "missing" }, code: HIDDEN, why: "七宝分会 vs a made-up org id" },
      { spec, who: "赵立群", real: { ...probe, org: "xinyicheng" }, madeUp: { ...probe, org: "missing" }, code: HIDDEN, why: "新意城新空间 vs a made-up org id" },
      ...(probe.form
        ? [{ spec, who: "张晓雯" as const, real: { ...probe, org: "sandbox" as const }, madeUp: { ...probe, org: "sandbox" as const, form: "missing" as const }, code: FORM_GONE, why: "虹桥镇's form named under her throwaway org vs a made-up form id" }]
        : []),
    ];
  }
  if (probe.form) return [{ spec, who: "赵立群", real: probe, madeUp: { ...probe, form: "missing" }, code: FORM_GONE, why: "虹桥镇's form vs a made-up form id" }];
  if (probe.submission || probe.upload) {
    const madeUp = probe.submission ? { submission: "missing" as const } : { upload: "missing" as const };
    const code = probe.submission ? SUBMISSION_GONE : UPLOAD_GONE;
    return (["赵立群", "陈思远", "张晓雯"] as const).map((who) => ({ spec, who, real: probe, madeUp, code, why: `${probe.submission ? "沙盒会员's submission" : "沙盒会员's file"} vs a made-up id` }));
  }
  return [];
});

const lookalikeName = (pair: Lookalike) => `${specTitle(pair.spec)}: ${pair.who} on ${pair.why}`;

describe("a form, submission or file you may not see looks exactly like one that does not exist", () => {
  it.each(LOOKALIKES.map((pair) => [lookalikeName(pair), pair] as const))("%s", async (_name, { spec, who, real, madeUp, code }) => {
    const { response: hidden } = await ask({ token: token(who) }, spec, FORMS, real);
    const { response: missing } = await ask({ token: token(who) }, spec, FORMS, madeUp);
    expectSameProblem(hidden, missing, 404, code);
  });
});

describe("without a session, real and made-up ids get the same answer (no probing)", () => {
  const madeUp = (place: Place): Place => ({
    ...place,
    ...(place.org && { org: "missing" }),
    ...(place.form && { form: "missing" }),
    ...(place.submission && { submission: "missing" }),
    ...(place.upload && { upload: "missing" }),
  });
  it.each(PROTECTED.filter((spec) => !unscoped(spec)).map((spec) => [specTitle(spec), spec] as const))("%s", async (_title, spec) => {
    const { response: real } = await ask({}, spec, FORMS, spec.probe);
    const { response: fake } = await ask({}, spec, FORMS, madeUp(spec.probe));
    expectProblem(real, 401, "auth.required");
    expectProblem(fake, 401, "auth.required");
  });
});

describe("public-link forms without a session", () => {
  it("a made-up link or receipt is a 404, and no submission goes in without the link's own pass", async () => {
    expectProblem(await call("GET", `/public/forms/${newId()}`), 404, "public_form.not_found");
    expectProblem(await call("POST", `/public/forms/${newId()}/submissions`, { body: { data: ANSWERS } }), 404, "public_form.not_found");
    expectProblem(await call("GET", `/public/receipts/${"r".repeat(32)}`), 404, "public_form.not_found");
    expectProblem(await call("POST", `/public/receipts/${"r".repeat(32)}/withdraw`), 404, "public_form.not_found");
    const simple = await expectCreated(await call("POST", `/orgs/${orgIdOf("sandbox")}/forms`, { token: token("张晓雯"), body: { definition: { title: "矩阵公开表", fields: [{ key: "title", type: "text", label: "姓名" }] }, publish: true } }));
    const linked = await call("PUT", `/orgs/${orgIdOf("sandbox")}/forms/${simple.form.formId}/public-link`, { token: token("张晓雯"), body: { smsRequired: true, perPhone: 1 } });
    expect(linked.status, linked.text).toBe(200);
    const linkId = linked.json.link.linkId as string;
    expectProblem(await call("POST", `/public/forms/${linkId}/submissions`, { body: { data: ANSWERS } }), 401, "public_form.unverified");
    expectProblem(await call("POST", `/public/forms/${linkId}/submissions`, { body: { pass: "e30.forged", data: ANSWERS } }), 401, "public_form.unverified");
    expectProblem(await call("POST", `/public/forms/${linkId}/filler`, { body: { phone: "13912345678", code: "123456" } }), 401, "auth.code_invalid");
  });
});
