import { describe, expect, it } from "vitest";
import { FormDefinitionSchema } from "@tongxin/core/forms/definition";
import { fromDefinition, newField, toDefinition } from "../../../web/src/builder/model";

describe("the form builder keeps the personal-data marking", () => {
  it("a definition with field markings, its notice and retention survives editing in the builder", () => {
    const definition = FormDefinitionSchema.parse({
      title: "入会登记",
      privacyNotice: "本会收集姓名和身份证号，仅用于会员资格审查。",
      retentionDays: 180,
      fields: [
        { key: "name", type: "text", label: "姓名", privacy: "personal" },
        { key: "idNumber", type: "idcard", label: "身份证号" },
        { key: "office", type: "phone", label: "单位总机", privacy: "none" },
      ],
    });
    expect(FormDefinitionSchema.parse(toDefinition(fromDefinition(definition)))).toEqual(definition);
  });

  it("a new field follows its type until marked; a typed retention that is not a number reaches the validator", () => {
    const field = newField("phone", new Set());
    expect(field.privacy).toBe("");
    const form = { title: "报名", description: "", fields: [{ ...field, privacy: "personal" as const }], retentionDays: "半年" };
    const definition = toDefinition(form) as unknown as Record<string, unknown>;
    expect((definition.fields as Array<Record<string, unknown>>)[0]!.privacy).toBe("personal");
    expect(FormDefinitionSchema.safeParse(definition).success).toBe(false);
  });
});
