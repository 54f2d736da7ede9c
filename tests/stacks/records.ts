/**
 * Checks over whole templates, shared by the partition and records tests: ARNs, X-Ray and log
 * retention wherever they appear, not just in the resources a test knows of.
 */
import type { Template } from "aws-cdk-lib/assertions";

type Json = unknown;

/** Every string in a template, with the Fn::Join each ARN prefix is built in. */
function walk(node: Json, visit: (value: Json, parent: Json[] | undefined, index: number) => void, parent?: Json[], index = 0): void {
  visit(node, parent, index);
  if (Array.isArray(node)) node.forEach((child, i) => walk(child, visit, node, i));
  else if (node && typeof node === "object") for (const child of Object.values(node)) walk(child, visit);
}

/**
 * ARNs that don't name `partition` (undefined: any literal partition is flagged): literal ARNs of another partition, and ARNs assembled in an
 * Fn::Join or Fn::Sub whose `arn:` is followed by anything but the AWS::Partition pseudo parameter.
 */
export function arnsOutsidePartition(template: Template, partition?: string): string[] {
  const found: string[] = [];
  // Resource properties and outputs: what CloudFormation deploys (not cdk-nag's metadata).
  const { Resources = {}, Outputs = {} } = template.toJSON() as { Resources?: Record<string, { Properties?: Json }>; Outputs?: Json };
  const deployed = [Object.values(Resources).map((resource) => resource.Properties ?? {}), Outputs];
  walk(deployed, (value, parent, index) => {
    if (typeof value !== "string") return;
    for (const match of value.matchAll(/arn:([\w-]*)(:?)/g)) {
      const [whole, named, colon] = match;
      if (colon === ":" && partition !== undefined && named === partition) continue;
      // Fn::Sub: arn:${AWS::Partition}:…
      if (value.startsWith("${AWS::Partition}:", match.index + 4)) continue;
      const endsJoinedPrefix = named === "" && colon === "" && match.index + whole.length === value.length;
      const next = parent?.[index + 1] as { Ref?: string } | undefined;
      if (endsJoinedPrefix && next?.Ref === "AWS::Partition") continue;
      found.push(value);
    }
  });
  return found;
}

/** Lambda functions with X-Ray active tracing, and IAM statements granting X-Ray actions. */
export function xrayUses(template: Template): string[] {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  const uses: string[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    const tracing = resource.Properties?.TracingConfig as { Mode?: string } | undefined;
    if (resource.Type === "AWS::Lambda::Function" && tracing?.Mode === "Active") uses.push(`${id}: active tracing`);
    if (JSON.stringify(resource.Properties ?? {}).includes('"xray:')) uses.push(`${id}: xray permissions`);
  }
  return uses;
}

/** Every log group (and log retention setting) with the days it keeps logs; undefined = forever. */
export function logRetentions(template: Template): Array<{ id: string; days: number | undefined }> {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === "AWS::Logs::LogGroup" || resource.Type === "Custom::LogRetention")
    .map(([id, resource]) => ({ id, days: (resource.Properties?.RetentionInDays as number | undefined) ?? undefined }));
}
