import { api, type Member } from "../../api";
import { RevealButton } from "../../privacy/RevealButton";

/** 查看完整 for one member of the roll: the full phone, e-mail and 身份证号 replace the masked ones in the row. */
export function RevealMember({ member, onRevealed }: { member: Member; onRevealed: (member: Member) => void }) {
  return (
    <RevealButton
      id={`reveal-${member.accountId}`}
      label={`查看完整 ${member.name}`}
      reveal={async (reason) => onRevealed(await api.revealMember(member.orgId, member.accountId, reason))}
    />
  );
}
