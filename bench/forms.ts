import { compileForm, type FormDefinition } from "@tongxin/core/forms/index";
import { percentile, record, sample, section } from "./harness";

/** A 60-field form of every common kind, like a long 登记表, and answers that fill it all. */
export function sixtyFieldForm(): { definition: FormDefinition; answers: Record<string, unknown> } {
  const fields: Array<Record<string, unknown>> = [];
  const answers: Record<string, unknown> = {};
  for (let i = 0; i < 60; i += 1) {
    const key = `f${i}`;
    switch (i % 6) {
      case 0:
        fields.push({ key, type: "text", label: `文本${i}`, required: true, maxLength: 100 });
        answers[key] = `第${i}项内容`;
        break;
      case 1:
        fields.push({ key, type: "number", label: `数字${i}`, min: 0, max: 1000 });
        answers[key] = i;
        break;
      case 2:
        fields.push({ key, type: "select", label: `选择${i}`, required: true, options: [{ value: "a", label: "甲" }, { value: "b", label: "乙" }] });
        answers[key] = "b";
        break;
      case 3:
        fields.push({ key, type: "phone", label: `手机${i}`, visibleIf: { field: `f${i - 1}`, op: "eq", value: "b" } });
        answers[key] = "13800001111";
        break;
      case 4:
        fields.push({ key, type: "date", label: `日期${i}`, required: true });
        answers[key] = "2026-11-23";
        break;
      default:
        fields.push({ key, type: "money", label: `金额${i}`, min: 0 });
        answers[key] = 12345;
    }
  }
  return { definition: { title: "六十项登记表", fields } as FormDefinition, answers };
}

export async function benchForms(): Promise<void> {
  section("Forms (packages/core/src/forms)");
  const { definition, answers } = sixtyFieldForm();
  const compileTimes = await sample(() => compileForm(definition), 300);
  record({ name: "compile a 60-field form: median", value: percentile(compileTimes, 50) * 1000, unit: "µs" });
  const schema = compileForm(definition);
  const validTimes = await sample(() => schema.safeParse(answers), 2000);
  record({ name: "validate answers to a 60-field form: median", value: percentile(validTimes, 50) * 1000, unit: "µs" });
  record({ name: "validate answers to a 60-field form: p95", value: percentile(validTimes, 95) * 1000, unit: "µs" });
  const invalid = { ...answers, f0: "", f2: "z" };
  const invalidTimes = await sample(() => schema.safeParse(invalid), 2000);
  record({ name: "validate (rejecting) a 60-field form: median", value: percentile(invalidTimes, 50) * 1000, unit: "µs" });
}
