import { z } from "zod";

const id = z.string().min(1).max(64);
const note = z.string().trim().max(2000, "最多2000字");
const required = (message: string) => note.min(1, message);
/** An empty comment is no comment. */
const optional = note.transform((value) => value || undefined).optional();

/**
 * What a person asks of an approval (`POST /api/instances/:id/actions`), one shape per action
 * with the fields it needs and the message when one is missing. The web's action dialog
 * validates with it (`zodResolver`), so the browser and the API say the same thing.
 * The machine's `Action` adds the actor (`machine.ts`).
 *
 * @example ActionInputSchema.parse({ type: "return", comment: "预算表缺页", to: "submitter" })
 */
export const ActionInputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.enum(["approve", "resubmit", "withdraw"]), comment: optional }),
  z.object({ type: z.literal("reject"), comment: required("请填写驳回理由") }),
  z.object({ type: z.literal("comment"), comment: required("请填写评论内容") }),
  z.object({
    type: z.literal("return"),
    comment: required("请填写退回理由"),
    // A step index arrives as a number from the API and as a string from a <select>.
    to: z.union([z.literal("submitter"), z.coerce.number<string | number>().int().min(0)], { error: "请选择退回到提交人或之前的步骤" }),
  }),
  z.object({ type: z.literal("transfer"), comment: optional, to: z.string().min(1, "请选择转交对象").max(64) }),
  z.object({ type: z.literal("add_signer"), comment: optional, signer: z.string().min(1, "请选择加签人").max(64) }),
  z.object({ type: z.literal("cc"), comment: optional, people: z.array(id).min(1, "请选择抄送对象").max(20) }),
]);

/** The request body as sent (a step index may still be a string). */
export type ActionInput = z.input<typeof ActionInputSchema>;
/** The request body once validated. */
export type ParsedActionInput = z.output<typeof ActionInputSchema>;
export type ActionType = ActionInput["type"];
