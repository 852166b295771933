// Types for find-browser.mjs (imported by the TypeScript e2e harness and unit test).
export interface System {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  arch: string;
  homedir: string;
}

export type BrowserLookup = { path: string; source: 'MB_CHROMIUM' | 'system' | 'playwright' } | { path: null; error: string };

export declare const INSTALL_HINT: string;
export declare function systemCandidates(sys: Pick<System, 'platform' | 'env' | 'homedir'>): string[];
export declare function playwrightCacheDir(sys: Pick<System, 'platform' | 'env' | 'homedir'>): string;
export declare function playwrightCandidates(sys: System, listDir: (dir: string) => string[]): string[];
export declare function findBrowser(opts?: Partial<System> & { isExecutable?: (file: string) => boolean; listDir?: (dir: string) => string[] }): BrowserLookup;
export declare function installBrowser(opts?: { log?: (line: string) => void }): Promise<boolean>;
