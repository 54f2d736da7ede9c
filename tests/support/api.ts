import { inject } from "vitest";
import { app } from "../../packages/functions/src/app";
import { DEMO_PASSWORD } from "@tongxin/core/seed/demo";

/** Demo org ids seeded by the global setup. */
export const demoOrgs = () => inject("demoOrgs");

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The client's address as the transport reports it; a fresh one per call unless given. */
  client?: string;
}

const randomAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250)).join(".")}`;

/** Calls the API in-process, the way a client would over HTTP. */
export async function call(method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === "string" || options.body instanceof Uint8Array || options.body instanceof FormData) {
      body = options.body as BodyInit;
    } else {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
  }
  const env = { requestContext: { http: { sourceIp: options.client ?? randomAddress() } } };
  const response = await app.request(`/api${path}`, { method, headers, body }, env);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const json = text && /json/.test(response.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, json, text, bytes };
}

/** Signs in as a demo account and returns the bearer token (asked for explicitly: a browser's sign-in gets only the cookie). */
export async function signIn(login: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await call("POST", "/auth/login", { body: { login, password, delivery: "token" } });
  if (response.status !== 200) throw new Error(`sign-in as ${login} failed: ${response.status} ${response.text}`);
  return response.json.token as string;
}

/** A phone number no other test uses. */
export function uniquePhone(): string {
  return `17${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}
