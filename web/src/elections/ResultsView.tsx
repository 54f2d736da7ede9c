import type { Results } from "./api";

const KIND = { slate: "等额", competitive: "差额" } as const;

/** The count: figures, each position (per candidate 赞成/反对/弃权, elected, ties and unfilled seats), each motion. */
export function ResultsView({ results }: { results: Results }) {
  const f = results.figures;
  const figures: Array<[string, number]> = [
    ["应到", f.roll],
    ["实到", f.present],
    ["发出选票", f.issued],
    ["收回选票", f.returned],
    ["有效票", f.valid],
    ["无效票", f.void],
  ];
  return (
    <div className="results">
      <dl className="figures">
        {figures.map(([label, value]) => (
          <div key={label} className="figures__item">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted results__base">
        计票基数：{f.baseLabel} {f.base}
      </p>
      {!results.integrity.ok && (
        <div className="alert" role="alert">
          {results.integrity.problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      )}
      {results.positions.map((position) => (
        <section key={position.positionId} className="result-block">
          <h3>
            {position.title}
            <span className="result-block__meta">
              {KIND[position.kind]} · 应选{position.seats}名 · 当选须得赞成票至少{position.required}票
            </span>
          </h3>
          <table className="result-table">
            <thead>
              <tr>
                <th scope="col">候选人</th>
                <th scope="col">赞成</th>
                <th scope="col">反对</th>
                <th scope="col">弃权</th>
                <th scope="col">结果</th>
              </tr>
            </thead>
            <tbody>
              {position.candidates.map((c) => (
                <tr key={c.candidateId} className={c.elected ? "result-table__elected" : undefined}>
                  <th scope="row">{c.name}</th>
                  <td>{c.for}</td>
                  <td>{c.against}</td>
                  <td>{c.abstain}</td>
                  <td>{c.elected ? <strong className="elected">当选</strong> : c.tied ? <span className="tied">票数相同</span> : "未当选"}</td>
                </tr>
              ))}
              {position.writeIns.map((w) => (
                <tr key={`w-${w.name}`} className={w.elected ? "result-table__elected" : undefined}>
                  <th scope="row">
                    {w.name}
                    <span className="muted">（另选）</span>
                  </th>
                  <td>{w.for}</td>
                  <td>—</td>
                  <td>—</td>
                  <td>{w.elected ? <strong className="elected">当选</strong> : w.tied ? <span className="tied">票数相同</span> : "未当选"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="result-block__foot">
            本职位有效{position.valid}票{position.void > 0 ? `，作废${position.void}票（超额选择）` : ""}。
            {position.elected.length > 0 ? `当选：${position.elected.join("、")}。` : "无人当选。"}
          </p>
          {position.flags.map((flag) => (
            <p key={flag} className="notice notice--warn">
              {flag}
            </p>
          ))}
        </section>
      ))}
      {results.motions.length > 0 && (
        <section className="result-block">
          <h3>表决事项</h3>
          <table className="result-table">
            <thead>
              <tr>
                <th scope="col">议题</th>
                <th scope="col">赞成</th>
                <th scope="col">反对</th>
                <th scope="col">弃权</th>
                <th scope="col">结果</th>
              </tr>
            </thead>
            <tbody>
              {results.motions.map((m) => (
                <tr key={m.motionId}>
                  <th scope="row">
                    {m.title}
                    <span className="muted result-table__need">（须{m.required}票）</span>
                  </th>
                  <td>{m.for}</td>
                  <td>{m.against}</td>
                  <td>{m.abstain}</td>
                  <td>{m.passed ? <strong className="elected">通过</strong> : <span className="tied">未通过</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
