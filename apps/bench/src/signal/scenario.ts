// One scenario, start to finish: servers up, baseline memory, clients in, loaded
// memory, signals, teardown. Whatever happens, every client closes and every
// process stops before this returns.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchOptions, ScenarioName } from './args.ts';
import { ClientPool, openClients, type OpenResult } from './clients.ts';
import type { LatencySummary } from './latency.ts';
import { RelayTally, plannedSignals, runLoad, type LoadResult } from './load.ts';
import { seededRandom } from './pacing.ts';
import { readCpuMs, readRssBytes } from './proc.ts';
import { connectionCapFor, rateLimitFor, serverClientCount, startServers } from './servers.ts';

/** Let a fresh server finish starting (JIT, lazy modules) before the baseline reading. */
const BASELINE_SETTLE_MS = 1_000;
/** Let the last connections' buffers settle before the loaded reading. */
const LOADED_SETTLE_MS = 1_500;

export interface ScenarioSpec {
  name: Exclude<ScenarioName, 'crowd' | 'crowd-redis'>;
  label: string;
  processes: number;
  clients: number;
}

/** The relay scenarios (the crowds are crowd.ts's). */
export function scenarioSpecs(options: BenchOptions): ScenarioSpec[] {
  const relay = options.scenarios.filter(
    (name): name is ScenarioSpec['name'] => name !== 'crowd' && name !== 'crowd-redis',
  );
  return relay.map((name) => {
    switch (name) {
      case 'single':
        return { name, label: '1 process', processes: 1, clients: options.clients };
      case 'redis':
        return { name, label: '2 processes + Redis', processes: 2, clients: options.clients };
      case 'target':
        return {
          name,
          label: '1 process (target)',
          processes: 1,
          clients: options.targetClients,
        };
    }
  });
}

export interface ServerMeasurement {
  pid: number;
  /** Clients the bench assigned to this process. */
  clients: number;
  /** What the server reports on /healthz with every client connected. */
  serverCountedClients: number | undefined;
  rssBaselineBytes: number;
  rssLoadedBytes: number;
  rssAfterSignalsBytes: number | undefined;
  /** CPU use during the signal phase (warm-up, measured part and drain), in percent of one core. */
  cpuPercentDuringSignals: number | undefined;
}

export interface ScenarioResult {
  name: ScenarioSpec['name'];
  label: string;
  processes: number;
  clients: number;
  /** Aggregate signals per second the run asked for. */
  requestedRate: number;
  ok: boolean;
  problems: string[];
  serverEnvNote: string;
  serverEnv: Record<string, string>;
  connect: {
    opened: number;
    failures: number;
    errors: string[];
    elapsedMs: number;
    perSecond: number;
    perClientMs: LatencySummary | null;
  } | null;
  load: LoadResult | null;
  servers: ServerMeasurement[];
  /** (sum of loaded RSS - sum of baseline RSS) / connections. */
  rssPerConnectionBytes: number | null;
}

const rssOf = (pids: number[]) => Promise.all(pids.map((pid) => readRssBytes(pid)));
const cpuOf = (pids: number[]) =>
  Promise.all(pids.map((pid) => readCpuMs(pid).catch(() => undefined)));

function connectSummary(opened: OpenResult) {
  return {
    opened: opened.clients.length,
    failures: opened.failures,
    errors: opened.errors,
    elapsedMs: opened.elapsedMs,
    perSecond: (opened.clients.length * 1000) / opened.elapsedMs,
    perClientMs: opened.perClient,
  };
}

/** Everything that makes a run invalid; an empty list means it worked. */
function problemsOf(spec: ScenarioSpec, opened: OpenResult, load: LoadResult): string[] {
  const problems: string[] = [];
  if (opened.clients.length < spec.clients) {
    problems.push(`opened ${opened.clients.length} of ${spec.clients} clients`);
  }
  for (const error of opened.errors) problems.push(error);
  if (load.received === 0) problems.push('no signal was delivered');
  if (load.sent < load.planned) problems.push(`sent ${load.sent} of ${load.planned} signals`);
  for (const [code, count] of Object.entries(load.refused)) {
    problems.push(`${count} signals refused: ${code}`);
  }
  if (load.ackTimeouts > 0) problems.push(`${load.ackTimeouts} signal acks timed out`);
  if (load.lost > 0) problems.push(`${load.lost} accepted signals never arrived`);
  if (load.duplicates > 0) problems.push(`${load.duplicates} signals arrived twice`);
  if (load.misdelivered > 0) problems.push(`${load.misdelivered} signals reached the wrong peer`);
  if (load.unexpected > 0) problems.push(`${load.unexpected} unexpected signals`);
  if (load.disconnects > 0) problems.push(`${load.disconnects} clients were disconnected`);
  return problems;
}

export async function runScenario(
  spec: ScenarioSpec,
  options: BenchOptions,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<ScenarioResult> {
  const durationMs = options.durationSeconds * 1000;
  const limit = rateLimitFor(options.rate / spec.clients);
  const cap = connectionCapFor(spec.clients, spec.processes);
  const serverEnv = { ...limit.env, ...cap.env };
  const result: ScenarioResult = {
    name: spec.name,
    label: spec.label,
    processes: spec.processes,
    clients: spec.clients,
    requestedRate: options.rate,
    ok: false,
    problems: [],
    serverEnvNote: `${limit.note}; ${cap.note}`,
    serverEnv,
    connect: null,
    load: null,
    servers: [],
    rssPerConnectionBytes: null,
  };
  const pool = new ClientPool();
  const warmupMs = options.warmupSeconds * 1000;
  const tally = new RelayTally(plannedSignals(options.rate, warmupMs, durationMs));
  let stopServers: (() => Promise<void>) | undefined;
  try {
    log(`starting ${spec.processes} server process(es)${spec.processes > 1 ? ' and Redis' : ''}`);
    const set = await startServers(spec.processes, serverEnv);
    stopServers = set.stop;
    const pids = set.servers.map((server) => server.process.pid as number);
    await sleep(BASELINE_SETTLE_MS, undefined, { signal });
    const baseline = await rssOf(pids);

    log(`opening ${spec.clients} clients, ${options.concurrency} at a time`);
    const opened = await openClients(pool, {
      urls: set.servers.map((server) => server.url),
      count: spec.clients,
      roomSize: options.roomSize,
      concurrency: options.concurrency,
      signal,
      onSignal: (receiver, event) => tally.onReceive(receiver, event),
      onDisconnect: () => tally.onDisconnect(),
    });
    result.connect = connectSummary(opened);
    log(
      `opened ${opened.clients.length} in ${(opened.elapsedMs / 1000).toFixed(1)} s` +
        (opened.failures > 0 ? ` (${opened.failures} failed)` : ''),
    );
    await sleep(LOADED_SETTLE_MS, undefined, { signal });
    const loaded = await rssOf(pids);
    const counted = await Promise.all(set.servers.map((server) => serverClientCount(server)));

    log(
      `signaling at ${options.rate}/s: ${options.warmupSeconds} s warm-up, ${options.durationSeconds} s measured`,
    );
    const cpuBefore = await cpuOf(pids);
    const loadStarted = performance.now();
    const load = await runLoad(
      {
        clients: opened.clients,
        ratePerSecond: options.rate,
        warmupMs,
        durationMs,
        random: seededRandom(options.seed),
        signal,
      },
      tally,
    );
    const cpuAfter = await cpuOf(pids);
    const loadMs = performance.now() - loadStarted;
    log(
      `p99 by second (ms): ${load.latencyBySecond.map((b) => b.p99.toFixed(0)).join(' ')}` +
        ` (first ${options.warmupSeconds} s: warm-up)`,
    );
    const after = await rssOf(pids).catch(() => undefined);
    result.load = load;

    result.servers = pids.map((pid, i) => {
      const before = cpuBefore[i];
      const end = cpuAfter[i];
      return {
        pid,
        clients: opened.clients.filter((client) => client.serverIndex === i).length,
        serverCountedClients: counted[i],
        rssBaselineBytes: baseline[i] as number,
        rssLoadedBytes: loaded[i] as number,
        rssAfterSignalsBytes: after?.[i],
        cpuPercentDuringSignals:
          before !== undefined && end !== undefined ? ((end - before) * 100) / loadMs : undefined,
      };
    });
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    if (opened.clients.length > 0) {
      result.rssPerConnectionBytes = (sum(loaded) - sum(baseline)) / opened.clients.length;
    }
    result.problems = problemsOf(spec, opened, load);
    for (const server of result.servers) {
      if (server.serverCountedClients !== server.clients) {
        result.problems.push(
          `server ${server.pid} counts ${server.serverCountedClients ?? 'no'} clients, expected ${server.clients}`,
        );
      }
    }
  } catch (error) {
    result.problems.push(signal.aborted ? `stopped: ${String(signal.reason)}` : String(error));
  } finally {
    pool.close();
    await stopServers?.();
  }
  result.ok = result.problems.length === 0;
  return result;
}
