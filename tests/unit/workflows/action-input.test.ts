import { describe, expect, it } from "vitest";
import { ActionInputSchema } from "../../../packages/core/src/workflows/action-input";

const problems = (input: unknown) => {
  const result = ActionInputSchema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
};

describe("what an approver asks of an approval (the dialog and the API share one schema)", () => {
  it("a rejection without a reason is refused on the comment, in Chinese", () => {
    expect(problems({ type: "reject", comment: "   " })).toEqual({ comment: "请填写驳回理由" });
  });

  it("a return to an earlier step chosen in a list arrives as that step's number", () => {
    expect(ActionInputSchema.parse({ type: "return", comment: "预算表缺页", to: "1" })).toEqual({ type: "return", comment: "预算表缺页", to: 1 });
    expect(ActionInputSchema.parse({ type: "return", comment: "预算表缺页", to: "submitter" })).toMatchObject({ to: "submitter" });
  });

  it("a transfer, an added signer and a CC each name whom they are missing", () => {
    expect(problems({ type: "transfer", to: "" })).toEqual({ to: "请选择转交对象" });
    expect(problems({ type: "add_signer", signer: "" })).toEqual({ signer: "请选择加签人" });
    expect(problems({ type: "cc", people: [] })).toEqual({ people: "请选择抄送对象" });
  });

  it("an approval with an empty comment is sent without one, and fields other actions use are dropped", () => {
    expect(ActionInputSchema.parse({ type: "approve", comment: "  ", to: "submitter", signer: "", people: [] })).toEqual({ type: "approve" });
  });

  it("an action the machine does not know is refused", () => {
    expect(ActionInputSchema.safeParse({ type: "delete" }).success).toBe(false);
  });
});
