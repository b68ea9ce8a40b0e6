// Shoal's server on the lab's internet, started the way `npm start` starts it:
// the built bundle, no configuration beyond what the test names.
import { fileURLToPath } from 'node:url';
import { stopProcess } from '../redis.ts';
import { SIGNAL_DIST_ENTRY } from '../signal-server.ts';
import type { LabNamespace } from './nat-lab.ts';
import { untilPrinted } from './printed.ts';

/** `npm start`'s port. */
export const LAB_SERVER_PORT = 8080;
/** How long the bundle may take to log that it listens. */
const START_TIMEOUT_MS = 20_000;
const MAX_OUTPUT_CHARS = 64 * 1024;
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface LabSignalServer {
  /** The page's origin as a home's browser reaches it: http://203.0.113.1:8080. */
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts apps/signal/dist/server.js inside `internet`, with only `env` beyond
 * the defaults (this process's PORT, HOST and the rest are not passed on).
 */
export async function startLabSignalServer(
  internet: LabNamespace & { address: string },
  env: Record<string, string> = {},
): Promise<LabSignalServer> {
  const child = internet.spawn([process.execPath, SIGNAL_DIST_ENTRY], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) =>
    (output = (output + chunk.toString()).slice(-MAX_OUTPUT_CHARS));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  try {
    await untilPrinted(child, /"listening"/, "the lab's signal server", START_TIMEOUT_MS);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return {
    url: `http://${internet.address}:${env.PORT ?? LAB_SERVER_PORT}`,
    output: () => output,
    stop: () => stopProcess(child),
  };
}
