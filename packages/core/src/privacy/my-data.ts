import { getAccount } from "../auth/accounts";
import { getForm } from "../forms/forms";
import { mySubmissions } from "../forms/submission-store";
import { getMemberInFull, membershipsOf } from "../members/members";
import { ROLES } from "../access/roles";

/**
 * 我的个人信息 (PIPL arts. 44–45): everything the platform holds about the signed-in person, in
 * full (it is their own): the account, each membership's profile (身份证号 opened), and their
 * submissions with the consent they gave. Read by their own session only; no access entry is
 * written (nobody else looked).
 */
export interface MyData {
  account: { name: string; phone?: string; email?: string; createdAt: string };
  memberships: Array<{ orgId: string; orgName: string; roles: string[]; unit?: string; title?: string; stratum?: string; idNumber?: string; joinedAt?: string }>;
  submissions: Array<{ submissionId: string; formTitle: string; status: string; submittedAt?: string; data: Record<string, unknown>; consent?: unknown }>;
  /** What stays when the account is deleted, in words. */
  kept: string;
}

export const KEPT_AFTER_DELETION =
  "注销账号后，以下记录依法或按章程保留：已冻结的选举名册与投票凭证（选票本身匿名，不与您关联）、审批与评选的审计记录（以匿名编号代替您的姓名）、个人信息访问记录。";

export async function myData(accountId: string): Promise<MyData> {
  const [account, memberships, submissions] = await Promise.all([getAccount(accountId), membershipsOf(accountId), mySubmissions(accountId)]);
  const profiles = await Promise.all(memberships.map((membership) => getMemberInFull(membership.orgId, accountId)));
  const titles = new Map<string, string>();
  for (const formId of new Set(submissions.map((submission) => submission.formId))) titles.set(formId, (await getForm(formId))?.form.title ?? "");
  return {
    account: { name: account?.name ?? "", phone: account?.phone, email: account?.email, createdAt: account?.createdAt ?? "" },
    memberships: memberships.map((membership, index) => {
      const profile = profiles[index];
      return {
        orgId: membership.orgId,
        orgName: membership.orgName,
        roles: membership.roles.map((role) => ROLES[role]),
        unit: profile?.unit,
        title: profile?.title,
        stratum: profile?.stratum,
        idNumber: profile?.idNumber,
        joinedAt: profile?.joinedAt,
      };
    }),
    submissions: submissions.map((submission) => ({
      submissionId: submission.submissionId,
      formTitle: titles.get(submission.formId) ?? "",
      status: submission.status,
      submittedAt: submission.submittedAt,
      data: submission.data,
      consent: submission.consent,
    })),
    kept: KEPT_AFTER_DELETION,
  };
}

/** The same as a three-column table (类别, 项目, 内容) for the XLSX download. */
export function myDataRows(data: MyData): string[][] {
  const rows: string[][] = [
    ["账号", "姓名", data.account.name],
    ["账号", "手机", data.account.phone ?? ""],
    ["账号", "邮箱", data.account.email ?? ""],
    ["账号", "注册时间", data.account.createdAt],
  ];
  for (const membership of data.memberships) {
    const fields: Array<[string, string | undefined]> = [
      ["角色", membership.roles.join("、")],
      ["单位", membership.unit],
      ["职务", membership.title],
      ["新阶层类别", membership.stratum],
      ["身份证号", membership.idNumber],
      ["加入时间", membership.joinedAt],
    ];
    for (const [label, value] of fields) if (value) rows.push([`成员资料·${membership.orgName}`, label, value]);
  }
  for (const submission of data.submissions) {
    const answers = Object.entries(submission.data)
      .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
      .join("；");
    rows.push([`提交记录·${submission.formTitle}`, `${submission.status} ${submission.submittedAt ?? ""}`.trim(), answers]);
  }
  rows.push(["说明", "注销后保留", data.kept]);
  return rows;
}
