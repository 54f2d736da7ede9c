import type { Member } from "../../api";
import { RoleTags } from "../../components/OrgLinks";

interface MemberTableProps {
  members: readonly Member[];
  /** Shown as a 移除 button per member when given (admins). */
  onRemove?: (member: Member) => void;
}

/** Members as a table on wide screens; the CSS turns each row into a card on a phone. */
export function MemberTable({ members, onRemove }: MemberTableProps) {
  if (members.length === 0) return <p className="muted">还没有成员。</p>;
  return (
    <table className="members">
      <caption className="visually-hidden">成员名单，共 {members.length} 人</caption>
      <thead>
        <tr>
          <th scope="col">姓名</th>
          <th scope="col">手机</th>
          <th scope="col">单位</th>
          <th scope="col">职务</th>
          <th scope="col">新阶层类别</th>
          <th scope="col">角色</th>
          {onRemove && <th scope="col">操作</th>}
        </tr>
      </thead>
      <tbody>
        {members.map((member) => (
          <tr key={member.accountId}>
            <th scope="row" className="members__name">
              {member.name}
            </th>
            <td data-label="手机">
              <a href={`tel:${member.phone}`}>{member.phone}</a>
            </td>
            <td data-label="单位">{member.unit ?? "—"}</td>
            <td data-label="职务">{member.title ?? "—"}</td>
            <td data-label="新阶层类别">{member.stratum ?? "—"}</td>
            <td data-label="角色">
              <RoleTags roles={member.roles} />
            </td>
            {onRemove && (
              <td className="members__actions">
                <button type="button" className="button button--danger button--small" onClick={() => onRemove(member)} aria-label={`移除 ${member.name}`}>
                  移除
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
