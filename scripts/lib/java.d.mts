export declare const JAVA_APT_PACKAGES: string[];
export declare function javaMajorVersion(env?: NodeJS.ProcessEnv): number | undefined;
export declare function javaProblem(major: number | undefined): string | undefined;
export declare function ensureJava(env?: NodeJS.ProcessEnv, log?: (line: string) => void): void;
