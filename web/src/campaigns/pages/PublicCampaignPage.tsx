import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../../api";
import { ErrorMessage, Loading } from "../../components/Status";
import { formatDateTime } from "../../lib/format";
import { useTitle } from "../../lib/useTitle";
import { objectionKeys, publicApi, type Objection, type PublicCampaign } from "../api";
import "../public.css";

type Loaded = { campaign: PublicCampaign; me?: { accountId: string; name: string } } | { error: ApiError };

/**
 * 公示 / 评选结果 (/public/campaigns/:id), outside the shell and without a session: the proposed
 * winners with their summaries until the notice ends (with 提出异议 for signed-in people), then
 * the published results by tier, the org awards and the certificates.
 */
export default function PublicCampaignPage() {
  const { campaignId = "" } = useParams();
  const [loaded, setLoaded] = useState<Loaded>();
  useTitle(loaded && "campaign" in loaded ? `${loaded.campaign.status === "notice" ? "公示" : "评选结果"} · ${loaded.campaign.title}` : "评选公示");

  useEffect(() => {
    let live = true;
    Promise.all([publicApi.campaign(campaignId), publicApi.me().catch(() => undefined)]).then(
      ([campaign, me]) => live && setLoaded({ campaign, me }),
      (error: unknown) => live && setLoaded({ error: error instanceof ApiError ? error : new ApiError(0, "client.error", "加载失败，请刷新重试") }),
    );
    return () => {
      live = false;
    };
  }, [campaignId]);

  if (!loaded) return <main className="public"><h1>评选公示</h1><Loading /></main>;
  if ("error" in loaded) {
    return (
      <main className="public">
        <h1>评选公示</h1>
        <ErrorMessage error={loaded.error.status === 404 ? "该评选尚未公示或不存在" : loaded.error} />
      </main>
    );
  }
  const { campaign, me } = loaded;
  const notice = campaign.status === "notice";

  return (
    <main className="public">
      <header className="public__head">
        <p className="public__issuer">{campaign.orgName}</p>
        <h1>{campaign.title}</h1>
        <p className="public__status">
          {notice ? (
            <>
              <strong>拟获奖名单公示</strong>{" "}
              <span data-testid="notice-period">
                {campaign.noticeInWords}（<time dateTime={campaign.noticeEndsAt}>{formatDateTime(campaign.noticeEndsAt)}</time> 截止）
              </span>
            </>
          ) : (
            <>
              <strong>评选结果</strong> 发布于 <time dateTime={campaign.publishedAt}>{formatDateTime(campaign.publishedAt)}</time>
            </>
          )}
        </p>
      </header>
      {campaign.description && <p className="public__intro">{campaign.description}</p>}
      {notice && <p className="public__intro">以下为拟获奖案例名单，现予公示。对公示名单如有异议，请在公示期内实名提出。</p>}

      {campaign.awards.map((group) => (
        <section key={group.tier} className="public__tier" aria-labelledby={`tier-${group.tier}`}>
          <h2 id={`tier-${group.tier}`}>
            {group.tier}
            <span className="public__count">（{group.entries.length}件）</span>
          </h2>
          <ol className="public__entries">
            {group.entries.map((entry) => (
              <li key={entry.entryId} className="public__entry" data-testid="public-entry">
                <h3>{entry.title}</h3>
                <p className="public__unit">{entry.unitName}</p>
                <p className="public__summary">{entry.summary}</p>
                {!notice && campaign.certificates.some((c) => c.entryId === entry.entryId) && (
                  <Link className="public__cert" to={`/public/campaigns/${campaign.campaignId}/certificates/${entry.entryId}`}>
                    查看证书
                  </Link>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
      {campaign.orgAwards.length > 0 && (
        <section className="public__tier" aria-labelledby="org-awards">
          <h2 id="org-awards">{campaign.orgAwardName ?? "优秀组织奖"}</h2>
          <ul className="public__orgs">
            {campaign.orgAwards.map((org) => (
              <li key={org.orgId} data-testid="public-org-award">
                {org.name}
                <span className="public__level">（{org.level}）</span>
                {!notice && campaign.orgCertificates.some((c) => c.orgId === org.orgId) && (
                  <Link className="public__cert" to={`/public/campaigns/${campaign.campaignId}/certificates/org-${org.orgId}`}>
                    查看组织奖证书
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {notice && <ObjectionBox campaign={campaign} signedIn={me} />}
      <footer className="public__foot">
        <p>
          {campaign.orgName} · {campaign.year}年度
        </p>
      </footer>
    </main>
  );
}

function ObjectionBox({ campaign, signedIn }: { campaign: PublicCampaign; signedIn?: { accountId: string; name: string } }) {
  const reasonsId = useId();
  const entryIdField = useId();
  const [entryId, setEntryId] = useState("");
  const [reasons, setReasons] = useState("");
  const [error, setError] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [mine, setMine] = useState<Objection[]>([]);
  const keys = useRef(objectionKeys());
  const here = `/public/campaigns/${campaign.campaignId}`;

  useEffect(() => {
    if (!signedIn) return;
    publicApi.myObjections(campaign.campaignId).then((list) => setMine(list.items), () => {});
  }, [campaign.campaignId, signedIn]);

  if (!signedIn) {
    return (
      <section className="public__objection" aria-labelledby="objection-head">
        <h2 id="objection-head">提出异议</h2>
        <p>
          对公示名单有异议的，请<Link to={`/login?next=${encodeURIComponent(here)}`}>登录</Link>后实名提出。
        </p>
      </section>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const text = reasons.trim();
    const found = text.length < 10 ? "异议理由至少10个字" : text.length > 2000 ? "异议理由最多2000个字" : undefined;
    setError(found);
    setProblem(undefined);
    if (found) return;
    setBusy(true);
    try {
      const body = { entryId: entryId || undefined, reasons: text };
      const filed = await publicApi.fileObjection(campaign.campaignId, body, keys.current.for(body));
      keys.current.filed();
      setMine((current) => (current.some((o) => o.objectionId === filed.objectionId) ? current : [filed, ...current]));
      setReasons("");
      setEntryId("");
    } catch (failure) {
      if (failure instanceof ApiError && failure.errors.reasons?.[0]) setError(failure.errors.reasons[0]);
      else setProblem(failure instanceof ApiError ? failure.title : "提交失败，请重试");
    } finally {
      setBusy(false);
    }
  }

  const entries = campaign.awards.flatMap((group) => group.entries);
  return (
    <section className="public__objection" aria-labelledby="objection-head">
      <h2 id="objection-head">提出异议</h2>
      {mine.length > 0 && (
        <ul className="public__mine" aria-label="我提出的异议">
          {mine.map((objection) => (
            <li key={objection.objectionId}>
              <p>
                <strong>{objection.status === "open" ? "已提交，等待处理" : objection.upheld ? "已处理：异议成立" : "已处理：异议不成立"}</strong>（{formatDateTime(objection.createdAt)}）
              </p>
              <p>{objection.reasons}</p>
              {objection.answer && <p>处理意见：{objection.answer}</p>}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate className="public__form">
        <p className="muted">以{signedIn.name}的名义提出，评选办公室将记录处理意见。</p>
        <label htmlFor={entryIdField}>针对的案例</label>
        <select id={entryIdField} value={entryId} onChange={(event) => setEntryId(event.target.value)}>
          <option value="">评选整体</option>
          {entries.map((entry) => (
            <option key={entry.entryId} value={entry.entryId}>
              {entry.title}
            </option>
          ))}
        </select>
        <label htmlFor={reasonsId}>异议理由</label>
        <textarea
          id={reasonsId}
          rows={5}
          maxLength={2000}
          value={reasons}
          onChange={(event) => setReasons(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${reasonsId}-error` : undefined}
          placeholder="请写明事实和理由（至少10个字）"
        />
        {error && (
          <p className="public__error" id={`${reasonsId}-error`} role="alert">
            {error}
          </p>
        )}
        {problem && (
          <p className="public__error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="public__button" disabled={busy}>
          {busy ? "正在提交…" : "提交异议"}
        </button>
      </form>
    </section>
  );
}
