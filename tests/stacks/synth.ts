/**
 * Synthesizes the whole SST app offline (no AWS credentials, no network), the way
 * `sst build` would, with cdk-nag's AwsSolutions checks attached.
 *
 * - `initProject` loads the real sst.config.ts; its build outputs (.sst/types, function
 *   bundles, site zips, cdk.out) are redirected to a temp dir so parallel test files don't race.
 * - NODE_ENV=test makes SST skip its bootstrap-stack lookups (App.isRunningSSTTest).
 * - The Lambda handler is bundled with esbuild: the real one with `bundleHandler: true`
 *   (bundle.test.ts), otherwise a one-line stub, so the infrastructure tests don't depend
 *   on the app code compiling at that moment.
 * - The static site is not built: after the stacks are defined, the site is pointed at a
 *   one-file dist in a temp dir with no build command. Its declared props are returned.
 * - `env` sets the deploy-time variables stacks/stage-config.ts reads (TONGXIN_DOMAIN…) for
 *   the synthesis only. A China stage without a domain has no Web stack (`web` undefined).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Aspects, Stack as CdkStack, type Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { App, getStack, type FunctionProps, type StaticSite, type StaticSiteProps } from "sst/constructs";
import { initProject, setProject, useProject } from "sst/project.js";
import config from "../../sst.config";
import { Api, OFFICE_HANDLER } from "../../stacks/Api";
import { JOBS_HANDLER, Messages, STREAM_HANDLER } from "../../stacks/Messages";
import { stageConfig } from "../../stacks/stage-config";
import { Storage } from "../../stacks/Storage";
import { Web } from "../../stacks/Web";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const ACCOUNT = "123456789012";
export const HANDLER = "packages/functions/src/lambda.handler";
let tmp: string | undefined;

export type Synthesized = Awaited<ReturnType<typeof synthesize>>;

export async function synthesize(stage: string, { bundleHandler = false, env = {} as Record<string, string> } = {}) {
  process.env.NODE_ENV = "test";
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  // SST caches its function builder (and the artifacts path) per process, so a second
  // synthesis in the same file still builds under the first one's dir: keep them together.
  tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), "tongxin-sst-"));
  const cleanup = () => fs.rmSync(tmp!, { recursive: true, force: true });
  try {
    await initProject({ stage, root: ROOT });
    const out = path.join(tmp, [stage, ...Object.values(env)].join("-").replace(/[^\w.-]/g, "_"));
    return await synthesizeIn(out, stage, useProject(), bundleHandler, cleanup);
  } catch (error) {
    cleanup();
    throw error;
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

async function synthesizeIn(
  out: string,
  stage: string,
  project: ReturnType<typeof useProject>,
  bundleHandler: boolean,
  cleanup: () => void,
) {
  fs.mkdirSync(out, { recursive: true });
  setProject({ ...project, paths: { ...project.paths, out, artifacts: path.join(out, "artifacts") } });

  const app = new App(
    { mode: "deploy", stage, name: project.config.name, region: project.config.region, account: ACCOUNT },
    { outdir: path.join(out, "cdk.out") },
  );
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));

  // StaticSite writes web/src/sst-env.d.ts when web/ has a vite.config; keep tests from
  // touching the web workspace.
  const writeFileSync = fs.writeFileSync;
  fs.writeFileSync = ((file, data, options) => {
    if (String(file).endsWith("sst-env.d.ts")) return;
    writeFileSync(file, data, options);
  }) as typeof fs.writeFileSync;
  try {
    await config.stacks(app);
  } finally {
    fs.writeFileSync = writeFileSync;
  }

  if (!bundleHandler) {
    const stub = path.join(out, "stub", "lambda.mjs");
    fs.mkdirSync(path.dirname(stub), { recursive: true });
    fs.writeFileSync(stub, "export const handler = async () => ({ statusCode: 200 });\n");
    // SST's deploy build looks for the handler's package.json.
    fs.writeFileSync(path.join(path.dirname(stub), "package.json"), '{ "type": "module" }\n');
    for (const fn of getStack(Api).getAllFunctions()) {
      const props = (fn as unknown as { props: FunctionProps }).props;
      if (props.handler === HANDLER || props.handler === OFFICE_HANDLER) props.handler = stub.replace(/\.mjs$/, ".handler");
    }
    for (const name of ["StreamConsumer", "ReminderJob"]) {
      const props = (getStack(Messages).node.findChild(name) as unknown as { props: FunctionProps }).props;
      if (props.handler === STREAM_HANDLER || props.handler === JOBS_HANDLER) props.handler = stub.replace(/\.mjs$/, ".handler");
    }
  }

  const webStack = stageConfig(stage).webEnabled ? getStack(Web) : undefined;
  let declaredSiteProps: StaticSiteProps | undefined;
  if (webStack) {
    const site = webStack.node.findChild("Site") as StaticSite;
    const siteProps = (site as unknown as { props: StaticSiteProps }).props;
    declaredSiteProps = { ...siteProps };
    const fakeSite = path.join(out, "web");
    fs.mkdirSync(path.join(fakeSite, "dist"), { recursive: true });
    fs.writeFileSync(path.join(fakeSite, "dist", "index.html"), "<!doctype html><title>tongxin</title>");
    Object.assign(siteProps, { path: fakeSite, buildCommand: undefined });
  }

  await app.finish();
  // Synthesize exactly once: SST's own aspects (unique-id check) fail when re-run, which
  // rules out Template.fromStack / Annotations.fromStack (both force a fresh synth).
  const assembly = app.synth();
  const artifact = (stack: Stack) => assembly.getStackArtifact(stack.artifactId);
  const result = (stack: Stack) => ({
    name: stack.stackName,
    template: Template.fromJSON(artifact(stack).template as Record<string, unknown>),
    /** cdk-nag findings (AwsSolutions-*) at the given level, with the path they are on. */
    nag: (level: "error" | "warning") =>
      artifact(stack)
        .messages.filter((m) => m.level === level && /AwsSolutions-/.test(String(m.entry.data)))
        .map((m) => `${m.id}: ${String(m.entry.data)}`),
  });

  const web = webStack ? result(webStack) : undefined;
  return {
    /** Where this synthesis wrote .sst/types, the function bundle and the site zip. */
    out,
    /** Removes every synthesis' output in this test file. */
    cleanup,
    storage: result(getStack(Storage)),
    api: result(getStack(Api)),
    /** False for a China stage without an ICP domain, which has no Web stack. */
    hasWeb: webStack !== undefined,
    get web() {
      if (!web) throw new Error(`stage ${stage} has no Web stack`);
      return web;
    },
    get declaredSiteProps(): StaticSiteProps {
      if (!declaredSiteProps) throw new Error(`stage ${stage} has no Web stack`);
      return declaredSiteProps;
    },
    messages: result(getStack(Messages)),
    /** Every stack of the app, for checks that apply to all of them. */
    all: app.node.children.filter((child): child is Stack => child instanceof CdkStack).map(result),
  };
}
