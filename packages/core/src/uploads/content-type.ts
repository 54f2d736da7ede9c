import { fileTypeFromBuffer } from "file-type";

/**
 * What a stored file really is, by its magic bytes, against what the uploader declared: a
 * `.jpg` that is a PNG, or a script sent as `image/jpeg`, is caught before anyone opens it.
 */
const SIGNATURES: Record<string, number[]> = {
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  "application/pdf": [0x25, 0x50, 0x44, 0x46, 0x2d],
};

/** Types file-type names differently from the upload's declared type. */
const SAME_AS: Record<string, readonly string[]> = {
  "application/x-cfb": ["application/msword", "application/vnd.ms-excel"],
};

/**
 * `undefined` when the bytes are what `declared` says; otherwise what they appear to be.
 *
 * @example
 * await realTypeMismatch(pngBytes, "image/jpeg") // "image/png"
 */
export async function realTypeMismatch(bytes: Uint8Array, declared: string): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return detected.mime === declared || SAME_AS[detected.mime]?.includes(declared) ? undefined : detected.mime;
  if (declared === "text/plain") return bytes.includes(0) ? "application/octet-stream" : undefined;
  // file-type wants a well-formed file beyond the signature for some formats; the signature itself still decides.
  const signature = SIGNATURES[declared];
  if (signature && signature.every((byte, index) => bytes[index] === byte)) return undefined;
  return "unknown";
}
