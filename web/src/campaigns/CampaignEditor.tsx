import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useRef, useState } from "react";
import { useFieldArray, useForm, useWatch, type FieldPath, type UseFormRegisterReturn } from "react-hook-form";
import { ApiError, newIdempotencyKey } from "../api";
import { TextField } from "../components/Fields";
import { ErrorMessage } from "../components/Status";
import { campaignsApi, type Campaign } from "./api";
import { EditorSchema, initialValues, rubricTotal, toBody, type EditorValues } from "./editorModel";

type Path = FieldPath<EditorValues>;

/** Where a server error lands: the deepest path the form has (`rubric.2.max`, else `rubric`). */
function placeServerErrors(error: unknown, setError: (name: Path, message: string, focus: boolean) => void): string | undefined {
  if (!(error instanceof ApiError)) return "创建失败，请重试";
  if (error.status === 401) return undefined;
  let placed = 0;
  let unplaced = false;
  const known = /^(title|year|description|submissionsOpenAt|submissionsCloseAt|winners|judgesPerEntry|noticeDays|blind|rubric(\.\d+(\.(key|label|description|max))?)?|tiers(\.\d+(\.(name|count))?)?|orgAward(\.(name|count))?)$/;
  for (const [path, messages] of Object.entries(error.errors)) {
    if (!messages[0]) continue;
    if (known.test(path)) {
      setError(path as Path, messages[0], placed === 0);
      placed += 1;
    } else unplaced = true;
  }
  return placed === 0 || unplaced ? error.title : undefined;
}

/** 新建评选: title, year, window, rubric with its total, award tiers, blind review, judges per entry, notice days. */
export function CampaignEditor({ orgId, onCreated }: { orgId: string; onCreated: (campaign: Campaign) => void }) {
  const [problem, setProblem] = useState<string>();
  const key = useRef(newIdempotencyKey());
  const { register, control, handleSubmit, setError, reset, formState } = useForm<EditorValues>({
    resolver: zodResolver(EditorSchema),
    defaultValues: initialValues(),
  });
  const { errors, isSubmitting } = formState;
  const rubric = useFieldArray({ control, name: "rubric" });
  const tiers = useFieldArray({ control, name: "tiers" });
  const rows = useWatch({ control, name: "rubric" });
  const orgAwardOn = useWatch({ control, name: "orgAwardOn" });
  const total = rubricTotal(rows ?? []);

  const onSubmit = handleSubmit(
    async (values) => {
      setProblem(undefined);
      try {
        const created = await campaignsApi.create(orgId, toBody(values), key.current);
        key.current = newIdempotencyKey();
        reset(initialValues());
        onCreated(created);
      } catch (error) {
        setProblem(placeServerErrors(error, (name, message, focus) => setError(name, { type: "server", message }, { shouldFocus: focus })));
      }
    },
    () => setProblem("还有未填或填写有误的项目，请按提示修改"),
  );

  return (
    <form className="form campaign-editor" onSubmit={onSubmit} noValidate>
      <TextField label="评选名称" registration={register("title")} error={errors.title} maxLength={100} />
      <TextField label="年度" registration={register("year")} error={errors.year} inputMode="numeric" autoComplete="off" />
      <TextArea label="评选说明" optional registration={register("description")} error={errors.description?.message} rows={3} />

      <h3 className="editor-subhead">征集时间</h3>
      <div className="editor-pair">
        <TextField label="开始征集" type="datetime-local" step={1} registration={register("submissionsOpenAt")} error={errors.submissionsOpenAt} />
        <TextField label="截止提交" type="datetime-local" step={1} registration={register("submissionsCloseAt")} error={errors.submissionsCloseAt} />
      </div>
      <p className="field__hint">截止后不能再提交或保存草稿；被退回的案例可在评审开始前修改后重新提交。</p>

      <h3 className="editor-subhead">评分标准</h3>
      <ol className="rubric-rows">
        {rubric.fields.map((field, index) => {
          const rowErrors = errors.rubric?.[index];
          return (
            <li key={field.id} className="rubric-row">
              <div className="rubric-row__head">
                <strong>第{index + 1}项</strong>
                <button type="button" className="button button--small button--danger" onClick={() => rubric.remove(index)} disabled={rubric.fields.length <= 1}>
                  删除
                </button>
              </div>
              <div className="rubric-row__grid">
                <TextField label="名称" registration={register(`rubric.${index}.label`)} error={rowErrors?.label} maxLength={30} />
                <TextField label="满分" registration={register(`rubric.${index}.max`)} error={rowErrors?.max} inputMode="numeric" autoComplete="off" />
                <TextField
                  label="代码"
                  hint="成绩表的列名，如 innovation"
                  registration={register(`rubric.${index}.key`)}
                  error={rowErrors?.key}
                  autoCapitalize="off"
                  spellCheck={false}
                  autoComplete="off"
                />
              </div>
              <TextArea label="评分说明" optional registration={register(`rubric.${index}.description`)} error={rowErrors?.description?.message} rows={2} />
            </li>
          );
        })}
      </ol>
      {errors.rubric?.message && <p className="field__error">{errors.rubric.message}</p>}
      <div className="rubric-total">
        <span>
          合计 <strong data-testid="rubric-total">{total}</strong> 分
        </span>
        <button
          type="button"
          className="button button--small"
          onClick={() => rubric.append({ key: `c${rubric.fields.length + 1}`, label: "", description: "", max: "10" })}
          disabled={rubric.fields.length >= 10}
        >
          ＋ 评分项
        </button>
      </div>

      <h3 className="editor-subhead">奖项与名额</h3>
      <TextField label="十佳名额" registration={register("winners")} error={errors.winners} inputMode="numeric" autoComplete="off" />
      {tiers.fields.map((field, index) => (
        <div key={field.id} className="editor-pair editor-pair--tool">
          <TextField label={`其他奖项 ${index + 1}`} registration={register(`tiers.${index}.name`)} error={errors.tiers?.[index]?.name} maxLength={30} />
          <TextField label="名额" registration={register(`tiers.${index}.count`)} error={errors.tiers?.[index]?.count} inputMode="numeric" autoComplete="off" />
          <button type="button" className="button button--small button--danger" onClick={() => tiers.remove(index)} aria-label={`删除其他奖项 ${index + 1}`}>
            删除
          </button>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="button button--small" onClick={() => tiers.append({ name: "", count: "5" })} disabled={tiers.fields.length >= 5}>
          ＋ 其他奖项
        </button>
      </div>
      <p className="field__hint">名次在十佳之后的案例依次进入其他奖项。</p>
      <label className="check check--single">
        <input type="checkbox" {...register("orgAwardOn")} />
        设立单位奖（按各单位参与和得分推荐）
      </label>
      {orgAwardOn && (
        <div className="editor-pair">
          <TextField label="单位奖名称" registration={register("orgAward.name")} error={errors.orgAward?.name} maxLength={30} />
          <TextField label="单位奖名额" registration={register("orgAward.count")} error={errors.orgAward?.count} inputMode="numeric" autoComplete="off" />
        </div>
      )}

      <h3 className="editor-subhead">评审方式</h3>
      <label className="check check--single">
        <input type="checkbox" {...register("blind")} />
        匿名评审（评委看不到申报单位）
      </label>
      <div className="editor-pair">
        <TextField label="每件案例评委人数" registration={register("judgesPerEntry")} error={errors.judgesPerEntry} inputMode="numeric" autoComplete="off" />
        <TextField label="公示期（工作日）" hint="按国家法定工作日计算：跳过周末和节假日，调休上班日计入；0 表示不设公示期（仅用于演练）" registration={register("noticeDays")} error={errors.noticeDays} inputMode="numeric" autoComplete="off" />
      </div>
      <p className="field__hint">评委5人及以上时去掉一个最高分和一个最低分后取平均，否则取平均分。</p>

      <ErrorMessage error={problem} />
      <button type="submit" className="button button--primary button--block" disabled={isSubmitting}>
        {isSubmitting ? "正在创建…" : "创建评选"}
      </button>
    </form>
  );
}

function TextArea({ label, optional, registration, error, rows }: { label: string; optional?: boolean; registration: UseFormRegisterReturn; error?: string; rows: number }) {
  const id = useId();
  return (
    <div className={error ? "field field--invalid" : "field"}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="field__optional">（选填）</span>}
      </label>
      <textarea id={id} rows={rows} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...registration} />
      {error && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
