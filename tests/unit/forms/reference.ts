/**
 * An independent, deliberately plain statement of what a compiled form accepts and stores,
 * written from the contract (not from compile.ts): per-field loops, no zod. The property tests
 * hold the compiled schema to it. It relies on the generator's promise that conditions only
 * name earlier fields, so visibility can be decided in one pass in definition order.
 */
import type { Condition, Field, FormDefinition } from "@tongxin/core/forms/index";

/** E-mail addresses the generator uses, with whether each is one (what z.email() decides). */
export const EMAILS = new Map([
  ["a@b.co", true], ["li.hua@example.cn", true], ["x_y+z@sub.domain.org", true],
  ["a@b", false], ["no-at", false], ["a@@b.co", false], [".a@b.co", false], ["a..b@c.co", false], ["a@b.c", false], ["文本", false],
]);

type Mode = "submit" | "draft";
type Values = Record<string, unknown>;
export interface Verdict {
  ok: boolean;
  output: Values;
  errorPaths: string[];
}

/** ISO 7064 MOD 11-2, weights computed rather than tabled. */
export function idCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? "X" : String(c);
}

const USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC.indexOf(first17[i]!) * (3 ** i % 31);
  return USCC[(31 - (sum % 31)) % 31]!;
}

const get = (values: Values, key: string) => (Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined);
const isObject = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

function realDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
function realDateTime(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return false;
  const d = new Date(`${v}:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 16) === v;
}

function blank(v: unknown): boolean {
  return v === undefined || v === null || Number.isNaN(v) || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);
}

/** As conditions read an answer: trimmed, and normalized as it will be stored. */
function asRead(v: unknown, type?: string): unknown {
  if (typeof v === "string") {
    const t = v.trim();
    if (type === "phone") return t.replace(/[\s-]/g, "").replace(/^(\+?86)(?=1\d{10}$)/, "");
    if (type === "email") return t.toLowerCase();
    if (type === "idcard" || type === "uscc") return t.toUpperCase();
    return t;
  }
  if (Array.isArray(v)) return v.map((x) => (typeof x === "string" ? x.trim() : x));
  return Number.isNaN(v) ? undefined : v;
}

function holds(c: Condition, read: (key: string) => unknown): boolean {
  if ("all" in c) return c.all.every((x) => holds(x, read));
  if ("any" in c) return c.any.some((x) => holds(x, read));
  if ("not" in c) return !holds(c.not, read);
  const v = read(c.field);
  const list: unknown[] = Array.isArray(v) ? v : [v];
  const filled = !(v === undefined || v === null || v === "" || v === false || (Array.isArray(v) && v.length === 0));
  if (c.op === "truthy") return filled;
  if (c.op === "falsy") return !filled;
  if (c.op === "eq") return list.includes(c.value);
  if (c.op === "neq") return !list.includes(c.value);
  if (c.op === "in") return list.some((x) => (c.value as unknown[]).includes(x));
  if (c.op === "notIn") return !list.some((x) => (c.value as unknown[]).includes(x));
  if (typeof v !== "number") return false;
  const bound = (c as { value: number }).value;
  return c.op === "gt" ? v > bound : c.op === "gte" ? v >= bound : c.op === "lt" ? v < bound : v <= bound;
}

const BAD = Symbol("bad");
const distinct = (xs: unknown[]) => new Set(xs).size === xs.length;

/** The stored form of one filled-in answer, or BAD. */
function leaf(f: Exclude<Field, { type: "group" | "section" | "checkbox" }>, raw: unknown, mode: Mode): unknown {
  if (f.type === "number") {
    if (typeof raw !== "number" || !Number.isFinite(raw)) return BAD;
    if ((f.integer && !Number.isInteger(raw)) || (f.min !== undefined && raw < f.min) || (f.max !== undefined && raw > f.max)) return BAD;
    return raw;
  }
  if (f.type === "money") {
    if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw < (f.min ?? 0) || (f.max !== undefined && raw > f.max)) return BAD;
    return raw;
  }
  if (f.type === "multiselect") {
    if (!Array.isArray(raw) || !raw.every((x) => typeof x === "string")) return BAD;
    const picked = raw.map((x: string) => x.trim());
    if (!picked.every((x) => f.options.some((o) => o.value === x)) || !distinct(picked)) return BAD;
    if (mode === "submit" && f.minItems !== undefined && picked.length < f.minItems) return BAD;
    if (f.maxItems !== undefined && picked.length > f.maxItems) return BAD;
    return picked;
  }
  if (f.type === "file" || f.type === "image") {
    if (!Array.isArray(raw)) return BAD;
    const accept = f.accept ?? (f.type === "image" ? ["image/jpeg", "image/png", "image/webp"] : ["application/pdf", "image/jpeg", "image/png", "image/webp", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/plain"]);
    const out = [];
    for (const file of raw) {
      if (!isObject(file)) return BAD;
      const { uploadId, name, size, type } = file;
      if (typeof uploadId !== "string" || uploadId.length < 1 || uploadId.length > 200) return BAD;
      if (typeof name !== "string" || name.trim().length < 1 || name.trim().length > 255) return BAD;
      if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0 || size > (f.maxSizeMB ?? 10) * 1024 * 1024) return BAD;
      if (typeof type !== "string" || !accept.includes(type.trim())) return BAD;
      out.push({ uploadId, name: name.trim(), size, type: type.trim() });
    }
    return out.length > (f.maxFiles ?? 1) ? BAD : out;
  }
  if (f.type === "member" && f.multiple) {
    if (!Array.isArray(raw) || !raw.every((x) => typeof x === "string")) return BAD;
    const ids = raw.map((x: string) => x.trim());
    return ids.every((id) => id.length >= 1 && id.length <= 100) && distinct(ids) ? ids : BAD;
  }
  if (typeof raw !== "string") return BAD;
  const v = raw.trim();
  switch (f.type) {
    case "text":
    case "textarea": {
      if (v.length > (f.maxLength ?? (f.type === "text" ? 200 : 5000))) return BAD;
      if (mode === "submit" && f.minLength !== undefined && v.length < f.minLength) return BAD;
      return f.pattern !== undefined && !new RegExp(`^(?:${f.pattern})$`, "u").test(v) ? BAD : v;
    }
    case "date":
    case "datetime":
      if (!(f.type === "date" ? realDate(v) : realDateTime(v))) return BAD;
      return (f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max) ? BAD : v;
    case "select":
    case "radio":
      return f.options.some((o) => o.value === v) ? v : BAD;
    case "phone": {
      const digits = v.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
      return /^1[3-9]\d{9}$/.test(digits) ? digits : BAD;
    }
    case "email": {
      const verdict = EMAILS.get(v.toLowerCase());
      if (verdict === undefined) throw new Error(`the reference does not know the e-mail ${v}`);
      return verdict ? v.toLowerCase() : BAD;
    }
    case "idcard": {
      const id = v.toUpperCase();
      const ok = /^[1-9]\d{16}[\dX]$/.test(id) && Number(id.slice(6, 10)) >= 1900 && realDate(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`) && idCheck(id) === id[17];
      return ok ? id : BAD;
    }
    case "uscc": {
      const code = v.toUpperCase();
      return code.length === 18 && [...code].every((ch) => USCC.includes(ch)) && usccCheck(code) === code[17] ? code : BAD;
    }
    case "member":
      return v.length <= 100 ? v : BAD;
  }
}

function scope(fields: readonly Field[], values: Values, mode: Mode, at: string[], errors: string[]): Values {
  const shown = new Map<string, boolean>();
  const read = (key: string) => (shown.get(key) ? asRead(get(values, key), fields.find((f) => f.key === key)?.type) : undefined);
  for (const f of fields) shown.set(f.key, f.visibleIf ? holds(f.visibleIf, read) : true);
  const out: Values = {};
  for (const f of fields) {
    if (f.type === "section" || !shown.get(f.key)) continue;
    const raw = get(values, f.key);
    const path = [...at, f.key];
    const mustFill = mode === "submit" && (f.required === true || (f.requiredIf !== undefined && holds(f.requiredIf, read)));
    if (blank(raw)) {
      if (mustFill) errors.push(path.join("."));
      continue;
    }
    if (f.type === "group") {
      if (!Array.isArray(raw)) errors.push(path.join("."));
      else if (raw.length > (f.maxRows ?? 50)) errors.push(path.join("."));
      else {
        if (mode === "submit" && f.minRows !== undefined && raw.length < f.minRows) errors.push(path.join("."));
        out[f.key] = raw.map((row, i) => {
          if (isObject(row)) return scope(f.fields, row, mode, [...path, String(i)], errors);
          errors.push([...path, i].join("."));
          return {};
        });
      }
      continue;
    }
    if (f.type === "checkbox") {
      if (typeof raw !== "boolean" || (mustFill && !raw)) errors.push(path.join("."));
      else out[f.key] = raw;
      continue;
    }
    const stored = leaf(f, raw, mode);
    if (stored === BAD) errors.push(path.join("."));
    else out[f.key] = stored;
  }
  return out;
}

export function referenceCheck(def: FormDefinition, values: Values, mode: Mode): Verdict {
  const errors: string[] = [];
  const output = scope(def.fields, values, mode, [], errors);
  return { ok: errors.length === 0, output, errorPaths: [...new Set(errors)].sort() };
}
