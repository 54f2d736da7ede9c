import { AppError } from "./errors";

let cached: Promise<string> | undefined;

/**
 * The value CloudFront puts in the `x-origin-verify` header of every request it forwards to
 * the API (stacks/origin-verify.ts; checked in packages/functions/src/http/client.ts), or
 * undefined when none is configured (the local server): then no forwarded viewer address
 * is trusted.
 *
 * `ORIGIN_VERIFY_SECRET` holds it directly (tests); in AWS, `ORIGIN_VERIFY_SECRET_ARN` names
 * the Secrets Manager secret generated at deploy, fetched once per container as the session
 * secret is.
 */
export function originVerifySecret(): Promise<string | undefined> {
  const direct = process.env.ORIGIN_VERIFY_SECRET;
  if (direct) return Promise.resolve(direct);
  const secretId = process.env.ORIGIN_VERIFY_SECRET_ARN;
  if (!secretId) return Promise.resolve(undefined);
  cached ??= load(secretId).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function load(secretId: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const { SecretString: value } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!value) throw new AppError("internal.error", "origin verify secret is empty");
  return value;
}
