import type { SSTConfig } from "sst";
import { Api } from "./stacks/Api";
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
    app.stack(Storage).stack(Api).stack(Web);
  },
} satisfies SSTConfig;
