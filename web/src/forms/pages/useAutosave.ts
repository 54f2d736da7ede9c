import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { compileForm, type FormDefinition } from "@tongxin/core/forms";
import { api, ApiError, newIdempotencyKey, type Submission } from "../../api";
import type { DefinitionForm } from "../FormRenderer";
import { draftData } from "./draftData";

export const AUTOSAVE_DELAY_MS = 1500;

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "failed"; message: string }
  | { kind: "outdated" };

interface Options {
  formId: string;
  version: number;
  definition: FormDefinition;
  form: DefinitionForm;
  /** The draft being continued (same version), if any. */
  draft?: Submission;
  /** The unit a new draft is made for; `null` while the person still has to choose one (nothing is saved until then). */
  unitId?: string | null;
}

/** Where my draft is on the server: none yet, or its id and the revision last written. */
export interface DraftRef {
  submissionId: string;
  revision: number;
}

/**
 * Saves a draft ~1.5 s after the last change: POST (with an Idempotency-Key kept until it
 * succeeds) the first time, then PUT with the revision. Saves never overlap; answers that are
 * not valid yet are left out of the draft. `pause()` stops saving and waits for a save in
 * flight, so a submit can use the draft's id and revision.
 */
export function useAutosave({ formId, version, definition, form, draft, unitId }: Options) {
  const schema = useMemo(() => compileForm(definition, { mode: "draft" }), [definition]);
  const saved = useRef<DraftRef | undefined>(draft ? { submissionId: draft.submissionId, revision: draft.revision } : undefined);
  const lastJson = useRef(JSON.stringify(draftData(schema, form.getValues())));
  const createKey = useRef(newIdempotencyKey());
  const queue = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const paused = useRef(false);
  const [status, setStatus] = useState<SaveStatus>(draft ? { kind: "saved", at: draft.updatedAt } : { kind: "idle" });
  const unit = useRef(unitId);
  useEffect(() => {
    unit.current = unitId;
  }, [unitId]);

  const write = useCallback(
    async (data: Record<string, unknown>, retried = false): Promise<Submission> => {
      const current = saved.current;
      if (!current) return api.createSubmission(formId, { data, draft: true, version, unitId: unit.current ?? undefined }, createKey.current);
      try {
        return await api.updateSubmission(current.submissionId, { data, draft: true, revision: current.revision });
      } catch (error) {
        // Saved from another tab meanwhile: it is my own draft, so carry on from its revision.
        if (retried || !(error instanceof ApiError) || error.code !== "conflict.stale") throw error;
        const fresh = await api.submission(current.submissionId);
        if (fresh.status !== "draft") throw new ApiError(409, "submission.not_editable", "这份草稿已在别处提交，请刷新页面");
        saved.current = { submissionId: fresh.submissionId, revision: fresh.revision };
        return write(data, true);
      }
    },
    [formId, version],
  );

  const save = useCallback(async () => {
    if (paused.current || (!saved.current && unit.current === null)) return;
    const data = draftData(schema, form.getValues());
    const json = JSON.stringify(data);
    if (json === lastJson.current) return;
    setStatus({ kind: "saving" });
    try {
      const submission = await write(data);
      saved.current = { submissionId: submission.submissionId, revision: submission.revision };
      lastJson.current = json;
      setStatus({ kind: "saved", at: submission.updatedAt });
    } catch (error) {
      if (error instanceof ApiError && error.code === "form.version_outdated") setStatus({ kind: "outdated" });
      else if (error instanceof ApiError && error.status !== 401) setStatus({ kind: "failed", message: error.title });
      else setStatus({ kind: "failed", message: "草稿未能保存，请检查网络" });
    }
  }, [form, schema, write]);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    queue.current = queue.current.then(save);
    return queue.current;
  }, [save]);

  const schedule = useCallback(() => {
    if (paused.current) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  }, [flush]);

  useEffect(() => {
    const subscription = form.watch(schedule);
    return () => {
      subscription.unsubscribe();
      // Leaving with a change not yet saved: save it now.
      if (timer.current !== undefined) void flush();
    };
  }, [form, flush, schedule]);

  /** Stops autosaving and waits for a save in flight; gives the draft to submit, if any. */
  const pause = useCallback(async (): Promise<DraftRef | undefined> => {
    paused.current = true;
    clearTimeout(timer.current);
    timer.current = undefined;
    await queue.current;
    return saved.current;
  }, []);

  const resume = useCallback(() => {
    paused.current = false;
  }, []);

  /** Whether a draft exists on the server (its unit can no longer change). */
  const hasDraft = useCallback(() => saved.current !== undefined, []);

  return { status, pause, resume, schedule, hasDraft };
}
