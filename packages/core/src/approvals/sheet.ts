import type { FileRef } from "../forms/attachments";
import type { CalculatedField, Field, FormDefinition, LeafField } from "../forms/definition";
import { fenToYuan } from "../forms/money";
import { formatBeijingDateTime } from "../office/beijing-time";
import type { InstanceView } from "./view";

/**
 * 审批单 as data: what the printable page (web/src/workflows/pages/SheetPage.tsx) shows, as text —
 * the head facts, the answers label by label, each decision with approver (张三（代李四）), time
 * and comment, and the audit head hash with the chain check. Pure; `sheet-pdf.ts` draws it.
 */
export const INSTANCE_STATUS_LABELS = { in_review: "审核中", returned: "已退回", approved: "已通过", rejected: "未通过", withdrawn: "已撤回" } as const;

export const ACTION_LABELS: Record<string, string> = {
  start: "提交",
  approve: "同意",
  reject: "驳回",
  return: "退回",
  resubmit: "重新提交",
  transfer: "转交",
  add_signer: "加签",
  withdraw: "撤回",
  comment: "评论",
  cc: "抄送",
};

const DECISIONS = new Set(["start", "resubmit", "approve", "reject", "return", "transfer", "add_signer", "withdraw"]);

export interface SheetLine {
  seq: number;
  step: string;
  approver: string;
  decision: string;
  comment?: string;
  at: string;
}

/** One answer row: a section heading (no value), a field, or a repeating group's row. */
export type SheetAnswer = { kind: "section"; label: string } | { kind: "answer"; label: string; value: string };

export interface Sheet {
  title: string;
  subject: string;
  facts: Array<[string, string]>;
  answers: SheetAnswer[] | null;
  lines: SheetLine[];
  audit: { length: number; valid: boolean; brokenAt?: number; head: string };
  instanceId: string;
}

type Names = Record<string, string>;

/** 张三, or 张三（代李四） for a delegate's action. */
export function actorName(actorId: string, onBehalfOf: string | undefined, names: Names): string {
  const name = names[actorId] ?? "未知人员";
  return onBehalfOf ? `${name}（代${names[onBehalfOf] ?? "未知人员"}）` : name;
}

const isBlank = (value: unknown) => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

function optionLabel(field: Field, value: unknown): string {
  const options = "options" in field ? field.options : [];
  return options.find((option) => option.value === value)?.label ?? String(value);
}

/** One answer as a person reads it (as the page's AnswerList): ¥ for money, option labels, 是/否, names, file names. */
export function answerText(field: LeafField | CalculatedField, value: unknown, names: Names): string {
  if (isBlank(value)) return "未填写";
  switch (field.type) {
    case "calculated":
      return field.format === "money" ? `¥${fenToYuan(Number(value))}` : String(value);
    case "money":
      return `¥${fenToYuan(Number(value))}`;
    case "select":
    case "radio":
      return optionLabel(field, value);
    case "multiselect":
      return (value as unknown[]).map((v) => optionLabel(field, v)).join("、");
    case "checkbox":
      return value ? "是" : "否";
    case "datetime":
      return String(value).replace("T", " ");
    case "member":
      return (Array.isArray(value) ? value : [value]).map((id) => names[String(id)] ?? String(id)).join("、");
    case "file":
    case "image":
      return (value as FileRef[]).map((file) => file.name).join("、");
    default:
      return String(value);
  }
}

/** The answers in the definition's order; a field hidden by its condition (blank) is left out, as on the page. */
export function sheetAnswers(definition: FormDefinition, data: Record<string, unknown>, names: Names): SheetAnswer[] {
  const out: SheetAnswer[] = [];
  for (const field of definition.fields) {
    if (field.type === "section") {
      out.push({ kind: "section", label: field.label });
      continue;
    }
    const value = data[field.key];
    if (isBlank(value) && field.visibleIf) continue;
    if (field.type !== "group") {
      out.push({ kind: "answer", label: field.label, value: answerText(field, value, names) });
      continue;
    }
    const rows = Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
    if (rows.length === 0) out.push({ kind: "answer", label: field.label, value: "未填写" });
    rows.forEach((row, index) => {
      const cells = field.fields.filter((sub) => !isBlank(row[sub.key])).map((sub) => `${sub.label}：${answerText(sub, row[sub.key], names)}`);
      out.push({ kind: "answer", label: `${field.label}（第${index + 1}行）`, value: cells.join("；") || "未填写" });
    });
  }
  return out;
}

/** The decisions of an approval in order, from its audit trail: who, on which step, when, with what comment. */
export function sheetLines(view: Pick<InstanceView, "timeline" | "names" | "instance">): SheetLine[] {
  return view.timeline.flatMap(({ seq, at, event }) => {
    const e = event as { action?: string; actorId?: string; onBehalfOf?: string; stepIndex?: number; comment?: string; events?: Array<{ type: string; stepName?: string; comment?: string }> };
    if (!e.action || !DECISIONS.has(e.action) || !e.actorId) return [];
    const own = e.events?.find((x) => x.type === e.action) ?? e.events?.[0];
    const step = e.action === "start" || e.action === "resubmit" || e.action === "withdraw" ? "提交" : (own?.stepName ?? view.instance.steps[e.stepIndex ?? -1]?.name ?? "");
    const comment = own?.comment ?? e.comment;
    return [{ seq, step, approver: actorName(e.actorId, e.onBehalfOf, view.names), decision: ACTION_LABELS[e.action] ?? e.action, at: formatBeijingDateTime(at), ...(comment ? { comment } : {}) }];
  });
}

/** The whole sheet from the reader's view of the approval and the pinned version's definition. */
export function approvalSheet(view: InstanceView, definition: FormDefinition | undefined): Sheet {
  const { instance, submission } = view;
  const facts: Array<[string, string]> = [
    ["申报人", instance.submitterName],
    ["申报单位", instance.unitName],
    ["提交时间", formatBeijingDateTime(submission?.submittedAt ?? instance.createdAt)],
    ["审批状态", INSTANCE_STATUS_LABELS[instance.state.status]],
  ];
  if (instance.route) {
    const skipped = instance.route.skipped.length > 0 ? `（按申报内容无需：${instance.route.skipped.join("、")}）` : "";
    facts.push(["审批路线", `${instance.steps.map((step) => step.name).join(" → ")}${skipped}`]);
  }
  const audit = view.audit;
  return {
    title: `${instance.workflowName}审批单`,
    subject: instance.subject.title,
    facts,
    answers: submission && definition ? sheetAnswers(definition, submission.data, view.names) : null,
    lines: sheetLines(view),
    audit: { length: audit.length, valid: audit.valid, ...(audit.valid ? {} : { brokenAt: audit.brokenAt }), head: instance.auditHead },
    instanceId: instance.instanceId,
  };
}
