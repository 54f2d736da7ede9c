import { describe, expect, it } from "vitest";
import { objectionKeys } from "../../../web/src/campaigns/api";

describe("filing an objection from the 公示 page", () => {
  it("sends the same key when the same objection is sent again after a lost answer", () => {
    const keys = objectionKeys();
    const body = { entryId: "e1", reasons: "该案例数据与实际开展情况不符，请核实。" };
    expect(keys.for(body)).toBe(keys.for({ ...body }));
  });

  it("sends a new key once the objection went through, or when the text or the entry changes", () => {
    const keys = objectionKeys();
    const body = { entryId: "e1", reasons: "该案例数据与实际开展情况不符，请核实。" };
    const first = keys.for(body);
    expect(keys.for({ ...body, reasons: `${body.reasons}补充材料见附件。` })).not.toBe(first);
    expect(keys.for({ ...body, entryId: "e2" })).not.toBe(first);
    const again = keys.for(body);
    keys.filed();
    expect(keys.for(body)).not.toBe(again);
  });
});
