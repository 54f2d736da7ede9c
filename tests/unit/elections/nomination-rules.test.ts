import { describe, expect, it } from "vitest";
import { NewElectionSchema, normalizeConfig } from "@tongxin/core/elections/config";
import { decideNomination, nominationForm, nominationRequest } from "@tongxin/core/elections/nomination-rules";

const { config } = normalizeConfig(
  NewElectionSchema.parse({
    title: "第三届理事会换届选举",
    positions: [
      { title: "会长", seats: 1, kind: "slate", candidates: [{ name: "王建国" }] },
      { title: "副会长", seats: 2, kind: "slate", candidates: [{ name: "李四", accountId: "acc-lisi" }] },
      { title: "理事", seats: 2, kind: "competitive", candidates: [{ name: "甲" }, { name: "乙" }, { name: "丙" }] },
    ],
  }),
);
const draft = { status: "draft" as const, config, scrutineers: [{ accountId: "acc-scrutineer", name: "监票人" }] };
const request = (positionId: string, name = "张三", phone = "+86 139-0000-0001") => nominationRequest({ position: positionId, nomineeName: ` ${name} `, nomineePhone: phone, reasons: "热心会务" });
const zhang = { accountId: "acc-zhang", name: "张三" };

describe("an approved nomination and the candidate list", () => {
  it("reads the answers as stored: name trimmed, phone normalized", () => {
    expect(request("p3")).toEqual({ positionId: "p3", name: "张三", phone: "13900000001" });
  });

  it("the form offers the election's positions with their seats", () => {
    const form = nominationForm({ title: "第三届理事会换届选举", config });
    const position = form.fields.find((field) => field.key === "position") as { options: Array<{ value: string; label: string }> };
    expect(position.options).toEqual([
      { value: "p1", label: "会长（应选1名）" },
      { value: "p2", label: "副会长（应选2名）" },
      { value: "p3", label: "理事（应选2名）" },
    ]);
  });

  it("adds a member to a 差额 position under the next free id, recording the nomination", () => {
    expect(decideNomination(draft, request("p3"), zhang, "sub-1")).toEqual({ positionId: "p3", add: { id: "p3c4", name: "张三", accountId: "acc-zhang", nominationId: "sub-1" } });
  });

  it("adds to an 等额 position with a seat still free, and refuses when it is full", () => {
    expect(decideNomination(draft, request("p2"), zhang, "sub-2")).toMatchObject({ add: { id: "p2c2" } });
    expect(decideNomination(draft, request("p1"), zhang, "sub-3")).toEqual({ positionId: "p1", refused: "“会长”为等额选举，候选人数已达应选名额1名" });
  });

  it("refuses, saying why: past set-up, no such position, not a member or a wrong name, already a candidate, a scrutineer", () => {
    expect(decideNomination({ ...draft, status: "roll_frozen" }, request("p3"), zhang, "s")).toMatchObject({ refused: "选举已进入“名册已冻结”阶段，候选人名单已确定，本提名未列入候选人" });
    expect(decideNomination({ ...draft, status: "open" }, request("p3"), zhang, "s")).toMatchObject({ refused: expect.stringContaining("投票中") });
    expect(decideNomination(draft, request("p9"), zhang, "s")).toMatchObject({ refused: "所提名的职务不存在" });
    expect(decideNomination(draft, request("p3"), undefined, "s")).toMatchObject({ refused: "被提名人“张三”不是本组织会员，或姓名与手机号不一致" });
    expect(decideNomination(draft, request("p3", "张叁"), zhang, "s")).toMatchObject({ refused: "被提名人“张叁”不是本组织会员，或姓名与手机号不一致" });
    expect(decideNomination(draft, request("p2", "李四"), { accountId: "acc-lisi", name: "李四" }, "s")).toMatchObject({ refused: "李四已是“副会长”的候选人" });
    expect(decideNomination(draft, request("p3", "甲"), { accountId: "acc-jia", name: "甲" }, "s")).toMatchObject({ refused: "甲已是“理事”的候选人" });
    expect(decideNomination(draft, request("p3", "监票人"), { accountId: "acc-scrutineer", name: "监票人" }, "s")).toMatchObject({ refused: "监票人是本次选举的监票人，不能同时作为候选人" });
  });
});
