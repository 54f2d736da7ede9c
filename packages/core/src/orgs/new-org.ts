import { z } from "../zod-locale";
import { ORG_KIND_CODES } from "./kinds";

/**
 * A new org as a client sends it. Kept apart from orgs.ts (storage), which the session
 * middleware reaches on every request: reading an org should not load zod.
 */
export const NewOrgSchema = z.object({
  name: z.string().trim().min(2, "名称至少2个字").max(60, "名称最多60个字"),
  kind: z.enum(ORG_KIND_CODES, { error: "请选择组织类型" }),
  parentId: z.string().min(1).nullable().default(null),
});
export type NewOrg = z.infer<typeof NewOrgSchema>;
