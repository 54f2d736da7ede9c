import { useEffect, useState, type FormEvent } from "react";
import { ApiError, request } from "../api";
import { ErrorMessage, Loading, Success } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { useTitle } from "../lib/useTitle";

/** `GET /working-days/{year}`. */
interface CalendarYear {
  year: number;
  source: "override" | "package" | "none";
  holidays: string[];
  workdays: string[];
  packageHolidays: string[];
  packageWorkdays: string[];
  version: number;
  updatedAt?: string;
  reason?: string;
}

const SOURCE = { override: "本单位补录/更正的安排", package: "国务院办公厅放假安排（chinese-days 数据）", none: "尚未收录：只跳过周末" } as const;
const lines = (text: string) => text.split(/[\s,，]+/).map((d) => d.trim()).filter(Boolean);

/**
 * 工作日历 (/working-days): the year's 法定节假日 and 调休上班日 that every "N个工作日" (the 公示
 * period) counts with; admins of the district office enter a year the data does not know yet, or
 * correct one, with a reason (audited).
 */
export default function WorkingDaysPage() {
  const [year, setYear] = useState(new Date().getFullYear() + 1);
  const [data, setData] = useState<CalendarYear>();
  const [error, setError] = useState<ApiError | string>();
  const [holidays, setHolidays] = useState("");
  const [workdays, setWorkdays] = useState("");
  const [reason, setReason] = useState("");
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState<string>();
  useTitle(`工作日历 · ${year}年`);

  useEffect(() => {
    let live = true;
    setData(undefined);
    request<CalendarYear>("GET", `/working-days/${year}`).then(
      (next) => {
        if (!live) return;
        setData(next);
        setHolidays(next.holidays.join("\n"));
        setWorkdays(next.workdays.join("\n"));
      },
      (failure: unknown) => live && setError(failure instanceof ApiError ? failure : "加载失败，请刷新重试"),
    );
    return () => {
      live = false;
    };
  }, [year]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!data) return;
    setFields({});
    setDone(undefined);
    try {
      const next = await request<CalendarYear>("PUT", `/working-days/${year}`, { body: { holidays: lines(holidays), workdays: lines(workdays), reason, version: data.version }, quiet: true });
      setData(next);
      setReason("");
      setDone(`${year}年工作日历已保存，之后确认的公示期按此计算`);
    } catch (failure) {
      if (failure instanceof ApiError) setFields(Object.keys(failure.errors).length > 0 ? failure.errors : { form: [failure.title] });
      else setFields({ form: ["保存失败，请重试"] });
    }
  }

  const problems = Object.entries(fields).map(([path, messages]) => {
    const [list, index] = path.split(".");
    const date = list === "holidays" ? lines(holidays)[Number(index)] : list === "workdays" ? lines(workdays)[Number(index)] : undefined;
    return `${date ? `${date}：` : ""}${messages[0]}`;
  });

  return (
    <section className="page">
      <h1>工作日历</h1>
      <p className="muted">“N个工作日”（如公示期）跳过周末和法定节假日，调休上班的周六、周日计入。</p>
      <label className="field">
        <span>年度</span>
        <input type="number" value={year} min={2000} max={2100} onChange={(e) => setYear(Number(e.target.value))} />
      </label>
      {error && <ErrorMessage error={error} />}
      {!data ? (
        !error && <Loading />
      ) : (
        <form onSubmit={save} aria-label={`${year}年工作日历`}>
          <p data-testid="calendar-source">
            当前依据：{SOURCE[data.source]}
            {data.updatedAt && `（${formatDateTime(data.updatedAt)}修改：${data.reason ?? ""}）`}
          </p>
          {done && <Success>{done}</Success>}
          <label className="field">
            <span>放假日期（每行一个，YYYY-MM-DD）</span>
            <textarea rows={8} value={holidays} onChange={(e) => setHolidays(e.target.value)} />
          </label>
          <label className="field">
            <span>调休上班日（周六或周日，每行一个）</span>
            <textarea rows={4} value={workdays} onChange={(e) => setWorkdays(e.target.value)} />
          </label>
          <label className="field">
            <span>修改原因</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="如：国务院办公厅2027年放假安排已发布" />
          </label>
          {problems.length > 0 && (
            <ul className="field__error" role="alert">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          <button type="submit" className="button button--primary">
            保存
          </button>
        </form>
      )}
    </section>
  );
}
