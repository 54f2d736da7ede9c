import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { get, useFieldArray, useForm, useWatch } from "react-hook-form";
import type { NewElection } from "@tongxin/core/elections/config";
import { ApiError, newIdempotencyKey } from "../api";
import { electionsApi, type Election } from "./api";
import { BASE_LABELS } from "./ballot";
import { EditorSchema, initialState, PRESETS, RATIOS, positionHint, type EditorState, type Ratio } from "./editorModel";
import { PositionEditor } from "./PositionEditor";

const RATIO_OPTIONS = (Object.keys(RATIOS) as Ratio[]).map((r) => (
  <option key={r} value={r}>
    {RATIOS[r].label}
  </option>
));

/** 新建选举: title, mode, positions with candidates, motions, and the rules (with their defaults shown). */
export function ElectionEditor({ orgId, onCreated }: { orgId: string; onCreated: (election: Election) => void }) {
  // Validated by the server's own schema, through the body the draft becomes (editorModel.ts).
  const form = useForm<EditorState, unknown, NewElection>({ resolver: zodResolver(EditorSchema), defaultValues: initialState() });
  const { control, register, formState } = form;
  const positions = useFieldArray({ control, name: "positions" });
  const motions = useFieldArray({ control, name: "motions" });
  const [mode, drafts] = useWatch({ control, name: ["mode", "positions"] });
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<ApiError>();
  const fieldError = (path: string): string | undefined => (get(formState.errors, path) as { message?: string } | undefined)?.message ?? error?.errors[path]?.[0];
  const hints = drafts.some((p) => positionHint(p));

  const submit = form.handleSubmit(async (body) => {
    setError(undefined);
    try {
      const created = await electionsApi.create(orgId, body, key);
      onCreated(created.election);
      form.reset(initialState());
      setKey(newIdempotencyKey());
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, "client.error", "创建失败，请重试"));
    }
  });

  return (
    <form className="form election-editor" onSubmit={submit} noValidate>
      <div className={`field${fieldError("title") ? " field--invalid" : ""}`}>
        <label htmlFor="e-title">选举名称</label>
        <input id="e-title" maxLength={100} placeholder="如：七宝分会第二届理事会换届选举" {...register("title")} />
        {fieldError("title") && <p className="field__error">{fieldError("title")}</p>}
      </div>
      <fieldset className="checks">
        <legend>投票方式</legend>
        <div className="checks__list">
          {(["meeting", "online"] as const).map((value) => (
            <label key={value} className="check">
              <input type="radio" value={value} {...register("mode")} />
              {value === "meeting" ? "会议投票（现场签到、法定人数）" : "线上投票"}
            </label>
          ))}
        </div>
      </fieldset>

      <h3 className="editor-subhead">职位与候选人</h3>
      {positions.fields.map((field, index) => (
        <PositionEditor
          key={field.id}
          index={index}
          control={control}
          register={register}
          error={fieldError(`positions.${index}.candidates`) ?? fieldError(`positions.${index}.title`)}
          onRemove={() => positions.remove(index)}
        />
      ))}
      <div className="actions">
        {PRESETS.map((preset) => (
          <button key={preset.title} type="button" className="button button--small" onClick={() => positions.append({ ...preset })}>
            ＋ {preset.title}
          </button>
        ))}
        <button type="button" className="button button--small" onClick={() => positions.append({ title: "", seats: 1, kind: "slate", candidates: "", allowWriteIns: true })}>
          ＋ 其他职位
        </button>
      </div>
      {fieldError("positions") && <p className="field__error">{fieldError("positions")}</p>}

      <h3 className="editor-subhead">表决事项</h3>
      {motions.fields.map((field, index) => (
        <div key={field.id} className="editor-row editor-row--stack">
          <div className="field">
            <label htmlFor={`m-${index}`}>议题 {index + 1}</label>
            <input id={`m-${index}`} maxLength={100} {...register(`motions.${index}.title`)} />
          </div>
          <div className="field">
            <label htmlFor={`m-${index}-pass`}>通过条件（赞成票）</label>
            <select id={`m-${index}-pass`} {...register(`motions.${index}.pass`)}>
              {RATIO_OPTIONS}
            </select>
          </div>
          <button type="button" className="button button--small button--danger" onClick={() => motions.remove(index)}>
            删除议题
          </button>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="button button--small" onClick={() => motions.append({ title: "", pass: "half" })}>
          ＋ 表决事项
        </button>
      </div>

      <h3 className="editor-subhead">计票规则</h3>
      <div className="field">
        <label htmlFor="e-threshold">当选条件（赞成票）</label>
        <select id="e-threshold" {...register("threshold")}>
          {RATIO_OPTIONS}
        </select>
      </div>
      <div className="field">
        <label htmlFor="e-base">计算基数</label>
        <select id="e-base" {...register("base")}>
          {(Object.keys(BASE_LABELS) as Array<keyof typeof BASE_LABELS>).map((b) => (
            <option key={b} value={b}>
              {BASE_LABELS[b]}
            </option>
          ))}
        </select>
      </div>
      {mode === "meeting" && (
        <>
          <div className="field">
            <label htmlFor="e-ballots">选票形式</label>
            <select id="e-ballots" {...register("ballots")}>
              <option value="electronic">电子选票（手机投票）</option>
              <option value="paper">纸质选票（计票人双人录入）</option>
              <option value="mixed">纸质与电子并用（每人领取一种）</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="e-proxies">委托投票：每名到会会员最多接受委托</label>
            <select id="e-proxies" {...register("proxyLimit", { valueAsNumber: true })}>
              {[0, 1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n === 0 ? "不接受委托" : `${n}份`}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      {mode === "meeting" && (
        <div className="field">
          <label htmlFor="e-quorum">法定人数（到会人数占应到人数）</label>
          <select id="e-quorum" {...register("quorum")}>
            {RATIO_OPTIONS}
          </select>
        </div>
      )}
      <p className="field__hint">默认：到会人数达应到人数三分之二以上方可开始投票；赞成票超过到会人数半数当选。</p>

      {error && (
        <p className="alert" role="alert">
          {error.title}
        </p>
      )}
      <button type="submit" className="button button--primary button--block" disabled={formState.isSubmitting || hints}>
        {formState.isSubmitting ? "正在创建…" : "创建选举"}
      </button>
    </form>
  );
}
