import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { invitationKey } from "@tongxin/core/auth/invitation";
import { db, tableName } from "@tongxin/core/db/client";
import { MessageKeys } from "@tongxin/core/messages/keys";
import { unseal } from "@tongxin/core/messages/sealed";
import { call } from "./api";

/**
 * The token of the invitation an account was sent, read from the invitation SMS request the
 * way the stream consumer reads it (its sealed parameters), without waiting for the stream.
 * tests/api/invitations.test.ts follows the same SMS through the real stream and outbox.
 */
export async function invitationTokenOf(accountId: string): Promise<string> {
  const { Item: invitation } = await db().send(new GetCommand({ TableName: tableName(), Key: invitationKey(accountId), ConsistentRead: true }));
  if (!invitation) throw new Error(`no invitation for ${accountId}`);
  const { Item: outgoing } = await db().send(new GetCommand({ TableName: tableName(), Key: MessageKeys.outgoing(String(invitation.outgoingId)), ConsistentRead: true }));
  if (typeof outgoing?.sealed !== "string") throw new Error(`the invitation SMS for ${accountId} is gone`);
  const { link } = await unseal(outgoing.sealed);
  return link!.slice(link!.indexOf("#") + 1);
}

/**
 * Adds a person to an org through the API, then accepts their invitation with `password` as
 * the person would: an admin never sets a member's password.
 * @returns the POST's answer (the member) and the new member's session token.
 */
export async function addMemberWithPassword(orgId: string, adminToken: string, body: Record<string, unknown>, password: string) {
  const added = await call("POST", `/orgs/${orgId}/members`, { token: adminToken, body });
  if (added.status !== 201) return { added, token: undefined as unknown as string };
  const accepted = await call("POST", "/auth/invitation/accept", { body: { token: await invitationTokenOf(added.json.accountId), password, delivery: "token" } });
  if (accepted.status !== 200) throw new Error(`accepting the invitation failed: ${accepted.status} ${accepted.text}`);
  return { added, token: accepted.json.token as string };
}

/** Accepts the invitation an account was sent, setting `password` (the person's own choice). */
export async function acceptInvitationOf(accountId: string, password: string): Promise<void> {
  const accepted = await call("POST", "/auth/invitation/accept", { body: { token: await invitationTokenOf(accountId), password, delivery: "token" } });
  if (accepted.status !== 200) throw new Error(`accepting the invitation failed: ${accepted.status} ${accepted.text}`);
}
