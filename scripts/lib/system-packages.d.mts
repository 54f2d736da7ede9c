export interface MachineFacts {
  platform: NodeJS.Platform;
  isRoot: boolean;
  hasAptGet: boolean;
  sudoWithoutPassword: boolean;
  installAllowed: boolean;
}
export type InstallPlan = { kind: "install"; commands: string[][] } | { kind: "instruct"; message: string };
export declare function isExecutable(path: string): boolean;
export declare function onPath(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export declare function installPlan(facts: MachineFacts, packages: string[], instruction: string): InstallPlan;
export declare function machineFacts(env?: NodeJS.ProcessEnv): MachineFacts;
export declare function runInstall(plan: Extract<InstallPlan, { kind: "install" }>, env?: NodeJS.ProcessEnv): boolean;
