export declare const CHROMIUM_COMMANDS: string[];
export declare const KNOWN_CHROMIUM_PATHS: string[];
export declare const CHROMIUM_APT_PACKAGES: string[];
export declare function findChromium(env?: NodeJS.ProcessEnv, knownPaths?: string[]): string | undefined;
export declare function chromiumInstruction(platform: NodeJS.Platform, hasAptGet: boolean, chromiumPath?: string): string;
export declare function ensureChromium(env?: NodeJS.ProcessEnv, log?: (line: string) => void): string;
