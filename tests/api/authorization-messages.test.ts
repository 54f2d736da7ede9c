/**
 * The authorization matrix of 站内信 and channel preferences: every signed-in person reads and
 * marks only their own messages; nobody without a session gets anything. These routes name
 * no org, so there is no one to hide an org from and nothing a role forbids.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, uniquePhone } from "../support/api";
import { brokenSession, describeGuards, describeMatrix, NO_SESSION, prepareMatrix, type Domain, type RouteSpec } from "../support/authz";

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- these routes name no place
type Place = {};
const NOWHERE: Domain<Place, Place> = { resolve: async () => ({}), label: () => "" };

beforeAll(prepareMatrix);

const own = "every signed-in person has their own messages; the route names no org and no one else's";

const PROTECTED: Array<RouteSpec<Place, Place>> = [
  {
    route: "GET /messages",
    doing: "reads their messages",
    send: () => ({ path: "/messages" }),
    probe: {},
    cases: [
      { who: "陈思远", status: 200, because: own },
      { who: "沙盒会员", status: 200, because: own },
    ],
  },
  {
    route: "GET /messages/unread",
    doing: "reads their unread count",
    send: () => ({ path: "/messages/unread" }),
    probe: {},
    cases: [{ who: "王海峰", status: 200, because: own }],
  },
  {
    route: "POST /messages/read",
    doing: "marks their messages read",
    send: () => ({ path: "/messages/read", body: { all: true } }),
    probe: {},
    cases: [
      { who: "沙盒会员", status: 200, because: own },
      { who: "平台管理员", status: 200, because: own },
    ],
  },
  {
    route: "GET /messages/preferences",
    doing: "reads their channel preferences",
    send: () => ({ path: "/messages/preferences" }),
    probe: {},
    cases: [{ who: "沙盒会员", status: 200, because: own }],
  },
  {
    route: "PUT /messages/preferences",
    doing: "chooses their channels",
    send: () => ({ path: "/messages/preferences", body: { sms: false, email: false } }),
    probe: {},
    cases: [
      { who: "沙盒会员", status: 200, because: own },
      { who: "沙盒会员", body: { sms: "yes" }, status: 422, because: "a preference is true or false" },
    ],
  },
];

describeMatrix(PROTECTED, NOWHERE);

/**
 * Sign-in by SMS code, 忘记密码 and accepting an invitation need no session: the code or the
 * invitation link is the credential. A broken or
 * stale session neither helps nor stands in the way; a wrong code is refused as such.
 */
const PUBLIC: Array<{ route: string; send: () => { path: string; body: unknown }; status: number; code?: string }> = [
  { route: "POST /auth/sms-code", send: () => ({ path: "/auth/sms-code", body: { phone: uniquePhone() } }), status: 202 },
  { route: "POST /auth/login/sms", send: () => ({ path: "/auth/login/sms", body: { phone: uniquePhone(), code: "123456" } }), status: 401, code: "auth.code_invalid" },
  { route: "POST /auth/password/reset", send: () => ({ path: "/auth/password/reset", body: { phone: uniquePhone(), code: "123456", password: "Long#Enough2027" } }), status: 401, code: "auth.code_invalid" },
  { route: "POST /auth/invitation", send: () => ({ path: "/auth/invitation", body: { token: `nobody.${"A".repeat(43)}` } }), status: 401, code: "auth.invitation_invalid" },
  { route: "POST /auth/invitation/accept", send: () => ({ path: "/auth/invitation/accept", body: { token: `nobody.${"A".repeat(43)}`, password: "Long#Enough2027" } }), status: 401, code: "auth.invitation_invalid" },
];

describe.each(PUBLIC)("$route is public", (spec) => {
  it.each(NO_SESSION)(`answers %s with ${spec.status}`, async (who) => {
    const request = spec.send();
    const caller = brokenSession(who);
    const response = await call("POST", request.path, { token: caller.token, headers: caller.headers, body: request.body });
    expect(response.status, response.text).toBe(spec.status);
    if (spec.code) expect(response.json.code).toBe(spec.code);
  });
});

describeGuards({ file: "authorization-messages.test.ts", specs: PROTECTED, publicRoutes: PUBLIC.map((spec) => spec.route), scoped: () => false, hidden: () => false });
