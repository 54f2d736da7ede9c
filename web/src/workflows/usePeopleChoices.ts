import { useEffect, useState } from "react";
import { api, type Me } from "../api";
import { canSeeMembers } from "../lib/labels";
import type { InstanceView } from "./types";

export interface PersonChoice {
  accountId: string;
  name: string;
  /** e.g. 13800000002, when the roll shows it. */
  phone?: string;
}

export interface PeopleGroup {
  label: string;
  people: PersonChoice[];
}

export interface PeopleChoices {
  loading: boolean;
  groups: PeopleGroup[];
  /** Some rolls could not be read (no admin or reviewer role there). */
  partial: boolean;
}

/**
 * Whom a transfer, 加签 or 抄送 may name: the people already in this approval, the members of
 * the proposing unit, and the members of the orgs where the viewer is an admin or reviewer.
 * Member rolls the viewer may not read are left out (`partial`); there is no lookup by phone.
 */
export function usePeopleChoices(view: InstanceView, me: Me, exclude: ReadonlySet<string>, enabled: boolean): PeopleChoices {
  const { instance, names } = view;
  const [state, setState] = useState<PeopleChoices>({ loading: enabled, groups: [], partial: false });

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const rolls = new Map<string, string>([[instance.unitId, instance.unitName]]);
    for (const membership of me.memberships) if (canSeeMembers(membership.roles)) rolls.set(membership.orgId, membership.orgName);
    Promise.allSettled([...rolls].map(([orgId]) => api.memberChoices(orgId, controller.signal))).then((results) => {
      if (controller.signal.aborted) return;
      const seen = new Set<string>(exclude);
      const pick = (people: PersonChoice[]) => people.filter((p) => !seen.has(p.accountId) && seen.add(p.accountId));
      const groups: PeopleGroup[] = [];
      const inApproval = pick(Object.entries(names).map(([accountId, name]) => ({ accountId, name })));
      if (inApproval.length > 0) groups.push({ label: "本事项相关人员", people: inApproval });
      [...rolls.values()].forEach((orgName, index) => {
        const result = results[index]!;
        if (result.status !== "fulfilled") return;
        const people = pick(result.value.items.map((m) => ({ accountId: m.accountId, name: m.name, phone: m.phone })));
        if (people.length > 0) groups.push({ label: orgName, people });
      });
      setState({ loading: false, groups, partial: results.some((r) => r.status === "rejected") });
    });
    return () => controller.abort();
    // The choices depend on who is looking and at which approval, not on each re-render's set.
  }, [enabled, instance.instanceId, me.account.accountId]);

  return state;
}
