import { useEffect, useRef, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { api } from "../api";
import type { FormValues } from "@tongxin/core/forms";
import type { RoutePreview as Route } from "./types";

const MODE_NOTE = { any: "任一人审批", all: "全部审批", sequential: "依次审批" } as const;

/**
 * 将依次由…审批: the approval route the answers typed so far would take (conditions on the
 * answers decide it), asked of the server a moment after the typing stops. Plain fetch, no query
 * library: the fill page is opened from links on phones and stays small.
 */
export function RoutePreview({
  formId,
  form,
  unitId,
  resubmitting,
}: {
  formId: string;
  form: UseFormReturn<FormValues, unknown, FormValues>;
  unitId?: string;
  /** 修改后重新提交: the returned submission; the route is asked of its approval (steps approved before are marked). */
  resubmitting?: string;
}) {
  const [route, setRoute] = useState<Route>();
  const [failed, setFailed] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    let controller: AbortController | undefined;
    const ask = (values: FormValues) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        controller?.abort();
        controller = new AbortController();
        (resubmitting
          ? api.resubmitRoutePreview(resubmitting, { data: values }, controller.signal)
          : api.routePreview(formId, { data: values, unitId: unitId || undefined }, controller.signal)
        )
          .then((answer) => {
            setRoute(answer);
            setFailed(false);
          })
          .catch((error: unknown) => {
            if (!(error instanceof DOMException && error.name === "AbortError")) setFailed(true);
          });
      }, 400);
    };
    ask(form.getValues());
    const subscription = form.watch((values) => ask(values as FormValues));
    return () => {
      subscription.unsubscribe();
      clearTimeout(timer.current);
      controller?.abort();
    };
  }, [formId, form, unitId, resubmitting]);

  if (failed) return <p className="route-preview muted">暂时无法显示审批流程，提交后可在“我的申报”查看</p>;
  if (!route?.workflowName) return null;
  const taken = route.steps.filter((step) => !step.passedOver && !step.done);
  const done = route.steps.filter((step) => step.done && !step.passedOver);
  return (
    <section className="route-preview" aria-label="审批流程" aria-live="polite">
      {taken.length === 0 ? (
        <p>{resubmitting ? "按修改后的内容，重新提交后即审批完成" : "按所填内容，提交后无需审批"}</p>
      ) : (
        <>
          <p className="route-preview__lead">
            {resubmitting ? "重新提交后将依次由以下步骤审批" : "提交后将依次由以下步骤审批"}
            {route.branch ? `（${route.branch}）` : ""}：
          </p>
          <ol className="route-preview__steps">
            {taken.map((step) => (
              <li key={step.name}>
                <span className="route-preview__step">{step.name}</span>
                <span className="muted">
                  {step.approvers.map((person) => person.name).join("、")}
                  {step.approvers.length > 1 ? `（${MODE_NOTE[step.mode]}）` : ""}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      {done.length > 0 && <p className="muted route-preview__done">已通过、不再重复审批：{done.map((step) => step.name).join("、")}</p>}
      {route.skipped.length > 0 && <p className="muted route-preview__skipped">按所填内容无需：{route.skipped.join("、")}</p>}
    </section>
  );
}
