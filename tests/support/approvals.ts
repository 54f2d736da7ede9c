import { expect } from "vitest";
import { newId } from "@tongxin/core/ids";
import { call, demoOrgs, signIn, uniquePhone } from "./api";
import { acceptInvitationOf } from "./invitations";

/**
 * A throwaway unit under 新意城新空间 with people of its own, so an approval test owns every
 * inbox it counts (张晓雯, admin of the parent, sets it up).
 */
export interface Person {
  name: string;
  accountId: string;
  phone: string;
  token: string;
}

export interface Unit {
  orgId: string;
  admin: string;
  people: Record<string, Person>;
}

export const PASSWORD = "Approvals@2026";

export async function makeUnit(label: string, people: Array<{ name: string; roles?: string[] }>): Promise<Unit> {
  const admin = await signIn("13800000003");
  const made = await call("POST", "/orgs", { token: admin, body: { name: `${label}${Date.now().toString(36)}${newId().slice(-4)}`, kind: "new_space", parentId: demoOrgs().xinyicheng } });
  expect(made.status, made.text).toBe(201);
  const orgId = made.json.orgId as string;
  const unit: Unit = { orgId, admin, people: {} };
  for (const { name, roles } of people) unit.people[name] = await addPerson(unit, name, roles);
  return unit;
}

export async function addPerson(unit: Unit, name: string, roles: string[] = ["member"], orgId = unit.orgId): Promise<Person> {
  const phone = uniquePhone();
  const added = await call("POST", `/orgs/${orgId}/members`, { token: unit.admin, body: { name, phone, roles } });
  expect(added.status, added.text).toBe(201);
  await acceptInvitationOf(added.json.accountId, PASSWORD);
  return { name, phone, accountId: added.json.accountId as string, token: await signIn(phone, PASSWORD) };
}

/** Creates and publishes a form in the unit, optionally with a chain (returns the form id). */
export async function publishForm(unit: Unit, definition: unknown): Promise<string> {
  const created = await call("POST", `/orgs/${unit.orgId}/forms`, { token: unit.admin, body: { definition, publish: true } });
  expect(created.status, created.text).toBe(201);
  return created.json.form.formId as string;
}

export async function attachChain(unit: Unit, formId: string, chain: unknown): Promise<string> {
  const made = await call("POST", `/orgs/${unit.orgId}/workflows`, { token: unit.admin, body: chain });
  expect(made.status, made.text).toBe(201);
  const put = await call("PUT", `/orgs/${unit.orgId}/forms/${formId}/workflow`, { token: unit.admin, body: { workflowId: made.json.workflowId } });
  expect(put.status, put.text).toBe(204);
  return made.json.workflowId as string;
}

export async function submit(person: Person, formId: string, data: Record<string, unknown>) {
  const response = await call("POST", `/forms/${formId}/submissions`, { token: person.token, body: { data } });
  expect(response.status, response.text).toBe(201);
  return response.json as { submissionId: string; instanceId: string; status: string; revision: number };
}

export async function inboxIds(person: Person): Promise<string[]> {
  const response = await call("GET", "/inbox?limit=100", { token: person.token });
  expect(response.status, response.text).toBe(200);
  return (response.json.items as Array<{ instanceId: string }>).map((task) => task.instanceId);
}

export async function actOn(person: Person, instanceId: string, body: Record<string, unknown>, status = 200) {
  const response = await call("POST", `/instances/${instanceId}/actions`, { token: person.token, body });
  expect(response.status, response.text).toBe(status);
  return response.json;
}

export const people = (...ids: string[]) => ({ kind: "people" as const, accountIds: ids });
