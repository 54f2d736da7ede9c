import { api } from "../api";
import { ErrorMessage, Loading } from "../components/Status";
import { formatTime } from "../lib/format";
import { useResource } from "../lib/useResource";
import { useTitle } from "../lib/useTitle";

/** 我的个人信息 (/me/personal-data): what the platform holds about me, in full, with downloads. */
export default function MyDataPage() {
  useTitle("我的个人信息");
  const mine = useResource((signal) => api.myData(signal), []);
  if (mine.loading) return <Loading />;
  if (!mine.data) return <ErrorMessage error={mine.error} />;
  const { account, memberships, submissions, kept } = mine.data;
  return (
    <>
      <header className="page-head">
        <h1>我的个人信息</h1>
        <p className="page-head__meta muted">平台保存的关于您的全部信息，只有您本人能在这里看到完整内容。</p>
      </header>
      <div className="actions">
        <a className="button" href="/api/me/personal-data?format=xlsx" download>
          下载（XLSX）
        </a>
        <a className="button" href="/api/me/personal-data" download="我的个人信息.json">
          下载（JSON）
        </a>
      </div>
      <section aria-labelledby="my-account">
        <h2 id="my-account">账号</h2>
        <dl className="facts">
          <dt>姓名</dt>
          <dd>{account.name}</dd>
          <dt>手机</dt>
          <dd>{account.phone ?? "—"}</dd>
          <dt>邮箱</dt>
          <dd>{account.email ?? "—"}</dd>
        </dl>
      </section>
      <section aria-labelledby="my-memberships">
        <h2 id="my-memberships">成员资料</h2>
        {memberships.map((membership) => (
          <dl className="facts" key={membership.orgId}>
            <dt>组织</dt>
            <dd>{membership.orgName}</dd>
            <dt>角色</dt>
            <dd>{membership.roles.join("、")}</dd>
            {membership.unit && (
              <>
                <dt>单位</dt>
                <dd>{membership.unit}</dd>
              </>
            )}
            {membership.idNumber && (
              <>
                <dt>身份证号</dt>
                <dd>{membership.idNumber}</dd>
              </>
            )}
          </dl>
        ))}
      </section>
      <section aria-labelledby="my-submissions">
        <h2 id="my-submissions">我填写的表单（{submissions.length}）</h2>
        <ul>
          {submissions.map((submission) => (
            <li key={submission.submissionId}>
              {submission.formTitle} {submission.submittedAt ? formatTime(submission.submittedAt) : "草稿"}
            </li>
          ))}
        </ul>
      </section>
      <p className="muted">{kept} 如需更正，请联系所在组织的管理员；注销账号须经组织管理员确认。</p>
    </>
  );
}
