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

/**
 * Uploads one file for a form's file field (`photos`, or `group.sub` inside a repeating
 * group): asks the API for a presigned PUT (which checks type and size), sends the bytes,
 * and returns the reference to store in the answer.
 */
export async function uploadFile(
  input: { formId: string; field: string; file: File },
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<FileRef> {
  const { file } = input;
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
