import { open, seal } from "../privacy/envelope";
import { keyedHash } from "../privacy/keyed-hash";
import { valueAt, withValueAt, type PersonalField } from "./personal-fields";

/**
 * Sensitive answers at rest: the submission item keeps its `data` without them, `sealed` holds
 * them (a JSON object path → value, envelope-encrypted, bound to the submission id), and
 * `sealedHashes` a keyed hash per path for duplicate checks. Values in the table, its stream
 * and its backups are therefore never plain; `personal` (paths only) stays readable.
 */
export interface SealedAnswers {
  data: Record<string, unknown>;
  sealed?: string;
  sealedHashes?: Record<string, string>;
}

const context = (submissionId: string) => `submission:${submissionId}`;

export async function sealAnswers(submissionId: string, data: Record<string, unknown>, personal: readonly PersonalField[] | undefined): Promise<SealedAnswers> {
  const sensitive = (personal ?? []).filter((field) => field.level === "sensitive" && valueAt(data, field.path) !== undefined);
  if (sensitive.length === 0) return { data };
  let cleared = data;
  const values: Record<string, unknown> = {};
  const hashes: Record<string, string> = {};
  for (const field of sensitive) {
    const value = valueAt(data, field.path);
    values[field.path] = value;
    if (typeof value === "string") hashes[field.path] = await keyedHash(field.kind, value);
    cleared = withValueAt(cleared, field.path, undefined);
  }
  return { data: cleared, sealed: await seal(JSON.stringify(values), context(submissionId)), sealedHashes: hashes };
}

export async function openAnswers(submissionId: string, data: Record<string, unknown>, sealed: unknown): Promise<Record<string, unknown>> {
  if (typeof sealed !== "string") return data;
  const values = JSON.parse(await open(sealed, context(submissionId))) as Record<string, unknown>;
  let opened = data;
  for (const [path, value] of Object.entries(values)) opened = withValueAt(opened, path, value);
  return opened;
}
