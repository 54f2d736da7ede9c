import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { compileForm, type FormDefinition } from "@tongxin/core/forms";
import { api, ApiError, newIdempotencyKey, type Membership } from "../../api";
import { useMe } from "../../components/AppShell";
import { ErrorMessage, Loading } from "../../components/Status";
import { applyAnswerErrors, toFormValues } from "../../forms/answers";
import { FormRenderer, useDefinitionForm } from "../../forms/FormRenderer";
import { formatDateTime, formatTime } from "../../lib/format";
import { keys } from "../../lib/queryKeys";
import { useTitle } from "../../lib/useTitle";
import { campaignsApi, type Campaign, type Entry } from "../api";
import { ENTRY_STATUS_LABELS } from "../labels";
import { draftData } from "../../forms/pages/draftData";
import { submitterUnits, UnitPicker } from "../../forms/pages/UnitPicker";
import "../campaigns.css";

interface Loaded {
  campaign: Campaign;
  definition: FormDefinition;
  version: number;
  entry?: Entry;
}

/** 提交案例 (/campaigns/:id/entries/new) and 继续填写 / 修改后重新提交 (/campaigns/:id/entries/:entryId/edit). */
export default function EntryFormPage() {
  const { campaignId = "", entryId } = useParams();
  const loaded = useQuery<Loaded>({
    queryKey: [...keys.campaigns.entry(campaignId, entryId ?? "new"), "form"],
    queryFn: async ({ signal }) => {
      const campaign = await campaignsApi.get(campaignId, signal);
      if (!entryId) {
        const { version } = await api.formToFill(campaign.formId, undefined, signal);
        return { campaign, definition: version.definition, version: version.version };
      }
      const entry = await campaignsApi.entry(campaignId, entryId, signal);
      if (entry.view !== "full") throw new ApiError(404, "campaign.entry_not_found", "案例不存在");
      const { version } = await api.formToFill(entry.formId, entry.version, signal);
      return { campaign, definition: version.definition, version: version.version, entry };
    },
  });
  useTitle(loaded.data ? `提交案例 · ${loaded.data.campaign.title}` : "提交案例");
  if (loaded.isPending) return <Loading />;
  if (!loaded.data) return <ErrorMessage error={loaded.error} />;
  return <EntryForm key={loaded.data.entry?.entryId ?? "new"} {...loaded.data} />;
}

/** The units I may submit for: mine beneath the campaign org (not the office itself). */
function entrantUnits(memberships: Membership[], campaign: Campaign): Membership[] {
  return submitterUnits({ account: { accountId: "", name: "", platformAdmin: false }, memberships }, campaign.orgId).filter((m) => m.orgId !== campaign.orgId);
}

function EntryForm({ campaign, definition, entry }: Loaded) {
  const me = useMe();
  const navigate = useNavigate();
  const units = useMemo(() => entrantUnits(me.memberships, campaign), [me.memberships, campaign]);
  const initial = useMemo(() => (entry ? toFormValues(definition, entry.data) : undefined), [definition, entry]);
  const methods = useDefinitionForm(definition, "submit", initial);
  const draftSchema = useMemo(() => compileForm(definition, { mode: "draft" }), [definition]);
  const [unitId, setUnitId] = useState(entry?.unitId ?? (units.length === 1 ? units[0]!.orgId : ""));
  const [unitError, setUnitError] = useState<string>();
  const saved = useRef<{ entryId: string; revision: number } | undefined>(entry ? { entryId: entry.entryId, revision: entry.revision } : undefined);
  const createKey = useRef(newIdempotencyKey());
  const [savedAt, setSavedAt] = useState<string | undefined>(entry?.status === "draft" ? entry.updatedAt : undefined);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const context = useMemo(() => ({ formId: campaign.formId, members: [{ accountId: me.account.accountId, name: me.account.name }] }), [campaign.formId, me.account]);
  const returned = entry?.status === "returned";
  const back = entry ? `/campaigns/${campaign.campaignId}/entries/${entry.entryId}` : `/campaigns/${campaign.campaignId}`;

  const explain = (error: unknown) => {
    if (error instanceof ApiError && error.code === "conflict.stale") return "这份案例已在别处修改或提交，请刷新页面后再试";
    if (error instanceof ApiError && error.errors.unitId?.[0]) {
      setUnitError(error.errors.unitId[0]);
      return error.title;
    }
    return applyAnswerErrors(error, methods.setError, definition);
  };

  const needUnit = () => {
    if (saved.current || unitId) return false;
    setUnitError("请选择申报单位");
    setProblem("请先选择申报单位");
    return true;
  };

  // The unit as chosen, for saves scheduled before a re-render.
  const unitRef = useRef(unitId);
  unitRef.current = unitId;
  const lastJson = useRef(JSON.stringify(draftData(draftSchema, methods.getValues())));
  const queue = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const paused = useRef(false);

  async function write(data: Record<string, unknown>, submit: boolean): Promise<Entry> {
    const current = saved.current;
    if (current) return campaignsApi.updateEntry(campaign.campaignId, current.entryId, { data, submit, revision: current.revision });
    return campaignsApi.createEntry(campaign.campaignId, { unitId: unitRef.current, data, draft: !submit }, createKey.current);
  }

  /** One draft save (never two at once); unchanged answers are not sent again. */
  const saveOnce = async (shown: boolean) => {
    if (paused.current || returned || (!saved.current && !unitRef.current)) return;
    const data = draftData(draftSchema, methods.getValues());
    const json = JSON.stringify(data);
    if (json === lastJson.current && saved.current) return;
    setSaving(true);
    try {
      const result = await write(data, false);
      saved.current = { entryId: result.entryId, revision: result.revision };
      lastJson.current = json;
      setSavedAt(result.updatedAt);
      setSaveFailed(undefined);
    } catch (error) {
      const message = error instanceof ApiError ? error.title : "草稿未能保存，请检查网络";
      if (shown) setProblem(explain(error));
      else setSaveFailed(message);
    } finally {
      setSaving(false);
    }
  };
  const flush = (shown: boolean) => {
    clearTimeout(timer.current);
    timer.current = undefined;
    queue.current = queue.current.then(() => saveOnce(shown));
    return queue.current;
  };

  // Autosave ~1.5 s after the last change, as the other forms do (not for a returned entry: it is resubmitted whole).
  // One subscription per form: what the save needs lives in refs, so the first render's closures stay right.
  useEffect(() => {
    if (returned) return;
    const subscription = methods.watch(() => {
      if (paused.current) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(false), 1500);
    });
    return () => {
      subscription.unsubscribe();
      if (timer.current !== undefined) void flush(false);
    };
  }, [methods, returned]);

  async function saveDraft() {
    setProblem(undefined);
    if (needUnit()) return;
    await flush(true);
  }

  const onSubmit = methods.handleSubmit(
    async (data) => {
      setProblem(undefined);
      if (needUnit()) return;
      paused.current = true;
      clearTimeout(timer.current);
      timer.current = undefined;
      await queue.current;
      try {
        const result = await write(data, true);
        navigate(`/campaigns/${campaign.campaignId}/entries/${result.entryId}`, { state: { flash: returned ? "已重新提交，等待形式审查" : "案例已提交，等待形式审查" } });
      } catch (error) {
        paused.current = false;
        setProblem(explain(error));
      }
    },
    () => {
      if (!saved.current && !unitId) setUnitError("请选择申报单位");
      setProblem("还有未填或填写有误的项目，请按提示修改");
    },
  );

  if (!entry && units.length === 0) {
    return (
      <>
        <h1>提交案例</h1>
        <p className="notice">只有{campaign.orgName}下属单位的成员可以提交案例。您目前不属于任何下属单位。</p>
        <Link className="button" to={back}>
          返回
        </Link>
      </>
    );
  }

  const unitLocked = Boolean(saved.current) || units.length === 1;
  const header = unitLocked ? (
    <p className="unit-picker__fixed">
      申报单位：<strong>{entry?.unitName ?? units.find((u) => u.orgId === unitId)?.orgName}</strong>
    </p>
  ) : (
    <UnitPicker
      units={units}
      value={unitId}
      locked={false}
      error={unitError}
      onChange={(orgId) => {
        setUnitId(orgId);
        setUnitError(undefined);
      }}
    />
  );
  const { isSubmitting } = methods.formState;

  return (
    <>
      <p className="crumbs-lite">
        <Link to={back}>‹ {campaign.title}</Link>
      </p>
      <header className="page-head">
        <h1>{returned ? "修改后重新提交" : "提交案例"}</h1>
        <p className="page-head__meta muted">
          {entry && <span className="status">{ENTRY_STATUS_LABELS[entry.status]}</span>}
          征集截止 {formatDateTime(campaign.submissionsCloseAt)}
        </p>
      </header>
      <form className="form fill-form" onSubmit={onSubmit} noValidate>
        <FormRenderer definition={definition} form={methods} context={context} header={header} />
        <ErrorMessage error={problem} />
        <div className="fill-form__bar">
          {returned ? (
            <Link className="button" to={back}>
              取消
            </Link>
          ) : (
            <button type="button" className="button" onClick={saveDraft} disabled={saving || isSubmitting}>
              {saving ? "正在保存…" : "保存草稿"}
            </button>
          )}
          <p className="save-state" role="status" aria-live="polite">
            {saveFailed ? `草稿未能保存：${saveFailed}` : saving ? "正在保存草稿…" : savedAt ? `草稿已保存 ${formatTime(savedAt)}` : returned ? "" : "填写内容会自动保存为草稿"}
          </p>
          <button type="submit" className="button button--primary" disabled={isSubmitting || saving}>
            {isSubmitting ? "正在提交…" : returned ? "重新提交" : "提交"}
          </button>
        </div>
      </form>
    </>
  );
}
