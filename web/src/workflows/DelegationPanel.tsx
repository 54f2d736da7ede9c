import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { beijingDay, DelegationInputSchema, type DelegationInput } from "@tongxin/core/delegations/delegation";
import { api } from "../api";
import { useMe } from "../components/AppShell";
import { ErrorMessage } from "../components/Status";
import { canSeeMembers } from "../lib/labels";
import { keys } from "../lib/queryKeys";
import { applyServerErrors } from "../lib/serverErrors";
import type { HandoverOutcome } from "./types";

/** The people one may name as delegate: members of the orgs where one is an admin or reviewer. */
function useDelegateChoices(enabled: boolean) {
  const me = useMe();
  const orgs = me.memberships.filter((m) => canSeeMembers(m.roles));
  return useQuery({
    queryKey: ["delegation", "choices", me.account.accountId],
    enabled,
    queryFn: async ({ signal }) => {
      const lists = await Promise.all(orgs.map((org) => api.memberChoices(org.orgId, signal)));
      const seen = new Set<string>([me.account.accountId]);
      return lists.flatMap((list) => list.items).filter((m) => !seen.has(m.accountId) && seen.add(m.accountId));
    },
  });
}

/**
 * 代理审批 in 待办: while I am away (请假/出差) my delegate takes the tasks that arrive; the ones
 * already waiting move when I hand them over.
 */
export function DelegationPanel() {
  const client = useQueryClient();
  const current = useQuery({ queryKey: keys.inbox.delegation, queryFn: ({ signal }) => api.delegation(signal) });
  const [open, setOpen] = useState(false);
  const [handed, setHanded] = useState<HandoverOutcome[]>();
  const [problem, setProblem] = useState<string>();
  const choices = useDelegateChoices(open);
  const today = beijingDay(new Date());
  const form = useForm<DelegationInput>({ resolver: zodResolver(DelegationInputSchema), defaultValues: { delegateId: "", from: today, to: today } });
  const refresh = () => void client.invalidateQueries({ queryKey: keys.inbox.all });
  const save = useMutation({
    mutationFn: (input: DelegationInput) => api.setDelegation(input),
    onSuccess: () => {
      setOpen(false);
      refresh();
    },
    onError: (error) => setProblem(applyServerErrors(error, form.setError, ["delegateId", "from", "to", "note"])),
  });
  const clear = useMutation({ mutationFn: () => api.clearDelegation(), onSuccess: refresh });
  const handOver = useMutation({
    mutationFn: () => api.handOver(),
    onSuccess: (answer) => {
      setHanded(answer.items);
      refresh();
    },
  });

  const delegation = current.data?.delegation;
  return (
    <section className="delegation" aria-label="代理审批">
      {delegation ? (
        <>
          <p>
            代理审批：{delegation.from} 至 {delegation.to} 期间新到的待办由 <strong>{delegation.delegateName}</strong> 代为审批
          </p>
          <div className="delegation__actions">
            <button type="button" className="button" disabled={handOver.isPending} onClick={() => handOver.mutate()}>
              移交现有待办
            </button>
            <button type="button" className="button" disabled={clear.isPending} onClick={() => clear.mutate()}>
              取消代理
            </button>
          </div>
          {handed && (
            <p role="status" className="muted">
              已移交{handed.filter((item) => item.outcome === "handed_over").length}项
              {handed
                .filter((item) => item.outcome === "kept")
                .map((item) => `；“${item.title}”未移交：${item.reason ?? ""}`)
                .join("")}
            </p>
          )}
        </>
      ) : (
        <details open={open} onToggle={(event) => setOpen((event.target as HTMLDetailsElement).open)}>
          <summary>设置代理人（请假、出差时）</summary>
          <form className="form" noValidate onSubmit={form.handleSubmit((values) => save.mutate(values))}>
            <label htmlFor="delegate">代理人</label>
            <select id="delegate" {...form.register("delegateId")} aria-invalid={form.formState.errors.delegateId ? true : undefined}>
              <option value="">{choices.isPending ? "加载中…" : "请选择"}</option>
              {(choices.data ?? []).map((person) => (
                <option key={person.accountId} value={person.accountId}>
                  {person.name}
                </option>
              ))}
            </select>
            {form.formState.errors.delegateId && <p className="field-error">{form.formState.errors.delegateId.message}</p>}
            <label htmlFor="delegate-from">开始日期</label>
            <input id="delegate-from" type="date" {...form.register("from")} />
            {form.formState.errors.from && <p className="field-error">{form.formState.errors.from.message}</p>}
            <label htmlFor="delegate-to">结束日期</label>
            <input id="delegate-to" type="date" {...form.register("to")} />
            {form.formState.errors.to && <p className="field-error">{form.formState.errors.to.message}</p>}
            <ErrorMessage error={problem} />
            <button type="submit" className="button button--primary" disabled={save.isPending}>
              保存代理设置
            </button>
          </form>
        </details>
      )}
      <ErrorMessage error={current.error ?? clear.error ?? handOver.error} />
    </section>
  );
}
