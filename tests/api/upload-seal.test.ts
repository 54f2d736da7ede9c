import { PutObjectCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { s3, uploadsBucket } from "@tongxin/core/uploads/s3";
import { getUpload } from "@tongxin/core/uploads/uploads";
import { call, demoOrgs, signIn } from "../support/api";
import { activityForm } from "../support/fixtures";

/**
 * Evidence cannot be swapped after review starts (#13.12), and a file is what it says it is.
 * The local S3 (s3rver) checks no signatures, so these hold because the API checks size, real
 * type and SHA-256 itself.
 */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(7)]);
const SWAPPED = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(9)]);
const answers = { title: "证据测试", theme: "volunteer", date: "2026-12-20", needsFunds: "no" };

const put = (url: string, body: Uint8Array, type: string) => fetch(url, { method: "PUT", body: body as Uint8Array<ArrayBuffer>, headers: { "content-type": type } });

describe("a file attached to a sent submission", () => {
  let organizer: string;
  let reviewer: string;
  let formId: string;

  beforeAll(async () => {
    const admin = await signIn("13800000001");
    reviewer = admin;
    organizer = await signIn("13800000003");
    formId = (await call("POST", `/orgs/${demoOrgs().district}/forms`, { token: admin, body: { definition: activityForm, publish: true } })).json.form.formId;
  });

  async function submitPoster(name: string, bytes: Uint8Array, type = "image/png") {
    const ticket = await call("POST", "/uploads", { token: organizer, body: { formId, field: "poster", name, type, size: bytes.length } });
    expect(ticket.status, ticket.text).toBe(201);
    expect((await put(ticket.json.url, bytes, type)).ok).toBe(true);
    const poster = [{ uploadId: ticket.json.uploadId, name, size: bytes.length, type }];
    const submitted = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { ...answers, poster } } });
    return { ticket: ticket.json, submitted };
  }

  async function reviewerDownload(uploadId: string) {
    const link = await call("GET", `/uploads/${uploadId}?format=json`, { token: reviewer });
    return { link, bytes: link.status === 200 ? new Uint8Array(await (await fetch(link.json.url)).arrayBuffer()) : undefined };
  }

  it("cannot be overwritten through its still-valid upload URL: the reviewer still gets the submitted bytes", async () => {
    const { ticket, submitted } = await submitPoster("海报.png", PNG);
    expect(submitted.status).toBe(201);
    expect(submitted.json.status).toBe("submitted"); // sent: reviewers may open it from now on

    expect((await put(ticket.url, SWAPPED, "image/png")).ok).toBe(true); // the storage accepts the PUT…
    const { link, bytes } = await reviewerDownload(ticket.uploadId);
    expect(link.status).toBe(200);
    expect(bytes).toEqual(PNG); // …but what reviewers read is the sealed copy
  });

  it("a sealed copy changed in storage is refused at download instead of served", async () => {
    const { ticket } = await submitPoster("海报.png", PNG);
    const upload = await getUpload(ticket.uploadId);
    expect(upload?.sha256).toMatch(/^[0-9a-f]{64}$/);
    await s3().send(new PutObjectCommand({ Bucket: uploadsBucket(), Key: upload!.finalKey!, Body: SWAPPED, ContentType: "image/png" }));
    const { link } = await reviewerDownload(ticket.uploadId);
    expect(link.status).toBe(409);
    expect(link.json.code).toBe("upload.tampered");
  });

  it("a file named .. is stored under its own key, not at the folder, and reads back whole", async () => {
    const { ticket, submitted } = await submitPoster("..", PNG);
    expect(submitted.status).toBe(201);
    const upload = await getUpload(ticket.uploadId);
    expect(upload!.key.endsWith(`/${ticket.uploadId}/file`)).toBe(true);
    expect(upload!.finalKey!.endsWith(`/${ticket.uploadId}/file`)).toBe(true);
    expect((await reviewerDownload(ticket.uploadId)).bytes).toEqual(PNG);
  });

  it("a PNG renamed .jpg is refused at submit with an error on the field, and no submission is stored", async () => {
    const before = (await call("GET", `/me/submissions?formId=${formId}`, { token: organizer })).json.items.length;
    const { ticket, submitted } = await submitPoster("现场.jpg", PNG, "image/jpeg");
    expect(submitted.status).toBe(422);
    expect(submitted.json.code).toBe("upload.rejected");
    expect(Object.keys(submitted.json.errors)).toEqual(["data.poster"]);
    expect(submitted.json.errors["data.poster"][0]).toContain("不是申报的类型");
    expect((await call("GET", `/me/submissions?formId=${formId}`, { token: organizer })).json.items).toHaveLength(before);
    expect((await getUpload(ticket.uploadId))?.finalKey).toBeUndefined();
  });
});
