import { useState } from "react";
import { Link } from "react-router-dom";
import type { Me } from "../api";
import { ActionDialog } from "./ActionDialog";
import { ACTION_SPECS, PRIMARY_ACTIONS, SECONDARY_ACTIONS, type DialogAction } from "./actionSpecs";
import type { InstanceView } from "./types";

interface ActionBarProps {
  view: InstanceView;
  me: Me;
  onDone: (view: InstanceView, message: string) => void;
  onStale: (message: string) => void;
}

/**
 * What the viewer may do now (the API's `actions`): 其他操作 (转交, 加签, 抄送, 评论) in the page,
 * and the decisions (同意, 退回, 驳回; 撤回 or 修改后重新提交 for the submitter) in a bar kept at the
 * bottom of the screen. Each opens a dialog.
 */
export function ActionBar({ view, me, onDone, onStale }: ActionBarProps) {
  const [open, setOpen] = useState<DialogAction>();
  const { instance, actions } = view;
  const primary = PRIMARY_ACTIONS.filter((a) => actions.includes(a));
  const secondary = SECONDARY_ACTIONS.filter((a) => actions.includes(a));
  const resubmit = actions.includes("resubmit");

  const button = (action: DialogAction, primaryStyle = false) => {
    const spec = ACTION_SPECS[action];
    const style = primaryStyle && action === "approve" ? "button button--primary" : spec.danger ? "button button--danger" : "button";
    return (
      <button key={action} type="button" className={primaryStyle ? style : `${style} button--small`} aria-haspopup="dialog" onClick={() => setOpen(action)}>
        {spec.button}
      </button>
    );
  };

  return (
    <>
      {secondary.length > 0 && (
        <section aria-labelledby="more-actions" className="more-actions">
          <h2 id="more-actions">其他操作</h2>
          <div className="actions">{secondary.map((action) => button(action))}</div>
        </section>
      )}
      {(primary.length > 0 || resubmit) && (
        <div className="decision-bar" role="group" aria-label="审批操作">
          {resubmit && (
            <Link className="button button--primary" to={`/submissions/${instance.subject.submissionId}/edit`}>
              修改后重新提交
            </Link>
          )}
          {primary.map((action) => button(action, true))}
        </div>
      )}
      {open && (
        <ActionDialog
          action={open}
          view={view}
          me={me}
          onClose={() => setOpen(undefined)}
          onDone={(next, message) => {
            setOpen(undefined);
            onDone(next, message);
          }}
          onStale={(message) => {
            setOpen(undefined);
            onStale(message);
          }}
        />
      )}
    </>
  );
}
