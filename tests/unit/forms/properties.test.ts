import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileForm, validateDefinition, type FormDefinition, type Mode } from "@tongxin/core/forms/index";
import { definitionArb, formCaseArb as caseArb } from "./arbitraries";
import { referenceCheck } from "./reference";

const RUNS = 300;
const modeArb = fc.constantFrom<Mode>("submit", "draft");

/** What a parse decided, comparable across schema instances. */
function outcome(result: ReturnType<ReturnType<typeof compileForm>["safeParse"]>) {
  return result.success ? { data: result.data } : { issues: result.error.issues.map(({ path, message }) => ({ path, message })) };
}

describe("a compiled form agrees with the plain reference checker", () => {
  it("on every generated definition and answers: same verdict, same errors' places, same stored answers", () => {
    fc.assert(
      fc.property(caseArb, ({ definition, mode, values }) => {
        const result = compileForm(validateDefinition(definition), { mode }).safeParse(values);
        const expected = referenceCheck(definition, values, mode);
        if (expected.ok) {
          expect(result.error?.issues).toBeUndefined();
          expect(result.data).toEqual(expected.output);
        } else {
          expect(result.success).toBe(false);
          const paths = [...new Set(result.error!.issues.map((issue) => issue.path.join(".")))].sort();
          expect(paths).toEqual(expected.errorPaths);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("generated answers are a fair mix of accepted and refused", () => {
    const verdicts = fc.sample(caseArb, { numRuns: 400, seed: 7 }).map(({ definition, mode, values }) => referenceCheck(definition, values, mode).ok);
    const accepted = verdicts.filter(Boolean).length;
    expect(accepted).toBeGreaterThan(40);
    expect(accepted).toBeLessThan(360);
  });
});

describe("browser and server decide alike", () => {
  it("two compilations of one definition, one after a JSON round trip, give identical results", () => {
    fc.assert(
      fc.property(caseArb, ({ definition, mode, values }) => {
        const browser = compileForm(validateDefinition(definition), { mode });
        const stored: FormDefinition = validateDefinition(JSON.parse(JSON.stringify(definition)));
        const server = compileForm(stored, { mode });
        expect(outcome(server.safeParse(values))).toEqual(outcome(browser.safeParse(values)));
        // What the server stores is accepted again unchanged (re-opening a saved draft or submission).
        const first = server.safeParse(values);
        if (first.success) expect(server.safeParse(JSON.parse(JSON.stringify(first.data))).data).toEqual(first.data);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("robustness", () => {
  it("every generated definition is valid and survives a JSON round trip", () => {
    fc.assert(
      fc.property(definitionArb, (definition) => {
        const validated = validateDefinition(definition);
        expect(validateDefinition(JSON.parse(JSON.stringify(validated)))).toEqual(validated);
      }),
      { numRuns: RUNS },
    );
  });

  it("a compiled form never throws, whatever JSON it is given", () => {
    const anyInput = fc.oneof(
      fc.jsonValue(),
      fc.anything(),
      definitionArb.chain((definition) => fc.dictionary(fc.constantFrom(...definition.fields.map((f) => f.key), "other"), fc.jsonValue())),
    );
    fc.assert(
      fc.property(definitionArb, modeArb, anyInput, (definition, mode, input) => {
        const result = compileForm(validateDefinition(definition), { mode }).safeParse(input);
        expect(typeof result.success).toBe("boolean");
        if (!result.success) for (const issue of result.error.issues) expect(issue.message).toMatch(/\p{Script=Han}/u);
      }),
      { numRuns: RUNS },
    );
  });

  it("fields named after Object.prototype's members read only their own answers", () => {
    const definition = validateDefinition({
      title: "原型",
      fields: [
        { key: "constructor", type: "text", label: "构造", required: true },
        { key: "toString", type: "number", label: "数字", requiredIf: { field: "constructor", op: "truthy" } },
      ],
    });
    const result = compileForm(definition).safeParse({});
    expect(result.error!.issues.map((issue) => issue.path)).toEqual([["constructor"]]);
    expect(compileForm(definition).safeParse(JSON.parse('{"constructor":"x","toString":1,"__proto__":{"a":1}}')).data).toEqual({ constructor: "x", toString: 1 });
  });
});
