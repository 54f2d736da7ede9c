import { useState } from "react";
import type { Member } from "../../api";
import { RoleTags } from "../../components/OrgLinks";
import { RevealMember } from "./RevealMember";

interface MemberTableProps {
  members: readonly Member[];
  /** Shown as a 移除 button per member when given (admins). */
  onRemove?: (member: Member) => void;
  /** Admins may ask for a member's personal data in full (查看完整). */
  canReveal?: boolean;
}

/** Members as a table on wide screens; the CSS turns each row into a card on a phone. */
export function MemberTable({ members, onRemove, canReveal }: MemberTableProps) {
  // Full records asked for in this view (查看完整), by account; the roll itself reads masked.
  const [revealed, setRevealed] = useState<ReadonlyMap<string, Member>>(new Map());
  if (members.length === 0) return <p className="muted">还没有成员。</p>;
  const withActions = Boolean(onRemove || canReveal);
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
          <th scope="col">身份证号</th>
          {withActions && <th scope="col">操作</th>}
        </tr>
      </thead>
      <tbody>
        {members.map((listed) => {
          const member = revealed.get(listed.accountId) ?? listed;
          const masked = member.masked?.includes("phone") ?? false;
          return (
          <tr key={member.accountId}>
            <th scope="row" className="members__name">
              {member.name}
            </th>
            <td data-label="手机">{masked ? member.phone : <a href={`tel:${member.phone}`}>{member.phone}</a>}</td>
            <td data-label="单位">{member.unit ?? "—"}</td>
            <td data-label="职务">{member.title ?? "—"}</td>
            <td data-label="新阶层类别">{member.stratum ?? "—"}</td>
            <td data-label="角色">
              <RoleTags roles={member.roles} />
            </td>
            <td data-label="身份证号">{member.idNumber ?? "—"}</td>
            {withActions && (
              <td className="members__actions">
                {canReveal && masked && <RevealMember member={member} onRevealed={(full) => setRevealed((current) => new Map(current).set(full.accountId, full))} />}
                {onRemove && (
                  <button type="button" className="button button--danger button--small" onClick={() => onRemove(member)} aria-label={`移除 ${member.name}`}>
                    移除
                  </button>
                )}
              </td>
            )}
          </tr>
          );
        })}
      </tbody>
    </table>
  );
}
