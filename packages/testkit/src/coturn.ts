// Debian's coturn on loopback, with the REST-API shared secret that the signaling
// server uses to mint time-limited TURN credentials (TURN_URLS + TURN_SECRET).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { freePort } from './ports.ts';
import { stopProcess } from './redis.ts';
import { turnserverPath } from './system-deps.js';

/** TURNSERVER_PATH, else Debian's coturn. */
export const TURNSERVER_PATH = turnserverPath() ?? '/usr/bin/turnserver';
/** How long turnserver may take to start listening. */
const COTURN_START_TIMEOUT_MS = 10_000;
/** Relay ports: a small private range, enough for a few test allocations. */
const RELAY_PORT_SPAN = 200;

export interface RunningCoturn {
  /** For TURN_URLS. */
  url: string;
  /** For TURN_SECRET. */
  secret: string;
  /** Everything turnserver logged (allocations show up here). */
  output(): string;
  stop(): Promise<void>;
}

export async function startCoturn(): Promise<RunningCoturn> {
  if (!existsSync(TURNSERVER_PATH))
    throw new Error('coturn is not installed: apt-get install -y coturn');
  const port = await freePort();
  const minPort = 40_000 + Math.floor(Math.random() * 20_000);
  const secret = randomBytes(16).toString('hex');
  const child = spawn(
    TURNSERVER_PATH,
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + RELAY_PORT_SPAN}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=shoal.test',
      // Our peers are browsers on this machine: coturn refuses loopback peers unless told.
      '--allow-loopback-peers',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--fingerprint',
      '--log-file=stdout',
      '--simple-log',
      '--verbose',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-256 * 1024));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const deadline = Date.now() + COTURN_START_TIMEOUT_MS;
  while (!/listener opened on|Total General servers/i.test(output)) {
    if (child.exitCode !== null) throw new Error(`turnserver exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`turnserver did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    output: () => output,
    stop: () => stopProcess(child),
  };
}
