import { imageSize } from "image-size";
import type { Activity } from "../activities/model";
import type { FileRef } from "../forms/attachments";
import { getUpload, readSealedUpload } from "../uploads/uploads";

/**
 * The summary photos a 台账 embeds, read back from their sealed copies (hash-checked). A Word
 * file answered through API Gateway must stay under its 6 MB response limit, so photos are
 * embedded in date order until `budgetBytes` is spent; the rest are listed by name.
 */
export interface LedgerPhoto {
  uploadId: string;
  name: string;
  type: "jpg" | "png";
  data: Uint8Array;
  width: number;
  height: number;
}

/** Image bytes embedded per document: base64 in the response adds a third, and the text needs room. */
export const LEDGER_PHOTO_BUDGET_BYTES = 3_500_000;

const wordType = (contentType: string): LedgerPhoto["type"] | undefined =>
  contentType === "image/jpeg" ? "jpg" : contentType === "image/png" ? "png" : undefined;

/**
 * Which summary photos to embed: JPEG and PNG, oldest activity first, each taken while the
 * bytes so far plus its own stay within the budget (a large photo is skipped, smaller later
 * ones may still fit). Pure.
 */
export function photosToEmbed(activities: Activity[], budgetBytes = LEDGER_PHOTO_BUDGET_BYTES): FileRef[] {
  const chosen: FileRef[] = [];
  let spent = 0;
  const refs = [...activities].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).flatMap((activity) => activity.summary?.photos ?? []);
  for (const ref of refs) {
    if (wordType(ref.type) === undefined || spent + ref.size > budgetBytes) continue;
    chosen.push(ref);
    spent += ref.size;
  }
  return chosen;
}

/** An image's pixel size, or undefined when its header cannot be read (then it is listed, not embedded). */
function sizeOf(data: Uint8Array): { width: number; height: number } | undefined {
  try {
    const { width, height } = imageSize(data);
    return width > 0 && height > 0 ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}

/** The photos to embed, read back and sized, keyed by upload id. */
export async function ledgerPhotos(activities: Activity[], budgetBytes = LEDGER_PHOTO_BUDGET_BYTES): Promise<Map<string, LedgerPhoto>> {
  const photos = await Promise.all(
    photosToEmbed(activities, budgetBytes).map(async (ref): Promise<LedgerPhoto | undefined> => {
      const upload = await getUpload(ref.uploadId);
      const type = upload && wordType(upload.contentType);
      const data = upload && type ? await readSealedUpload(upload) : undefined;
      const size = data && sizeOf(data);
      if (!upload || !type || !data || !size) return undefined;
      return { uploadId: ref.uploadId, name: upload.name, type, data, ...size };
    }),
  );
  return new Map(photos.filter((photo) => photo !== undefined).map((photo) => [photo.uploadId, photo]));
}
