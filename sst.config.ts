import { NagSuppressions } from "cdk-nag";
import type { SSTConfig } from "sst";
import { Stack } from "sst/constructs";
import { Api } from "./stacks/Api";
import { Messages } from "./stacks/Messages";
import { Storage } from "./stacks/Storage";
import { Web } from "./stacks/Web";

export default {
  config() {
    return { name: "tongxin", region: "ap-northeast-1" };
  },
  stacks(app) {
    // prod keeps every resource (and its data) when a stack is removed; other stages clean up.
    app.setDefaultRemovalPolicy(app.stage === "prod" ? "retain" : "destroy");
    app.setDefaultFunctionProps({ runtime: "nodejs22.x", architecture: "arm_64" });
    app.stack(Storage).stack(Api).stack(Web).stack(Messages);

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
