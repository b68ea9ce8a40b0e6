import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';
import { stopProcess } from './redis.ts';

/** How long a spawned signal server may take to answer /healthz (tsx compiles on start). */
const SIGNAL_START_TIMEOUT_MS = 20_000;
/** Pause between /healthz polls while the server starts. */
const HEALTH_POLL_INTERVAL_MS = 100;
/** Most output kept from the child, for error messages. */
const MAX_OUTPUT_CHARS = 64 * 1024;

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The server's TypeScript entry, run through tsx. */
export const SIGNAL_SOURCE_ENTRY = fileURLToPath(
  new URL('../../../apps/signal/src/main.ts', import.meta.url),
);
/** The bundled server from `npm run build -w @shoal/signal`, run with plain node. */
export const SIGNAL_DIST_ENTRY = fileURLToPath(
  new URL('../../../apps/signal/dist/server.js', import.meta.url),
);

export interface RunningSignalServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the process printed so far (stdout and stderr, capped). */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

export interface SignalServerOptions {
  /**
   * Extra environment (REDIS_URL, limits...). PORT and HOST are chosen here;
   * STUN_PORT is 0 (any free UDP port, so that servers run side by side) unless set here.
   */
  env?: Record<string, string>;
  /** 'source' runs src/main.ts through tsx (default); 'dist' runs the built bundle with node. */
  entry?: 'source' | 'dist';
  /** Listen on this port (to restart a server where its clients expect it); a free one by default. */
  port?: number;
}

/**
 * Spawns Shoal's signal server as a separate process on a free loopback port and
 * resolves once GET /healthz answers 200. LOG_LEVEL defaults to 'warn', and the
 * embedded STUN server to a free UDP port rather than 3478.
 */
export async function startSignalServer(
  options: SignalServerOptions = {},
): Promise<RunningSignalServer> {
  const port = options.port ?? (await freePort());
  const args =
    options.entry === 'dist' ? [SIGNAL_DIST_ENTRY] : ['--import', 'tsx', SIGNAL_SOURCE_ENTRY];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      STUN_PORT: '0',
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const server: RunningSignalServer = {
    url,
    port,
    process: child,
    output: () => output,
    stop: () => stopProcess(child),
  };
  const deadline = Date.now() + SIGNAL_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `signal server exited (${child.exitCode ?? child.signalCode}) during startup:\n${output}`,
      );
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_INTERVAL_MS));
  }
  await server.stop();
  throw new Error(
    `signal server did not answer /healthz within ${SIGNAL_START_TIMEOUT_MS} ms:\n${output}`,
  );
}
