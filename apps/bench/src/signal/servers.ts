// The servers under test: the built signal server (apps/signal/dist/server.js),
// spawned through @shoal/testkit as separate processes, and a throwaway Redis.
// Every child is registered, so that even a hard exit can kill what is left.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SIGNAL_DIST_ENTRY,
  startRedis,
  startSignalServer,
  type RunningRedis,
  type RunningSignalServer,
} from '@shoal/testkit';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Sources the server bundle is built from: a newer file means dist/ is stale. */
const SERVER_SOURCE_DIRS = ['apps/signal/src', 'packages/protocol/src'];
/** esbuild takes about a second; the limit only guards against a hung npm. */
const BUILD_TIMEOUT_MS = 180_000;
/** The server's per-connection token bucket defaults (apps/signal README, RATE_LIMIT_*). */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 20;
export const DEFAULT_RATE_LIMIT_BURST = 100;
/**
 * Highest average signals per second per client that the default bucket serves
 * with a wide margin: a quarter of the sustained rate, so random bursts of a
 * Poisson-like sender never reach the limit. Above it the bench raises the limit.
 */
const COMFORTABLE_SHARE_OF_LIMIT = 0.25;

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the server bundle when it is missing or older than its sources, so the
 * bench never measures yesterday's server. Returns what it did, for the report.
 */
export function ensureServerBuilt(): 'up to date' | 'built' {
  const built = existsSync(SIGNAL_DIST_ENTRY) ? statSync(SIGNAL_DIST_ENTRY).mtimeMs : 0;
  const sources = Math.max(...SERVER_SOURCE_DIRS.map((dir) => newestMtimeMs(join(REPO_ROOT, dir))));
  if (built > sources) return 'up to date';
  console.log(
    `${built === 0 ? 'apps/signal/dist/server.js is missing' : 'apps/signal/dist is older than its sources'}: npm run build -w @shoal/signal`,
  );
  const result = spawnSync('npm', ['run', 'build', '-w', '@shoal/signal'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    timeout: BUILD_TIMEOUT_MS,
  });
  if (result.status !== 0 || !existsSync(SIGNAL_DIST_ENTRY)) {
    throw new Error(`building the signal server failed (${result.status ?? result.signal})`);
  }
  return 'built';
}

/** Server environment variables a run sets, and the line the report prints about them. */
export interface EnvChoice {
  env: Record<string, string>;
  note: string;
}

/**
 * The server's rate limit for a run, set explicitly in its env. The defaults stay
 * when the average client rate is well under them; otherwise the limit is raised
 * (and the report says so), because the bench measures relay, not the limiter.
 */
export function rateLimitFor(perClientPerSecond: number): EnvChoice {
  const comfortable = DEFAULT_RATE_LIMIT_PER_SECOND * COMFORTABLE_SHARE_OF_LIMIT;
  const rounded = perClientPerSecond.toFixed(2);
  if (perClientPerSecond <= comfortable) {
    return {
      env: {
        RATE_LIMIT_PER_SECOND: String(DEFAULT_RATE_LIMIT_PER_SECOND),
        RATE_LIMIT_BURST: String(DEFAULT_RATE_LIMIT_BURST),
      },
      note: `RATE_LIMIT_PER_SECOND=${DEFAULT_RATE_LIMIT_PER_SECOND} RATE_LIMIT_BURST=${DEFAULT_RATE_LIMIT_BURST} (production defaults; clients average ${rounded} signals/s)`,
    };
  }
  const perSecond = Math.ceil(perClientPerSecond / COMFORTABLE_SHARE_OF_LIMIT);
  const burst = Math.max(DEFAULT_RATE_LIMIT_BURST, perSecond * 5);
  return {
    env: { RATE_LIMIT_PER_SECOND: String(perSecond), RATE_LIMIT_BURST: String(burst) },
    note: `RATE_LIMIT_PER_SECOND=${perSecond} RATE_LIMIT_BURST=${burst} (RAISED from ${DEFAULT_RATE_LIMIT_PER_SECOND}/${DEFAULT_RATE_LIMIT_BURST}: clients average ${rounded} signals/s)`,
  };
}

/**
 * The server's per-address connection cap for a run, set explicitly in its env.
 * Every bench client connects from 127.0.0.1, so one process must take all of
 * its share from that one address; the production default (200) would refuse
 * the rest. The cap is set to exactly that share: the bench holds no other
 * connection, so a refusal would mean the server miscounts.
 */
export function connectionCapFor(clients: number, processes: number): EnvChoice {
  const perProcess = Math.ceil(clients / processes);
  return {
    env: { MAX_CONNECTIONS_PER_ADDRESS: String(perProcess) },
    note: `MAX_CONNECTIONS_PER_ADDRESS=${perProcess} (every client is 127.0.0.1: the cap is the clients per process)`,
  };
}

/** Child processes still running, for the last-resort kill on exit. */
const children = new Set<ChildProcess>();

function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** SIGKILLs every child still running (synchronous: safe in process 'exit' handlers). */
export function killAllChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

export interface ServerSet {
  servers: RunningSignalServer[];
  redis: RunningRedis | undefined;
  stop(): Promise<void>;
}

/** Measures the server processes (never the bench or its clients); see server-probe-preload.mjs. */
const PROBE_PRELOAD = fileURLToPath(new URL('./server-probe-preload.mjs', import.meta.url));
/** How long the servers get to write what the probe measured. */
const PROBE_WAIT_MS = 10_000;

const probeDir = (): string | undefined =>
  process.env['BENCH_SERVER_PROBE_DIR']?.trim() || undefined;

/**
 * With BENCH_SERVER_PROBE_DIR set, each server process measures its event-loop
 * delay (and with BENCH_SERVER_CPU_PROFILE=1 takes a CPU profile) until the
 * bench calls collectProbes().
 */
function serverProbeEnv(): Record<string, string> {
  const dir = probeDir();
  if (!dir) return {};
  mkdirSync(dir, { recursive: true });
  return {
    NODE_OPTIONS: `--import=${PROBE_PRELOAD}`,
    BENCH_SERVER_PROBE_DIR: dir,
    BENCH_SERVER_CPU_PROFILE: process.env['BENCH_SERVER_CPU_PROFILE'] ?? '',
  };
}

/** What the probe measured in one server process. */
export interface ServerProbe {
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/**
 * When probing, asks each server to write what it measured (SIGUSR2) and reads
 * it; undefined for a server that did not answer, or when not probing.
 */
export async function collectProbes(pids: number[]): Promise<(ServerProbe | undefined)[]> {
  const dir = probeDir();
  if (!dir) return pids.map(() => undefined);
  const deadline = Date.now() + PROBE_WAIT_MS;
  const probes: (ServerProbe | undefined)[] = [];
  for (const pid of pids) {
    process.kill(pid, 'SIGUSR2');
    const file = join(dir, `server-${pid}.json`);
    while (!existsSync(file) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    let probe: ServerProbe | undefined;
    try {
      probe = JSON.parse(readFileSync(file, 'utf8')) as ServerProbe;
    } catch {
      probe = undefined; // not written in time: the report shows '-'
    }
    probes.push(probe);
  }
  return probes;
}

/** Starts Redis (when `processes` > 1) and the servers; stops whatever started if one fails. */
export async function startServers(
  processes: number,
  env: Record<string, string>,
): Promise<ServerSet> {
  const servers: RunningSignalServer[] = [];
  let redis: RunningRedis | undefined;
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.stop();
  };
  try {
    if (processes > 1) {
      redis = await startRedis();
      track(redis.process);
    }
    for (let i = 0; i < processes; i++) {
      const server = await startSignalServer({
        entry: 'dist',
        env: {
          LOG_LEVEL: 'warn',
          ...serverProbeEnv(),
          ...env,
          ...(redis ? { REDIS_URL: redis.url } : {}),
        },
      });
      track(server.process);
      servers.push(server);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, redis, stop };
}

/** Connected clients the server counts itself (GET /healthz), or undefined if it did not answer. */
export async function serverClientCount(server: RunningSignalServer): Promise<number | undefined> {
  try {
    const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { connectedClients?: unknown };
    return typeof body.connectedClients === 'number' ? body.connectedClients : undefined;
  } catch {
    return undefined;
  }
}
