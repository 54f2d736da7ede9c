import { useEffect, useId, useRef, useState } from "react";
import { useController, useFormContext } from "react-hook-form";
import { fileRuleOf, type FileField, type FormValues } from "@tongxin/core/forms";
import { uploadUrl } from "../../api";
import { useRenderer } from "../context";
import { FieldFrame, useFieldError } from "../FieldFrame";
import { formatSize, uploadFile, uploadProblem, type FileRef } from "../upload";

interface Pending {
  id: number;
  name: string;
  progress: number;
  problem?: string;
}

interface Props {
  field: FileField;
  name: string;
  /** The field as the upload API names it: `photos`, or `group.sub` inside a group. */
  uploadPath: string;
  required: boolean;
}

const asRefs = (value: unknown): FileRef[] => (Array.isArray(value) ? (value as FileRef[]) : []);
let nextPendingId = 1;

/** 文件 / 图片: an upload button, a progress bar per file, and the list with 移除 (images as thumbnails). */
export function FileInput({ field, name, uploadPath, required }: Props) {
  const id = useId();
  const error = useFieldError(name);
  const { getValues } = useFormContext<FormValues>();
  const { field: control } = useController<FormValues>({ name });
  const { formId, disabled } = useRenderer();
  const [pending, setPending] = useState<Pending[]>([]);
  const [previews, setPreviews] = useState<Record<string, string>>({});
  const previewsRef = useRef(previews);
  previewsRef.current = previews;
  useEffect(() => () => Object.values(previewsRef.current).forEach((url) => URL.revokeObjectURL(url)), []);

  const rule = fileRuleOf(field);
  const files = asRefs(control.value);
  const image = field.type === "image";
  const room = rule.maxFiles - files.length - pending.filter((p) => !p.problem).length;
  const canUpload = Boolean(formId) && !disabled && room > 0;

  const patch = (pendingId: number, change: Partial<Pending>) => setPending((all) => all.map((p) => (p.id === pendingId ? { ...p, ...change } : p)));

  async function start(file: File) {
    const pendingId = nextPendingId++;
    const problem = !rule.accept.includes(file.type)
      ? `不支持此类型的文件（${file.type || "未知类型"}）`
      : file.size > rule.maxSizeMB * 1024 * 1024
        ? `文件超过${rule.maxSizeMB}MB`
        : undefined;
    setPending((all) => [...all, { id: pendingId, name: file.name, progress: 0, problem }]);
    if (problem || !formId) return;
    try {
      const ref = await uploadFile({ formId, field: uploadPath, file }, (progress) => patch(pendingId, { progress }));
      if (image) setPreviews((all) => ({ ...all, [ref.uploadId]: URL.createObjectURL(file) }));
      control.onChange([...asRefs(getValues(name)), ref]);
      setPending((all) => all.filter((p) => p.id !== pendingId));
    } catch (failure) {
      patch(pendingId, { problem: uploadProblem(failure) });
    }
  }

  function choose(list: FileList | null) {
    const chosen = Array.from(list ?? []);
    chosen.slice(0, Math.max(room, 0)).forEach((file) => void start(file));
    if (chosen.length > room) {
      setPending((all) => [...all, { id: nextPendingId++, name: `另选的${chosen.length - room}个文件`, progress: 0, problem: `最多上传${rule.maxFiles}个文件` }]);
    }
  }

  const remove = (uploadId: string) => control.onChange(files.filter((file) => file.uploadId !== uploadId));
  const limits = `${image ? "图片" : "文件"}最大${rule.maxSizeMB}MB${rule.maxFiles > 1 ? `，最多${rule.maxFiles}个` : ""}`;

  return (
    <FieldFrame id={id} field={field} required={required} error={error} group className="files-field">
      <input
        ref={control.ref}
        id={id}
        className="visually-hidden file-input"
        type="file"
        accept={rule.accept.join(",")}
        multiple={rule.maxFiles > 1}
        disabled={!canUpload}
        aria-label={field.label}
        aria-describedby={`${id}-limits${error ? ` ${id}-error` : ""}`}
        onChange={(event) => {
          choose(event.target.files);
          event.target.value = "";
        }}
      />
      {!disabled && (
        <div className="files-field__bar">
          <label htmlFor={id} className={canUpload ? "button" : "button button--disabled"} aria-hidden="true">
            {image ? "上传图片" : "上传文件"}
          </label>
          <span className="field__hint" id={`${id}-limits`}>
            {!formId ? "预览中不能上传文件" : room <= 0 ? `已达上限（最多${rule.maxFiles}个），可先移除再上传` : limits}
          </span>
        </div>
      )}
      {(files.length > 0 || pending.length > 0) && (
        <ul className={image ? "files files--images" : "files"} aria-label={`${field.label}：已上传`}>
          {files.map((file) => (
            <li key={file.uploadId} className="files__item">
              {image && <img className="files__thumb" src={previews[file.uploadId] ?? uploadUrl(file.uploadId)} alt={file.name} />}
              <a className="files__name" href={uploadUrl(file.uploadId)} target="_blank" rel="noreferrer">
                {file.name}
              </a>
              <span className="files__size">{formatSize(file.size)}</span>
              {!disabled && (
                <button type="button" className="button button--small button--danger" onClick={() => remove(file.uploadId)} aria-label={`移除 ${file.name}`}>
                  移除
                </button>
              )}
            </li>
          ))}
          {pending.map((item) => (
            <li key={item.id} className={item.problem ? "files__item files__item--failed" : "files__item"}>
              <span className="files__name">{item.name}</span>
              {item.problem ? (
                <>
                  <span className="field__error" role="alert">
                    {item.problem}
                  </span>
                  <button type="button" className="button button--small" onClick={() => setPending((all) => all.filter((p) => p.id !== item.id))}>
                    知道了
                  </button>
                </>
              ) : (
                <progress max={1} value={item.progress} aria-label={`正在上传 ${item.name}`}>
                  {Math.round(item.progress * 100)}%
                </progress>
              )}
            </li>
          ))}
        </ul>
      )}
    </FieldFrame>
  );
}
