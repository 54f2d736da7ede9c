import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useMemo, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { yuanToFen } from "@tongxin/core/forms/money";
import { newIdempotencyKey } from "../api";
import { TextField } from "../components/Fields";
import { ErrorMessage } from "../components/Status";
import { applyServerErrors } from "../lib/serverErrors";
import { activitiesApi, type Activity, type PhotoRef } from "./api";
import { yuan } from "./bits";
import { SummaryPhotos } from "./SummaryPhotos";

/** `spentFen` holds what is typed, in 元; it is sent as 分 (the field is named as the API names it, so its errors land here). */
const schemaFor = (checkedIn: number) =>
  z.object({
    attendance: z
      .string()
      .trim()
      .regex(/^\d{1,7}$/, "请填写实际参加人次（整数）")
      .refine((value) => Number(value) >= checkedIn, `不能少于已签到的 ${checkedIn} 人`),
    spentFen: z
      .string()
      .trim()
      .min(1, "请填写实际支出，没有支出填 0")
      .refine((value) => (yuanToFen(value) ?? -1) >= 0, "请填写金额，如 680 或 680.50"),
    notes: z.string().trim().min(1, "请填写活动总结").max(5000, "总结最多5000字"),
  });
type Values = z.infer<ReturnType<typeof schemaFor>>;

/** 活动总结 (organizer and the unit's admins, once the activity has started): attendance, money spent, notes, photos. */
export function SummaryForm({ activity, onFiled }: { activity: Activity; onFiled: (filed: Activity) => void }) {
  const notesId = useId();
  const [problem, setProblem] = useState<string>();
  const [photos, setPhotos] = useState<PhotoRef[]>([]);
  const [uploading, setUploading] = useState(false);
  const key = useRef(newIdempotencyKey());
  const schema = useMemo(() => schemaFor(activity.checkedIn), [activity.checkedIn]);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { attendance: String(activity.checkedIn), spentFen: "", notes: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setProblem(undefined);
    try {
      const body = { attendance: Number(values.attendance), spentFen: yuanToFen(values.spentFen)!, notes: values.notes, photos };
      onFiled(await activitiesApi.fileSummary(activity.activityId, body, key.current));
    } catch (error) {
      setProblem(applyServerErrors(error, setError, ["attendance", "spentFen", "notes"]));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="form summary-form" aria-labelledby="summary">
      <ErrorMessage error={problem} />
      <TextField
        label="实际参加人次"
        hint={`已签到 ${activity.checkedIn} 人，默认按签到人数；现场未签到的可加上。`}
        registration={register("attendance")}
        error={errors.attendance}
        inputMode="numeric"
        autoComplete="off"
      />
      <TextField
        label="实际支出（元）"
        hint={activity.budgetFen > 0 ? `经费预算 ${yuan(activity.budgetFen)}` : "本活动未申请经费，没有支出填 0。"}
        registration={register("spentFen")}
        error={errors.spentFen}
        inputMode="decimal"
        placeholder="0.00"
        autoComplete="off"
      />
      <div className={errors.notes ? "field field--invalid" : "field"}>
        <label htmlFor={notesId}>总结内容</label>
        <textarea
          id={notesId}
          rows={5}
          placeholder="活动开展情况、成效、亮点与不足"
          aria-invalid={errors.notes ? true : undefined}
          aria-describedby={errors.notes ? `${notesId}-error` : undefined}
          {...register("notes")}
        />
        {errors.notes?.message && (
          <p className="field__error" id={`${notesId}-error`} role="alert">
            {errors.notes.message}
          </p>
        )}
      </div>
      <SummaryPhotos formId={activity.formId} photos={photos} onChange={setPhotos} onBusy={setUploading} disabled={isSubmitting} />
      <button type="submit" className="button button--primary" disabled={isSubmitting || uploading}>
        {isSubmitting ? "正在提交…" : "提交活动总结"}
      </button>
    </form>
  );
}
