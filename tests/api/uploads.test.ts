import { beforeAll, describe, expect, it } from "vitest";
import { call, demoOrgs, signIn } from "../support/api";
import { activityForm } from "../support/fixtures";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(7)]);
const answers = { title: "海报测试", theme: "volunteer", date: "2026-12-20", needsFunds: "no" };

async function ticket(token: string, formId: string, overrides: Record<string, unknown> = {}) {
  return call("POST", "/uploads", { token, body: { formId, field: "poster", name: "海报.png", type: "image/png", size: PNG.length, ...overrides } });
}

async function put(url: string, body: Uint8Array, type: string) {
  return fetch(url, { method: "PUT", body: body as Uint8Array<ArrayBuffer>, headers: { "content-type": type } });
}

describe("attaching files to a form", () => {
  let organizer: string;
  let formId: string;

  beforeAll(async () => {
    const admin = await signIn("13800000001");
    organizer = await signIn("13800000003");
    formId = (await call("POST", `/orgs/${demoOrgs().district}/forms`, { token: admin, body: { definition: activityForm, publish: true } })).json.form.formId;
  });

  it("an organizer uploads a poster straight to storage and submits it; reviewers can open it, others cannot", async () => {
    const issued = await ticket(organizer, formId);
    expect(issued.status).toBe(201);
    expect(issued.json.url).toMatch(/X-Amz-Signature=/);
    expect(new URL(issued.json.url).searchParams.get("X-Amz-SignedHeaders")).toMatch(/content-length.*content-type|content-type.*content-length/);
    expect((await put(issued.json.url, PNG, "image/png")).ok).toBe(true);

    const poster = [{ uploadId: issued.json.uploadId, name: "海报.png", size: PNG.length, type: "image/png" }];
    const submitted = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { ...answers, poster } } });
    expect(submitted.status).toBe(201);

    const link = await call("GET", `/uploads/${issued.json.uploadId}?format=json`, { token: await signIn("13800000001") });
    expect(link.status).toBe(200);
    const downloaded = new Uint8Array(await (await fetch(link.json.url)).arrayBuffer());
    expect(downloaded).toEqual(PNG);

    const redirect = await call("GET", `/uploads/${issued.json.uploadId}`, { token: organizer });
    expect(redirect.status).toBe(302);
    expect((await call("GET", `/uploads/${issued.json.uploadId}`, { token: await signIn("13800000004") })).status).toBe(404);
    expect((await call("GET", `/uploads/${issued.json.uploadId}`)).status).toBe(401);
  });

  it("a file of the wrong type or over the size limit gets no upload ticket", async () => {
    const wrongType = await ticket(organizer, formId, { name: "a.exe", type: "application/x-msdownload" });
    expect(wrongType.status).toBe(422);
    expect(wrongType.json.errors.type).toBeDefined();
    const tooBig = await ticket(organizer, formId, { size: 2 * 1024 * 1024 });
    expect(tooBig.status).toBe(422);
    expect(tooBig.json.errors.size).toBeDefined();
    const notAFileField = await ticket(organizer, formId, { field: "title" });
    expect(notAFileField.status).toBe(422);
    expect(notAFileField.json.errors.field).toBeDefined();
  });

  it("a stored file that differs from what was declared is refused at submit, naming the field, and nothing is stored", async () => {
    const issued = await ticket(organizer, formId);
    await put(issued.json.url, PNG.slice(0, 50), "image/png");
    const poster = [{ uploadId: issued.json.uploadId, name: "海报.png", size: PNG.length, type: "image/png" }];
    const before = (await call("GET", `/me/submissions?formId=${formId}`, { token: organizer })).json.items.length;
    const response = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { ...answers, poster } } });
    expect(response.status).toBe(422);
    expect(response.json.code).toBe("upload.rejected");
    expect(Object.keys(response.json.errors)).toEqual(["data.poster"]);
    expect((await call("GET", `/me/submissions?formId=${formId}`, { token: organizer })).json.items).toHaveLength(before);
  });

  it("a file stored with another type than declared is refused at submit", async () => {
    const issued = await ticket(organizer, formId);
    await put(issued.json.url, PNG, "application/pdf");
    const poster = [{ uploadId: issued.json.uploadId, name: "海报.png", size: PNG.length, type: "image/png" }];
    const response = await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { ...answers, poster } } });
    expect(response.status).toBe(422);
  });

  it("an upload that never reached storage, or someone else's upload, cannot be attached", async () => {
    const missing = await ticket(organizer, formId);
    const poster = [{ uploadId: missing.json.uploadId, name: "海报.png", size: PNG.length, type: "image/png" }];
    expect((await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { ...answers, poster } } })).status).toBe(422);

    const other = await signIn("13800000004");
    const theirs = await ticket(other, formId);
    await put(theirs.json.url, PNG, "image/png");
    const stolen = [{ uploadId: theirs.json.uploadId, name: "海报.png", size: PNG.length, type: "image/png" }];
    expect((await call("POST", `/forms/${formId}/submissions`, { token: organizer, body: { data: { ...answers, poster: stolen } } })).status).toBe(422);
  });
});
