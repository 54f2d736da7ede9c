import { normalizeLogin } from "../auth/login-id";
import type { FormDefinition } from "../forms/definition";
import type { Member } from "../members/members";
import type { Candidate, ElectionConfig } from "./config";
import { STATUSES, type Election } from "./store";

/**
 * 候选人提名, the pure part: the nomination form of an election, reading a nomination's answers,
 * and whether an approved nomination may join the candidates (see nominations.ts for the I/O).
 */

/** The answers the effect reads; the form may be edited by its admin, these keys must stay. */
export const NOMINATION_KEYS = { position: "position", nomineeName: "nomineeName", nomineePhone: "nomineePhone", reasons: "reasons", referee: "referee" } as const;

/** The 候选人提名表 for an election: pure, from its positions. */
export function nominationForm(election: Pick<Election, "title" | "config">): FormDefinition {
  return {
    title: `候选人提名表：${election.title}`.slice(0, 100),
    description: "提名本组织会员为候选人。被提名人须为本组织会员，姓名、手机号须与会员名册一致。提名经审批通过后列入候选人名单；选民名册冻结后不再增加候选人。",
    fields: [
      { key: NOMINATION_KEYS.nomineeName, type: "text", label: "被提名人姓名", required: true, maxLength: 40 },
      { key: NOMINATION_KEYS.nomineePhone, type: "phone", label: "被提名人手机号", required: true },
      {
        key: NOMINATION_KEYS.position,
        type: "select",
        label: "提名职务",
        required: true,
        options: election.config.positions.map((position) => ({ value: position.id, label: `${position.title}（应选${position.seats}名）` })),
      },
      { key: NOMINATION_KEYS.reasons, type: "textarea", label: "提名理由", required: true, maxLength: 1000 },
      { key: NOMINATION_KEYS.referee, type: "text", label: "推荐人", maxLength: 40 },
    ],
  } as FormDefinition;
}

export interface NominationRequest {
  positionId: string;
  name: string;
  phone: string;
}

export function nominationRequest(data: Record<string, unknown>): NominationRequest {
  return {
    positionId: String(data[NOMINATION_KEYS.position] ?? ""),
    name: String(data[NOMINATION_KEYS.nomineeName] ?? "").trim(),
    phone: normalizeLogin(String(data[NOMINATION_KEYS.nomineePhone] ?? "")),
  };
}

export type NominationDecision = { add: Candidate; positionId: string } | { refused: string; positionId: string };

/**
 * Pure: whether an approved nomination may join the candidates, given the election as it is
 * now and the member the name and phone resolve to (if any).
 */
export function decideNomination(election: Pick<Election, "status" | "config" | "scrutineers">, request: NominationRequest, member: Pick<Member, "accountId" | "name"> | undefined, nominationId: string): NominationDecision {
  const { positionId } = request;
  const refuse = (refused: string): NominationDecision => ({ refused, positionId });
  if (election.status !== "draft") return refuse(`选举已进入“${STATUSES[election.status]}”阶段，候选人名单已确定，本提名未列入候选人`);
  const position = election.config.positions.find((p) => p.id === positionId);
  if (!position) return refuse("所提名的职务不存在");
  if (!member || member.name !== request.name) return refuse(`被提名人“${request.name}”不是本组织会员，或姓名与手机号不一致`);
  if (position.candidates.some((c) => c.accountId === member.accountId || c.name === member.name)) return refuse(`${member.name}已是“${position.title}”的候选人`);
  if (election.scrutineers.some((s) => s.accountId === member.accountId)) return refuse(`${member.name}是本次选举的监票人，不能同时作为候选人`);
  if (position.kind === "slate" && position.candidates.length >= position.seats) return refuse(`“${position.title}”为等额选举，候选人数已达应选名额${position.seats}名`);
  if (position.candidates.length >= 300) return refuse(`“${position.title}”的候选人已达上限`);
  const taken = new Set(position.candidates.map((c) => c.id));
  let n = position.candidates.length + 1;
  while (taken.has(`${position.id}c${n}`)) n += 1;
  return { positionId, add: { id: `${position.id}c${n}`, name: member.name, accountId: member.accountId, nominationId } };
}

export function withCandidate(config: ElectionConfig, positionId: string, candidate: Candidate): ElectionConfig {
  return { ...config, positions: config.positions.map((p) => (p.id === positionId ? { ...p, candidates: [...p.candidates, candidate] } : p)) };
}
