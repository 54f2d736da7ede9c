import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api";
import { ErrorMessage, Loading, Success } from "../components/Status";
import { fromBeijingInput, toBeijingInput } from "@tongxin/core/office/beijing-time";
import { formatDateTime } from "../lib/format";
import { voteApi, type Campaign, type PublicVoteOffice } from "./api";

/** A datetime-local value (Beijing time) as an ISO instant; "" when empty or unreadable (the server names the field). */
const isoOf = (value: string) => {
  const date = value ? fromBeijingInput(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : "";
};

type Source = { kind: "address" | "prefix" | "phone"; value: string };
const KIND_LABEL = { address: "网络地址", prefix: "手机号段", phone: "手机号" } as const;

/**
 * 网络投票 for the office: the stage's settings, the valid votes per entry, and the fraud signals
 * (votes per hour, top addresses and phone prefixes with their share, bursts) with 作废 per source
 * before the ranking is confirmed. Phones appear only as prefixes.
 */
export function PublicVoteTab({ campaign, onChange }: { campaign: Campaign; onChange: (next: Campaign) => void }) {
  const configured = campaign.publicVote !== undefined;
  const view = useQuery({ queryKey: ["campaigns", campaign.campaignId, "public-vote"], queryFn: () => voteApi.office(campaign.campaignId), enabled: configured });
  const [done, setDone] = useState<string>();
  const editable = campaign.status === "collecting" || campaign.status === "judging";

  return (
    <>
      {done && <Success>{done}</Success>}
      {editable && <Settings campaign={campaign} onSaved={(next) => (onChange(next), setDone("网络投票设置已保存"), void view.refetch())} />}
      {!configured ? (
        <p className="muted">本次评选未设网络投票。</p>
      ) : view.isPending ? (
        <Loading />
      ) : !view.data ? (
        <ErrorMessage error={view.error} />
      ) : (
        <Figures data={view.data} campaign={campaign} editable={editable} onVoided={(n) => (setDone(`已作废${n}票，排名已按剩余票数重新计算`), void view.refetch())} />
      )}
    </>
  );
}

function Settings({ campaign, onSaved }: { campaign: Campaign; onSaved: (next: Campaign) => void }) {
  const current = campaign.publicVote;
  const [values, setValues] = useState({
    opensAt: current ? toBeijingInput(current.opensAt) : "",
    closesAt: current ? toBeijingInput(current.closesAt) : "",
    picksPerDay: String(current?.picksPerDay ?? 3),
    perAddressPerDay: String(current?.perAddressPerDay ?? 50),
    showCounts: current?.showCounts ?? false,
    weight: String(Math.round((current?.weight ?? 0.3) * 100)),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof typeof values, value: string | boolean) => setValues((v) => ({ ...v, [key]: value }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    try {
      onSaved(
        await voteApi.configure(campaign.campaignId, {
          opensAt: isoOf(values.opensAt),
          closesAt: isoOf(values.closesAt),
          picksPerDay: Number(values.picksPerDay),
          perAddressPerDay: Number(values.perAddressPerDay),
          showCounts: values.showCounts,
          weight: Number(values.weight) / 100,
        }),
      );
    } catch (failure) {
      if (failure instanceof ApiError) setErrors(Object.fromEntries(Object.entries(failure.errors).map(([k, v]) => [k, v[0] ?? ""])));
      else setErrors({ form: "保存失败，请重试" });
    }
  }

  const field = (key: "opensAt" | "closesAt" | "picksPerDay" | "perAddressPerDay" | "weight", label: string, type: string) => (
    <label className="field">
      <span>{label}</span>
      <input type={type} value={values[key]} onChange={(e) => set(key, e.target.value)} />
      {errors[key] && <span className="field__error">{errors[key]}</span>}
    </label>
  );

  return (
    <form className="vote-settings" onSubmit={save} aria-label="网络投票设置">
      <h3>网络投票设置</h3>
      {field("opensAt", "开始时间（北京时间）", "datetime-local")}
      {field("closesAt", "截止时间（北京时间）", "datetime-local")}
      {field("picksPerDay", "每个手机号每天可投票数", "number")}
      {field("perAddressPerDay", "每个网络地址每天票数上限", "number")}
      {field("weight", "网络投票占最终得分的比例（%，0–50）", "number")}
      <label className="check">
        <input type="checkbox" checked={values.showCounts} onChange={(e) => set("showCounts", e.target.checked)} />
        <span>投票页面显示实时票数</span>
      </label>
      <p className="muted">最终得分 =（1 − 比例）× 专家得分（百分制）+ 比例 × 网络得分（各案例票数 ÷ 最高票数 × 100）。</p>
      {errors.form && <p className="field__error">{errors.form}</p>}
      <button type="submit" className="button button--primary">
        保存
      </button>
      {campaign.publicVote && (
        <p>
          <Link to={`/public/campaigns/${campaign.campaignId}/vote`}>打开投票页面</Link>
        </p>
      )}
    </form>
  );
}

function Figures({ data, campaign, editable, onVoided }: { data: PublicVoteOffice; campaign: Campaign; editable: boolean; onVoided: (n: number) => void }) {
  const [voiding, setVoiding] = useState<Source>();
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string>();
  const title = new Map(data.entries.map((e) => [e.entryId, e.title]));

  async function confirmVoid(event: FormEvent) {
    event.preventDefault();
    if (!voiding) return;
    setProblem(undefined);
    try {
      const { voided } = await voteApi.voidSource(campaign.campaignId, { source: voiding, reason });
      setVoiding(undefined);
      setReason("");
      onVoided(voided);
    } catch (failure) {
      setProblem(failure instanceof ApiError ? (Object.values(failure.errors)[0]?.[0] ?? failure.title) : "作废失败，请重试");
    }
  }

  const sources = (label: string, kind: Source["kind"], rows: PublicVoteOffice["signals"]["topAddresses"]) => (
    <section aria-label={label}>
      <h4>{label}</h4>
      {rows.length === 0 ? (
        <p className="muted">暂无</p>
      ) : (
        <table className="ranking ranking--small">
          <thead>
            <tr>
              <th scope="col">{KIND_LABEL[kind]}</th>
              <th scope="col">票数</th>
              <th scope="col">占比</th>
              {editable && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.source}>
                <th scope="row">{kind === "prefix" ? `${row.source}****` : row.source}</th>
                <td className="num">{row.votes}</td>
                <td className="num">{Math.round(row.share * 100)}%</td>
                {editable && (
                  <td>
                    <button type="button" className="button button--small" onClick={() => setVoiding({ kind, value: row.source })}>
                      作废该来源的票
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );

  return (
    <>
      <p>
        投票时间 {formatDateTime(data.config.opensAt)} 至 {formatDateTime(data.config.closesAt)}；有效票 {data.signals.total}，已作废 {data.signals.voided}。
      </p>
      <table className="ranking ranking--small" aria-label="各案例有效票数">
        <thead>
          <tr>
            <th scope="col">案例</th>
            <th scope="col">有效票</th>
          </tr>
        </thead>
        <tbody>
          {data.entries.map((e) => (
            <tr key={e.entryId}>
              <th scope="row">{e.title}</th>
              <td className="num">{e.votes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>异常投票线索</h3>
      {data.signals.bursts.length > 0 && (
        <ul aria-label="集中投票" className="notice notice--warn">
          {data.signals.bursts.map((b) => (
            <li key={`${b.entryId}${b.from}`}>
              {title.get(b.entryId) ?? b.entryId}：{formatDateTime(b.from)} 起10分钟内{b.votes}票（平时约{b.usual}票）
            </li>
          ))}
        </ul>
      )}
      {sources("票数最多的网络地址", "address", data.signals.topAddresses)}
      {sources("票数最多的手机号段", "prefix", data.signals.topPrefixes)}
      <h4>各案例每小时票数</h4>
      <ul className="muted">
        {Object.entries(data.signals.perHour).map(([entryId, hours]) => (
          <li key={entryId}>
            {title.get(entryId) ?? entryId}：{Object.entries(hours).map(([hour, n]) => `${hour}时 ${n}票`).join("，")}
          </li>
        ))}
      </ul>
      {voiding && (
        <form onSubmit={confirmVoid} className="vote-void" aria-label="作废投票">
          <p>
            作废{KIND_LABEL[voiding.kind]} {voiding.kind === "prefix" ? `${voiding.value}****` : voiding.value} 的全部有效票。此操作记入审计日志，排名将按剩余票数重新计算。
          </p>
          <label className="field">
            <span>作废理由</span>
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
          </label>
          {problem && <p className="field__error">{problem}</p>}
          <button type="submit" className="button button--danger">
            确认作废
          </button>{" "}
          <button type="button" className="button" onClick={() => setVoiding(undefined)}>
            取消
          </button>
        </form>
      )}
    </>
  );
}
