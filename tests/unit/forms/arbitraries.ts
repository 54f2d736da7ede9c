import fc from "fast-check";
import type { Condition, Field, FormDefinition } from "@tongxin/core/forms/index";
import { EMAILS, idCheck, usccCheck } from "./reference";

/** Keys include Object.prototype's own names: an answer must never be read from the prototype. */
const KEYS = ["constructor", "a1", "toString", "b_2", "valueOf", "c3", "hasOwnProperty", "d4"];
const SUB_KEYS = ["x", "constructor", "y_1", "z"];
const OPTION_VALUES = ["是", "否", "a", "b", "c d"];
const PATTERNS = ["\\d{6}", "[a-z]+", "是|否", "\\p{Script=Han}+"];
const DATES = ["1999-12-31", "2024-02-29", "2024-05-01", "2024-05-18", "2030-01-01"];
const DATETIMES = ["2024-05-01T00:00", "2024-05-18T14:30", "2024-05-18T23:59", "2025-01-01T08:05"];
const MIME = ["image/png", "application/pdf", "image/jpeg", "text/html"];
export const ABSENT = Symbol("absent");

const LEAF_TYPES = ["text", "textarea", "number", "money", "date", "datetime", "select", "radio", "multiselect", "checkbox", "phone", "email", "idcard", "uscc", "file", "image", "member"] as const;

const some = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const sorted = (a?: number, b?: number) => (a !== undefined && b !== undefined && a > b ? [b, a] : [a, b]);
const sortedStr = (a?: string, b?: string) => (a !== undefined && b !== undefined && a > b ? [b, a] : [a, b]);
const compact = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
const options = fc.uniqueArray(fc.constantFrom(...OPTION_VALUES), { minLength: 1, maxLength: 4 }).map((values) => values.map((value) => ({ value, label: `选项${value}` })));

/** The type-specific rules of one field, always consistent (min ≤ max and so on). */
function rulesOf(type: string): fc.Arbitrary<Record<string, unknown>> {
  switch (type) {
    case "text":
    case "textarea":
      return fc.record({ maxLength: some(fc.integer({ min: 1, max: 8 })), minLength: some(fc.integer({ min: 0, max: 8 })), pattern: some(fc.constantFrom(...PATTERNS)), patternMessage: some(fc.constant("格式不对")) })
        .map((r) => compact({ ...r, minLength: r.minLength !== undefined && r.maxLength !== undefined ? Math.min(r.minLength, r.maxLength) : r.minLength }));
    case "number":
      return fc.record({ a: some(fc.integer({ min: -5, max: 10 })), b: some(fc.double({ min: -5, max: 10, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x))), integer: some(fc.boolean()) })
        .map(({ a, b, integer }) => { const [min, max] = sorted(a, b); return compact({ min, max, integer }); });
    case "money":
      return fc.record({ min: some(fc.integer({ min: -1000, max: 1000 })), span: some(fc.integer({ min: 0, max: 100_000 })) })
        .map(({ min, span }) => compact({ min, max: span === undefined ? undefined : (min ?? 0) + span }));
    case "date":
    case "datetime": {
      const pool = type === "date" ? DATES : DATETIMES;
      return fc.record({ a: some(fc.constantFrom(...pool)), b: some(fc.constantFrom(...pool)) }).map(({ a, b }) => { const [min, max] = sortedStr(a, b); return compact({ min, max }); });
    }
    case "select":
    case "radio":
      return fc.record({ options });
    case "multiselect":
      return fc.record({ options, a: some(fc.nat(4)), b: some(fc.nat(4)) }).map(({ options, a, b }) => {
        const [minItems, maxItems] = sorted(a === undefined ? undefined : Math.min(a, options.length), b);
        return compact({ options, minItems, maxItems });
      });
    case "file":
    case "image":
      return fc.record({ accept: some(fc.uniqueArray(fc.constantFrom(...MIME.slice(0, 3)), { minLength: 1 })), maxSizeMB: some(fc.constantFrom(0.001, 1, 10)), maxFiles: some(fc.integer({ min: 1, max: 3 })) }).map(compact);
    case "member":
      return fc.record({ multiple: some(fc.boolean()) }).map(compact);
    default:
      return fc.constant({});
  }
}

type LeafSeed = { target: number; op: number; value: number };
type CondSeed = { leaf: LeafSeed } | { all: CondSeed[] } | { any: CondSeed[] } | { not: CondSeed };

const condSeed: fc.Arbitrary<CondSeed> = fc.letrec<{ node: CondSeed }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 2, depthIdentifier: "cond" },
    fc.record({ leaf: fc.record({ target: fc.nat(), op: fc.nat(), value: fc.nat() }) }),
    fc.record({ all: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie("node") }),
  ),
})).node;

/** Values a condition may compare a field with: taken from what the value generators produce. */
function comparable(field: Field): Array<string | number | boolean> {
  switch (field.type) {
    case "number": return [-3, 0, 2, 5.5, 10];
    case "money": return [0, 100, 50_000];
    case "checkbox": return [true, false];
    case "select": case "radio": case "multiselect": return field.options.map((o) => o.value);
    default: return ["是", "hello", "123456", "13800138000", "acc1"];
  }
}

function buildCondition(seed: CondSeed, targets: Field[]): Condition {
  if ("all" in seed) return { all: seed.all.map((s) => buildCondition(s, targets)) };
  if ("any" in seed) return { any: seed.any.map((s) => buildCondition(s, targets)) };
  if ("not" in seed) return { not: buildCondition(seed.not, targets) };
  const target = targets[seed.leaf.target % targets.length]!;
  const numeric = target.type === "number" || target.type === "money";
  const ops = ["group", "file", "image"].includes(target.type) ? ["truthy", "falsy"]
    : target.type === "checkbox" ? ["eq", "neq", "truthy", "falsy"]
    : numeric ? ["eq", "neq", "in", "notIn", "gt", "gte", "lt", "lte", "truthy", "falsy"] : ["eq", "neq", "in", "notIn", "truthy", "falsy"];
  const op = ops[seed.leaf.op % ops.length]!;
  const pool = comparable(target);
  const value = pool[seed.leaf.value % pool.length]!;
  if (op === "truthy" || op === "falsy") return { field: target.key, op };
  if (op === "in" || op === "notIn") return { field: target.key, op, value: [value as string | number, pool[(seed.leaf.value + 1) % pool.length] as string | number] };
  return { field: target.key, op, value } as Condition;
}

type Spec = { type: string; rules: Record<string, unknown>; required: boolean; visibleIf?: CondSeed; requiredIf?: CondSeed; sub?: Spec[] };

const leafSpec = (types: readonly string[]): fc.Arbitrary<Spec> =>
  fc.constantFrom(...types).chain((type) =>
    fc.record({ type: fc.constant(type), rules: rulesOf(type), required: fc.boolean(), visibleIf: some(condSeed), requiredIf: some(condSeed) }, { requiredKeys: ["type", "rules", "required"] }),
  );

const topSpec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 6, arbitrary: leafSpec(LEAF_TYPES) },
  { weight: 1, arbitrary: leafSpec(["section"]) },
  {
    weight: 2,
    arbitrary: fc.tuple(leafSpec(["group"]), fc.array(leafSpec(LEAF_TYPES), { minLength: 1, maxLength: 3 }), some(fc.nat(2)), some(fc.integer({ min: 1, max: 3 })))
      .map(([spec, sub, minRows, maxRows]) => ({ ...spec, sub, rules: compact({ minRows, maxRows: maxRows === undefined ? undefined : Math.max(maxRows, minRows ?? 0) }) })),
  },
);

/** Turns specs into fields whose conditions only name earlier, non-section fields of the same scope. */
function buildFields(specs: Spec[], keys: string[], prefix: string): Field[] {
  const fields: Field[] = [];
  specs.forEach((spec, i) => {
    const targets = fields.filter((f) => f.type !== "section");
    const field = compact({
      key: keys[i]!,
      type: spec.type,
      label: `${prefix}${i + 1}`,
      ...spec.rules,
      required: spec.type === "section" ? undefined : spec.required || undefined,
      visibleIf: spec.visibleIf && targets.length ? buildCondition(spec.visibleIf, targets) : undefined,
      requiredIf: spec.requiredIf && targets.length && spec.type !== "section" ? buildCondition(spec.requiredIf, targets) : undefined,
      fields: spec.sub ? buildFields(spec.sub, SUB_KEYS, "子字段") : undefined,
    }) as unknown as Field;
    fields.push(field);
  });
  return fields;
}

export const definitionArb: fc.Arbitrary<FormDefinition> = fc
  .array(topSpec, { minLength: 1, maxLength: KEYS.length })
  .map((specs) => ({ title: "生成的表单", fields: buildFields(specs, KEYS, "字段") }));

const MB = 1024 * 1024;
const fileRef = (types: readonly string[], sizes: readonly number[]) =>
  fc.record({ uploadId: fc.constantFrom("u1", "u2"), name: fc.constantFrom("照片.png", " 方案.pdf "), size: fc.constantFrom(...sizes), type: fc.constantFrom(...types), extra: fc.constantFrom(undefined, "blob:x") }).map(compact);
const badFileRef = fc.record({ uploadId: fc.constantFrom("u1", ""), name: fc.constantFrom("照片.png", ""), size: fc.constantFrom(0, 11 * MB, 1.5, -1), type: fc.constantFrom(...MIME, " image/png ") });

const idCard = (valid: boolean) =>
  fc.tuple(fc.constantFrom("110105", "440300", ...(valid ? [] : ["010101"])), fc.constantFrom(...DATES, ...(valid ? [] : ["1899-01-01", "2023-02-29"])), fc.nat(999), fc.boolean(), fc.boolean())
    .map(([region, date, seq, right, lower]) => {
      const first = `${region}${date.replaceAll("-", "")}${String(seq).padStart(3, "0")}`;
      const id = first + (valid || right ? idCheck(first) : "0123456789X"[seq % 11]);
      return lower ? id.toLowerCase() : id;
    });
const uscc = (valid: boolean) =>
  fc.tuple(fc.constantFrom("91350100M000100Y4", "9144030071526726X", "91330100799655058", ...(valid ? [] : ["913101IOMA1FL0000"])), fc.boolean(), fc.boolean())
    .map(([first, right, lower]) => { const code = first + (valid || right ? usccCheck(first) : "0"); return lower ? code.toLowerCase() : code; });

/** Answers of the right shape and format (they may still break a field's own limits). */
function wellFormed(field: Field): fc.Arbitrary<unknown> {
  switch (field.type) {
    case "text": case "textarea": return fc.oneof(fc.constantFrom("是", " hello ", "123456", "abc", "中文内容"), fc.string({ maxLength: 10 }));
    case "number": return fc.oneof(fc.constantFrom(-3, 0, 2, 5.5, 10), fc.double({ min: -20, max: 20, noNaN: true }));
    case "money": return fc.oneof(fc.constantFrom(0, 100, 50_000), fc.integer({ min: -2000, max: 200_000 }));
    case "date": return fc.constantFrom(...DATES, " 2024-05-18 ");
    case "datetime": return fc.constantFrom(...DATETIMES);
    case "select": case "radio": return fc.constantFrom(...field.options.map((o) => o.value)).chain((v) => fc.constantFrom(v, ` ${v} `));
    case "multiselect": return fc.shuffledSubarray(field.options.map((o) => o.value));
    case "checkbox": return fc.boolean();
    case "phone": return fc.constantFrom("13800138000", "+86 138 0013 8000", "138-0013-8000", "86 13912345678");
    case "email": return fc.tuple(fc.constantFrom(...[...EMAILS].filter(([, ok]) => ok).map(([e]) => e)), fc.boolean()).map(([e, shout]) => (shout ? ` ${e.toUpperCase()} ` : e));
    case "idcard": return idCard(true);
    case "uscc": return uscc(true);
    case "file": case "image": return fc.array(fileRef(field.accept ?? ["image/png", "image/jpeg"], [0, 500]), { maxLength: field.maxFiles ?? 1 });
    case "member": return field.multiple ? fc.uniqueArray(fc.constantFrom("acc1", "acc2", " acc3 "), { maxLength: 3 }) : fc.constantFrom("acc1", " acc2 ");
    case "group": return fc.array(valuesArb(field.fields, false), { maxLength: field.maxRows ?? 3 });
    case "section": return fc.constant("heading");
    case "calculated": return fc.constant(12345); // forged: the schema works it out itself
  }
}

/** Answers that are of the right type but wrong in content or limits. */
function malformed(field: Field): fc.Arbitrary<unknown> {
  switch (field.type) {
    case "text": case "textarea": return fc.constant("x".repeat(201));
    case "number": return fc.constantFrom(Infinity, -Infinity, 11, -20);
    case "money": return fc.constantFrom(12.5, -1, 2 ** 60);
    case "date": return fc.constantFrom("2023-02-29", "2024-2-01", "2024-13-01");
    case "datetime": return fc.constantFrom("2024-05-18 14:30", "2024-05-18T24:00", "2024-05-18T14:30:00");
    case "select": case "radio": return fc.constant("zzz");
    case "multiselect": return fc.array(fc.constantFrom(...field.options.map((o) => o.value), " a ", "zzz"), { minLength: 1, maxLength: 5 });
    case "checkbox": return fc.constantFrom("true", 1);
    case "phone": return fc.constantFrom("12345678901", "1380013800", "+1 138 0013 8000");
    case "email": return fc.tuple(fc.constantFrom(...[...EMAILS].filter(([, ok]) => !ok).map(([e]) => e)), fc.boolean()).map(([e, shout]) => (shout ? ` ${e.toUpperCase()} ` : e));
    case "idcard": return idCard(false);
    case "uscc": return uscc(false);
    case "file": case "image": return fc.array(fc.oneof(fileRef(MIME, [0, 2 * MB, 11 * MB]), badFileRef), { minLength: 1, maxLength: 4 });
    case "member": return fc.constantFrom("x".repeat(101), [""], ["acc1", "acc1"], ["acc1", " acc1 "]);
    case "group": return fc.oneof(
      fc.array(valuesArb(field.fields, true), { minLength: 1, maxLength: 5 }),
      fc.array(fc.oneof(valuesArb(field.fields, false), fc.constantFrom(null, "row", [])), { minLength: 1, maxLength: 3 }),
    );
    case "section": return fc.constant({ any: "thing" });
    case "calculated": return fc.constant("forged");
  }
}

const blank = fc.constantFrom(ABSENT, undefined, null, "", "  ", Number.NaN, []);
const wrongType = fc.constantFrom(42, true, "文本", { a: 1 }, ["x"]);

/**
 * Answers for a set of fields. Clean ones are well-formed or blank (so a fair share passes);
 * noisy ones also hold malformed answers and values of the wrong type.
 */
export function valuesArb(fields: readonly Field[], noisy: boolean): fc.Arbitrary<Record<string, unknown>> {
  const perField = fields.map((field) =>
    noisy
      ? fc.oneof({ weight: 5, arbitrary: wellFormed(field) }, { weight: 2, arbitrary: blank }, { weight: 2, arbitrary: malformed(field) }, { weight: 1, arbitrary: wrongType })
      : fc.oneof({ weight: 4, arbitrary: wellFormed(field) }, { weight: 1, arbitrary: blank }),
  );
  return fc.tuple(fc.tuple(...perField), fc.boolean()).map(([values, extra]) => {
    const record: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      if (values[i] !== ABSENT) record[field.key] = values[i];
    });
    if (extra) record.unknownExtra = "dropped";
    return record;
  });
}

/** A definition, a mode and answers to it. */
export const formCaseArb = fc
  .tuple(definitionArb, fc.constantFrom<"submit" | "draft">("submit", "draft"), fc.boolean())
  .chain(([definition, mode, noisy]) => valuesArb(definition.fields, noisy).map((values) => ({ definition, mode, values })));
