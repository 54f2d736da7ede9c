import { NagSuppressions } from "cdk-nag";
import type { SSTConfig } from "sst";
import { Stack } from "sst/constructs";
import { Api } from "./stacks/Api";
import { stageConfig } from "./stacks/stage-config";
import { Messages } from "./stacks/Messages";
import { Storage } from "./stacks/Storage";
import { Web } from "./stacks/Web";

export default {
  // The stage picks the partition and region: `prod-cn` (any `*-cn`) deploys to cn-northwest-1
  // (aws-cn), every other stage to ap-northeast-1 (stacks/stage-config.ts).
  config(input) {
    return { name: "tongxin", region: stageConfig(input.stage ?? process.env.SST_STAGE ?? "").region };
  },
  stacks(app) {
    const stage = stageConfig(app.stage);
    if (app.region !== stage.region) {
      throw new Error(`Stage ${app.stage} deploys to ${stage.region}, not ${app.region} (set TONGXIN_REGION instead of --region)`);
    }
    // prod keeps every resource (and its data) when a stack is removed; other stages clean up.
    app.setDefaultRemovalPolicy(stage.prod ? "retain" : "destroy");
    app.setDefaultFunctionProps({ ...stage.lambda });
    app.stack(Storage).stack(Api);
    // In China CloudFront serves nothing without an ICP-filed domain (docs/deploy-china.md).
    if (stage.webEnabled) app.stack(Web);
    app.stack(Messages);

    // SST adds a CustomResourceHandler Lambda to every stack; its role and runtime are SST's.
    for (const stack of app.node.children) {
      if (!(stack instanceof Stack)) continue;
      NagSuppressions.addResourceSuppressions(
        stack.customResourceHandler,
        [
          {
            id: "AwsSolutions-IAM4",
            reason: "SST's custom-resource handler: AWSLambdaBasicExecutionRole grants only CloudWatch Logs writes.",
            appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
          },
          { id: "AwsSolutions-L1", reason: "SST's custom-resource handler: SST fixes its runtime (nodejs22.x)." },
        ],
        true,
      );
    }
  },
} satisfies SSTConfig;
