import { useEffect, useMemo, useState } from "react";
import type { FormDefinition } from "@tongxin/core/forms";
import { api, type Me } from "../../api";
import type { MemberOption } from "../context";

const hasMemberField = (definition: FormDefinition) =>
  definition.fields.some((field) => field.type === "member" || (field.type === "group" && field.fields.some((sub) => sub.type === "member")));

/**
 * People a member field offers: the person filling in, plus the form org's roll when they may
 * read it (admins and reviewers). Loaded only for forms that have a member field.
 */
export function useMemberOptions(definition: FormDefinition, orgId: string, me: Me): readonly MemberOption[] {
  const [roll, setRoll] = useState<MemberOption[]>([]);
  const wanted = hasMemberField(definition);
  useEffect(() => {
    if (!wanted) return;
    const controller = new AbortController();
    api.members(orgId, undefined, controller.signal).then(
      (page) => setRoll(page.items.map((member) => ({ accountId: member.accountId, name: member.name }))),
      () => setRoll([]), // not allowed to read the roll: only oneself
    );
    return () => controller.abort();
  }, [orgId, wanted]);
  return useMemo(() => {
    const self = { accountId: me.account.accountId, name: `${me.account.name}（本人）` };
    return [self, ...roll.filter((member) => member.accountId !== self.accountId)];
  }, [me, roll]);
}
