import { AppError } from "../errors";

let cached: Promise<Uint8Array> | undefined;

/**
 * The key that signs session tokens: `SESSION_SECRET` locally, or in AWS the SSM
 * parameter SST keeps the `SESSION_SECRET` secret in (`SESSION_SECRET_PARAMETER`),
 * fetched once per container.
 */
export function sessionSecret(): Promise<Uint8Array> {
  cached ??= load().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function load(): Promise<Uint8Array> {
  const direct = process.env.SESSION_SECRET;
  if (direct) return new TextEncoder().encode(direct);
  const parameter = process.env.SESSION_SECRET_PARAMETER;
  if (!parameter) throw new AppError("internal.error", "SESSION_SECRET is not configured");
  const { SSMClient, GetParameterCommand } = await import("@aws-sdk/client-ssm");
  const result = await new SSMClient({}).send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
  const value = result.Parameter?.Value;
  if (!value) throw new AppError("internal.error", "SESSION_SECRET parameter is empty");
  return new TextEncoder().encode(value);
}

/** Forget the cached key (tests that change the environment). */
export function resetSessionSecret(): void {
  cached = undefined;
}
