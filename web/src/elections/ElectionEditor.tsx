import { useState, type FormEvent } from "react";
import { ApiError, newIdempotencyKey } from "../api";
import { electionsApi, type Election } from "./api";
import { BASE_LABELS } from "./ballot";
import { initialState, PRESETS, RATIOS, toBody, positionHint, type EditorState, type MotionDraft, type PositionDraft, type Ratio } from "./editorModel";
import { PositionEditor } from "./PositionEditor";

/** 新建选举: title, mode, positions with candidates, motions, and the rules (with their defaults shown). */
export function ElectionEditor({ orgId, onCreated }: { orgId: string; onCreated: (election: Election) => void }) {
  const [state, setState] = useState<EditorState>(initialState);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const set = (patch: Partial<EditorState>) => setState((s) => ({ ...s, ...patch }));
  const setPosition = (index: number, p: PositionDraft | undefined) =>
    set({ positions: p ? state.positions.map((old, i) => (i === index ? p : old)) : state.positions.filter((_, i) => i !== index) });
  const setMotion = (index: number, m: MotionDraft | undefined) =>
    set({ motions: m ? state.motions.map((old, i) => (i === index ? m : old)) : state.motions.filter((_, i) => i !== index) });
  const fieldError = (path: string) => error?.errors[path]?.[0];
  const hints = state.positions.some((p) => positionHint(p));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await electionsApi.create(orgId, toBody(state), key);
      onCreated(created.election);
      setState(initialState());
      setKey(newIdempotencyKey());
    } catch (problem) {
      setError(problem instanceof ApiError ? problem : new ApiError(0, "client.error", "创建失败，请重试"));
    } finally {
      setBusy(false);
    }
  }

  const ratioSelect = (id: string, value: Ratio, onChange: (r: Ratio) => void) => (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value as Ratio)}>
      {(Object.keys(RATIOS) as Ratio[]).map((r) => (
        <option key={r} value={r}>
          {RATIOS[r].label}
        </option>
      ))}
    </select>
  );

  return (
    <form className="form election-editor" onSubmit={submit} noValidate>
      <div className={`field${fieldError("title") ? " field--invalid" : ""}`}>
        <label htmlFor="e-title">选举名称</label>
        <input id="e-title" value={state.title} maxLength={100} placeholder="如：七宝分会第二届理事会换届选举" onChange={(e) => set({ title: e.target.value })} />
        {fieldError("title") && <p className="field__error">{fieldError("title")}</p>}
      </div>
      <fieldset className="checks">
        <legend>投票方式</legend>
        <div className="checks__list">
          {(["meeting", "online"] as const).map((mode) => (
            <label key={mode} className="check">
              <input type="radio" name="mode" checked={state.mode === mode} onChange={() => set({ mode })} />
              {mode === "meeting" ? "会议投票（现场签到、法定人数）" : "线上投票"}
            </label>
          ))}
        </div>
      </fieldset>

      <h3 className="editor-subhead">职位与候选人</h3>
      {state.positions.map((p, index) => (
        <PositionEditor key={index} index={index} position={p} error={fieldError(`positions.${index}.candidates`) ?? fieldError(`positions.${index}.title`)} onChange={(next) => setPosition(index, next)} />
      ))}
      <div className="actions">
        {PRESETS.map((preset) => (
          <button key={preset.title} type="button" className="button button--small" onClick={() => set({ positions: [...state.positions, { ...preset }] })}>
            ＋ {preset.title}
          </button>
        ))}
        <button type="button" className="button button--small" onClick={() => set({ positions: [...state.positions, { title: "", seats: 1, kind: "slate", candidates: "", allowWriteIns: true }] })}>
          ＋ 其他职位
        </button>
      </div>
      {fieldError("positions") && <p className="field__error">{fieldError("positions")}</p>}

      <h3 className="editor-subhead">表决事项</h3>
      {state.motions.map((m, index) => (
        <div key={index} className="editor-row editor-row--stack">
          <div className="field">
            <label htmlFor={`m-${index}`}>议题 {index + 1}</label>
            <input id={`m-${index}`} value={m.title} maxLength={100} onChange={(e) => setMotion(index, { ...m, title: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`m-${index}-pass`}>通过条件（赞成票）</label>
            {ratioSelect(`m-${index}-pass`, m.pass, (pass) => setMotion(index, { ...m, pass }))}
          </div>
          <button type="button" className="button button--small button--danger" onClick={() => setMotion(index, undefined)}>
            删除议题
          </button>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="button button--small" onClick={() => set({ motions: [...state.motions, { title: "", pass: "half" }] })}>
          ＋ 表决事项
        </button>
      </div>

      <h3 className="editor-subhead">计票规则</h3>
      <div className="field">
        <label htmlFor="e-threshold">当选条件（赞成票）</label>
        {ratioSelect("e-threshold", state.threshold, (threshold) => set({ threshold }))}
      </div>
      <div className="field">
        <label htmlFor="e-base">计算基数</label>
        <select id="e-base" value={state.base} onChange={(e) => set({ base: e.target.value as EditorState["base"] })}>
          {(Object.keys(BASE_LABELS) as Array<keyof typeof BASE_LABELS>).map((b) => (
            <option key={b} value={b}>
              {BASE_LABELS[b]}
            </option>
          ))}
        </select>
      </div>
      {state.mode === "meeting" && (
        <div className="field">
          <label htmlFor="e-quorum">法定人数（到会人数占应到人数）</label>
          {ratioSelect("e-quorum", state.quorum, (quorum) => set({ quorum }))}
        </div>
      )}
      <p className="field__hint">默认：到会人数达应到人数三分之二以上方可开始投票；赞成票超过到会人数半数当选。</p>

      {error && (
        <p className="alert" role="alert">
          {error.title}
        </p>
      )}
      <button type="submit" className="button button--primary button--block" disabled={busy || hints}>
        {busy ? "正在创建…" : "创建选举"}
      </button>
    </form>
  );
}
