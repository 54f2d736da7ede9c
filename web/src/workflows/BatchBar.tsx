import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { api } from "../api";
import { ErrorMessage } from "../components/Status";
import { keys } from "../lib/queryKeys";
import type { BatchOutcome, InboxTask } from "./types";

const ReturnSchema = z.object({ comment: z.string().trim().min(1, "请填写退回理由").max(2000, "最多2000字") });
type ReturnInput = z.infer<typeof ReturnSchema>;

/**
 * 批量审批: the tasks ticked in 待办, approved together (or returned to their submitters with one
 * comment). Each approval changes on its own; the answer lists the ones that could not be.
 */
export function BatchBar({ selected, onDone }: { selected: InboxTask[]; onDone: () => void }) {
  const client = useQueryClient();
  const [returning, setReturning] = useState(false);
  const [report, setReport] = useState<{ done: number; action: string; failed: Array<BatchOutcome & { title: string }> }>();
  const form = useForm<ReturnInput>({ resolver: zodResolver(ReturnSchema), defaultValues: { comment: "" } });
  const send = useMutation({
    mutationFn: (body: { type: "approve" | "return"; comment?: string }) => api.batch({ ...body, items: selected.map((task) => ({ instanceId: task.instanceId })) }),
    onSuccess: (answer, body) => {
      const titles = new Map(selected.map((task) => [task.instanceId, task.title]));
      const failed = answer.items.filter((item) => !item.ok).map((item) => ({ ...item, title: titles.get(item.instanceId) ?? "" }));
      setReport({ done: answer.items.length - failed.length, action: body.type === "approve" ? "已同意" : "已退回", failed });
      setReturning(false);
      form.reset();
      onDone();
      void client.invalidateQueries({ queryKey: keys.inbox.all });
      void client.invalidateQueries({ queryKey: ["instances"] });
    },
  });

  return (
    <section className="batch-bar" aria-label="批量审批">
      {report && (
        <div className={report.failed.length > 0 ? "alert" : "success"} role="status">
          <p>
            {report.done}项{report.action}
            {report.failed.length > 0 && `，${report.failed.length}项未能处理：`}
          </p>
          {report.failed.length > 0 && (
            <ul>
              {report.failed.map((item) => (
                <li key={item.instanceId}>
                  {item.title}：{"message" in item ? item.message : ""}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {selected.length > 0 && (
        <div className="batch-bar__actions">
          <span>已选{selected.length}项</span>
          <button type="button" className="button button--primary" disabled={send.isPending} onClick={() => send.mutate({ type: "approve" })}>
            {send.isPending ? "正在处理…" : "批量同意"}
          </button>
          <button type="button" className="button" disabled={send.isPending} onClick={() => setReturning((open) => !open)} aria-expanded={returning}>
            批量退回
          </button>
        </div>
      )}
      {selected.length > 0 && returning && (
        <form className="form batch-bar__return" noValidate onSubmit={form.handleSubmit((values) => send.mutate({ type: "return", comment: values.comment }))}>
          <label htmlFor="batch-comment">退回理由（退回给各申报人）</label>
          <textarea id="batch-comment" rows={3} {...form.register("comment")} aria-invalid={form.formState.errors.comment ? true : undefined} />
          {form.formState.errors.comment && <p className="field-error">{form.formState.errors.comment.message}</p>}
          <button type="submit" className="button button--primary" disabled={send.isPending}>
            确认退回{selected.length}项
          </button>
        </form>
      )}
      <ErrorMessage error={send.error} />
    </section>
  );
}
