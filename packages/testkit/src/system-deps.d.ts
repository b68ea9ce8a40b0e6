export declare const DEFAULT_CHROMIUM_PATH: string;
export declare const DEFAULT_FIREFOX_PATH: string;
export declare function chromiumPath(): string | undefined;
export declare function firefoxPath(): string | undefined;
export declare function redisServerPath(): string | undefined;
export declare function turnserverPath(): string | undefined;
export declare function ipPath(): string | undefined;
export declare const SYSTEM_DEPS: { debianPackage: string; find: () => string | undefined }[];
export declare function missingSystemPackages(): string[];
