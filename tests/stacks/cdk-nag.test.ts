import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { synthesize, type Synthesized } from "./synth";

// AwsSolutionsChecks runs on every stack (synth.ts adds the aspect). Anything accepted is
// suppressed, with a reason, in the stack code (sst.config.ts for SST's own handler).
describe.each(["test", "prod"])("cdk-nag AwsSolutions, stage %s", (stage) => {
  let synth: Synthesized;
  beforeAll(async () => {
    synth = await synthesize(stage);
  });
  afterAll(() => synth?.cleanup());

  test.each(["storage", "api", "web", "messages"] as const)("%s stack: no unsuppressed errors or warnings", (name) => {
    expect(synth[name].nag("error")).toEqual([]);
    expect(synth[name].nag("warning")).toEqual([]);
  });
});
