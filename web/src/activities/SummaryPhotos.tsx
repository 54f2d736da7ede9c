import { useId, useState } from "react";
import { uploadUrl } from "../api";
import { formatSize, uploadFile, uploadProblem } from "../forms/upload";
import type { PhotoRef } from "./api";

const TYPES = ["image/jpeg", "image/png", "image/webp"];
const MAX_MB = 5;
const MAX_PHOTOS = 20;

interface Props {
  /** The activity's proposal form: summary photos are uploads against its image field. */
  formId: string;
  photos: PhotoRef[];
  onChange: (photos: PhotoRef[]) => void;
  onBusy: (busy: boolean) => void;
  disabled?: boolean;
}

/** 活动照片 (optional): upload buttons, a line per photo with 移除, and per-file problems. */
export function SummaryPhotos({ formId, photos, onChange, onBusy, disabled }: Props) {
  const id = useId();
  const [uploading, setUploading] = useState<string>();
  const [problems, setProblems] = useState<string[]>([]);

  async function add(files: File[]) {
    const found: string[] = [];
    let current = photos;
    onBusy(true);
    for (const file of files) {
      if (current.length >= MAX_PHOTOS) {
        found.push(`最多${MAX_PHOTOS}张照片`);
        break;
      }
      if (!TYPES.includes(file.type)) found.push(`${file.name}：请选择 JPG、PNG 或 WebP 图片`);
      else if (file.size > MAX_MB * 1024 * 1024) found.push(`${file.name}：图片超过${MAX_MB}MB`);
      else {
        setUploading(file.name);
        try {
          current = [...current, await uploadFile({ formId, field: "poster", file }, () => {})];
          onChange(current);
        } catch (error) {
          found.push(`${file.name}：${uploadProblem(error)}`);
        }
      }
    }
    setUploading(undefined);
    setProblems(found);
    onBusy(false);
  }

  const full = photos.length >= MAX_PHOTOS;
  const blocked = disabled || uploading !== undefined || full;
  return (
    <div className="field files-field">
      <span className="photos__label">
        活动照片<span className="field__optional">（选填）</span>
      </span>
      <input
        id={id}
        className="visually-hidden file-input"
        type="file"
        accept={TYPES.join(",")}
        multiple
        disabled={blocked}
        aria-label="活动照片"
        aria-describedby={`${id}-limits`}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = "";
          if (files.length > 0) void add(files);
        }}
      />
      <div className="files-field__bar">
        <label htmlFor={id} className={blocked ? "button button--disabled" : "button"} aria-hidden="true">
          {uploading ? "正在上传…" : "上传照片"}
        </label>
        <span className="field__hint" id={`${id}-limits`}>
          {full ? `已达上限（最多${MAX_PHOTOS}张）` : `JPG、PNG 或 WebP，每张最大${MAX_MB}MB，最多${MAX_PHOTOS}张`}
        </span>
      </div>
      {uploading && (
        <p className="field__hint" role="status">
          正在上传 {uploading}…
        </p>
      )}
      {problems.map((problem) => (
        <p key={problem} className="field__error" role="alert">
          {problem}
        </p>
      ))}
      {photos.length > 0 && (
        <ul className="files files--images" aria-label="活动照片：已上传">
          {photos.map((photo) => (
            <li key={photo.uploadId} className="files__item">
              <img className="files__thumb" src={uploadUrl(photo.uploadId)} alt={photo.name} />
              <span className="files__name">{photo.name}</span>
              <span className="files__size">{formatSize(photo.size)}</span>
              <button
                type="button"
                className="button button--small button--danger"
                onClick={() => onChange(photos.filter((p) => p.uploadId !== photo.uploadId))}
                disabled={disabled}
                aria-label={`移除 ${photo.name}`}
              >
                移除
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
