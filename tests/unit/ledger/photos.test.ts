import { describe, expect, it } from "vitest";
import type { Activity } from "@tongxin/core/activities/model";
import { photosToEmbed } from "@tongxin/core/ledger/photos";

const photo = (uploadId: string, size: number, type = "image/jpeg") => ({ uploadId, name: `${uploadId}.jpg`, size, type });
const activity = (startsAt: string, photos: ReturnType<typeof photo>[]) => ({ startsAt, summary: { photos } }) as unknown as Activity;

describe("which summary photos the 台账 embeds", () => {
  it("takes the oldest activity's photos first and stops at the byte budget, letting a smaller later photo in", () => {
    const activities = [
      activity("2026-06-01T09:00", [photo("june", 400)]),
      activity("2026-03-01T09:00", [photo("march-a", 300), photo("march-b", 500)]),
      activity("2026-09-01T09:00", [photo("sept", 100)]),
    ];
    expect(photosToEmbed(activities, 1_000).map((p) => p.uploadId)).toEqual(["march-a", "march-b", "sept"]);
    expect(photosToEmbed(activities, 5_000).map((p) => p.uploadId)).toEqual(["march-a", "march-b", "june", "sept"]);
  });

  it("embeds JPEG and PNG only: Word cannot show a HEIC, and a PDF is not a photo", () => {
    const activities = [activity("2026-03-01T09:00", [photo("a", 10, "image/heic"), photo("b", 10, "image/png"), photo("c", 10, "application/pdf")])];
    expect(photosToEmbed(activities).map((p) => p.uploadId)).toEqual(["b"]);
  });

  it("an activity without a summary has nothing to embed", () => {
    expect(photosToEmbed([{ startsAt: "2026-03-01T09:00" } as unknown as Activity])).toEqual([]);
  });
});
