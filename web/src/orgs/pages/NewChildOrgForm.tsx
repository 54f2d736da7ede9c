import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { api, type Org } from "../../api";
import { SelectField, TextField } from "../../components/Fields";
import { ErrorMessage, Success } from "../../components/Status";
import { ORG_KIND_CODES, ORG_KINDS } from "../../lib/labels";
import { applyServerErrors } from "../../lib/serverErrors";

const NewChildSchema = z.object({
  name: z.string().trim().min(2, "名称至少2个字").max(60, "名称最多60个字"),
  kind: z.enum(ORG_KIND_CODES, { error: "请选择组织类型" }),
});
type NewChildInput = z.input<typeof NewChildSchema>;
type NewChildValues = z.output<typeof NewChildSchema>;

const KIND_OPTIONS = ORG_KIND_CODES.map((code) => ({ value: code, label: ORG_KINDS[code] }));

/** 新建下级组织 (admins): name and kind; the new org joins the children list. */
export function NewChildOrgForm({ parentId, onCreated, onClose }: { parentId: string; onCreated: (org: Org) => void; onClose?: () => void }) {
  const [problem, setProblem] = useState<string>();
  const [created, setCreated] = useState<string>();
  // One key per intended creation: a double tap or a retry after a timeout creates one org.
  const key = useRef(crypto.randomUUID());
  const { register, handleSubmit, reset, setError, formState } = useForm<NewChildInput, unknown, NewChildValues>({
    resolver: zodResolver(NewChildSchema),
    defaultValues: { name: "", kind: "" as NewChildInput["kind"] },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setProblem(undefined);
    setCreated(undefined);
    try {
      const org = await api.createOrg({ ...values, parentId }, key.current);
      key.current = crypto.randomUUID();
      onCreated(org);
      setCreated(org.name);
      reset();
    } catch (error) {
      setProblem(applyServerErrors(error, setError, ["name", "kind"]));
    }
  });

  return (
    <section aria-labelledby="new-child" className="panel">
      <h2 id="new-child">新建下级组织</h2>
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorMessage error={problem} />
        <TextField label="名称" registration={register("name")} error={errors.name} autoComplete="off" />
        <SelectField label="类型" registration={register("kind")} error={errors.kind} options={KIND_OPTIONS} placeholder="请选择" />
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {isSubmitting ? "正在创建…" : "创建"}
        </button>
        {onClose && (
          <button type="button" className="button" onClick={onClose} disabled={isSubmitting}>
            收起
          </button>
        )}
        {created && <Success>已创建“{created}”。</Success>}
      </form>
    </section>
  );
}
