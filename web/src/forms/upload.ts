import { api, ApiError, type UploadTicket } from "../api";

/** A file as a submission stores it. */
export interface FileRef {
  uploadId: string;
  name: string;
  size: number;
  type: string;
}

/** PUTs the bytes to the presigned URL, reporting progress (0–1). */
function put(ticket: UploadTicket, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method, ticket.url);
    for (const [name, value] of Object.entries(ticket.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status, "upload.failed", `上传失败（${xhr.status}），请重试`));
    xhr.onerror = () => reject(new ApiError(0, "network.error", "上传失败，请检查网络后重试"));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

const REENCODED_IMAGES = ["image/jpeg", "image/png", "image/webp"];
/** The long side of an uploaded photo: sharp on any screen, small on 4G. */
export const PHOTO_MAX_SIDE = 2000;

/**
 * A photo as it leaves the phone: drawn onto a canvas and encoded again, so the camera's
 * orientation is applied and its EXIF (GPS position, device, time) is left behind; the long side
 * is capped at 2,000 px. The library is loaded only when an image is picked, so pages keep their
 * script budget; it runs on the page (no worker, no CDN script).
 */
export async function preparedForUpload(file: File): Promise<File> {
  if (!REENCODED_IMAGES.includes(file.type)) return file;
  const { default: imageCompression } = await import("browser-image-compression");
  const encoded = await imageCompression(file, { maxWidthOrHeight: PHOTO_MAX_SIDE, useWebWorker: false, initialQuality: 0.85, preserveExif: false });
  return new File([encoded], file.name, { type: encoded.type || file.type, lastModified: file.lastModified });
}

/**
 * Uploads one file for a form's file field (`photos`, or `group.sub` inside a repeating
 * group): re-encodes photos (see `preparedForUpload`), asks the API for a presigned PUT (which
 * checks type and size), sends the bytes, and returns the reference to store in the answer.
 */
export async function uploadFile(
  input: { formId: string; field: string; file: File },
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<FileRef> {
  const file = await preparedForUpload(input.file);
  const ticket = await api.startUpload({ formId: input.formId, field: input.field, name: file.name, type: file.type, size: file.size });
  await put(ticket, file, onProgress, signal);
  onProgress(1);
  return { uploadId: ticket.uploadId, name: file.name, size: file.size, type: file.type };
}

/** 2.5 MB, 830 KB, 120 B. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** What a problem says to the person: the field-level reason when the API gave one. */
export function uploadProblem(error: unknown): string {
  if (!(error instanceof ApiError)) return "上传失败，请重试";
  const reasons = Object.values(error.errors).flat();
  return reasons.length > 0 ? `${error.title}：${reasons[0]}` : error.title;
}
