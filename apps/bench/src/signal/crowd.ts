// The flash crowd (issue 14): `clients` sockets arrive at one room within seconds,
// on one server process or on two over Redis. Client workers open the crowd and
// count what the server sends; this side starts the servers, watches their
// memory and CPU, drives the phases (arrive, settle, leave, settle) and tears
// everything down. Every phase has a deadline; every worker and process is
// stopped before this returns.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { BenchOptions } from './args.ts';
import { countsSince, mergeCounts, sumOf, type CrowdCounts } from './crowd-tally.ts';
import type { Arrived, CrowdWorkerData, FromWorker, ToWorker } from './crowd-messages.ts';
import { summarize, type LatencySummary } from './latency.ts';
import { readCpuMs, readRssBytes, readSchedstat, type Schedstat } from './proc.ts';
import { collectProbes, connectionCapFor, serverClientCount, startServers } from './servers.ts';

/** Let a fresh server finish starting before the baseline reading. */
const BASELINE_SETTLE_MS = 1_000;
/** After the last ack, how long announcements in flight get to arrive before counting. */
const SETTLE_MS = 1_500;
/** How often the servers' RSS is read for the peak. */
const RSS_POLL_MS = 100;
/** Leaves per second in the leave phase (each worker takes its share). */
const LEAVE_RATE_PER_SECOND = 25;
/** Slack on top of a phase's planned length before the parent gives up on a worker. */
const PHASE_SLACK_MS = 60_000;
/** How long a worker may take to close its sockets before it is terminated. */
const CLOSE_TIMEOUT_MS = 5_000;
/** The crowd's room size target (issue 14); the server's room cap is set to at least this. */
const CROWD_ROOM_TARGET = 10_000;

/**
 * Worker threads do not inherit tsx's loader hooks (registered by --import on the
 * main thread only), so each worker registers them itself before loading its entry.
 */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./crowd-worker.ts', import.meta.url).href)}); })`;

export interface CrowdSpec {
  name: 'crowd' | 'crowd-redis';
  label: string;
  processes: number;
  clients: number;
}

export function crowdSpecs(options: BenchOptions): CrowdSpec[] {
  const specs: CrowdSpec[] = [];
  for (const name of options.scenarios) {
    if (name === 'crowd') {
      specs.push({ name, label: 'crowd, 1 process', processes: 1, clients: options.crowdClients });
    } else if (name === 'crowd-redis') {
      specs.push({
        name,
        label: 'crowd, 2 processes + Redis',
        processes: 2,
        clients: options.crowdClients,
      });
    }
  }
  return specs;
}

/** The server env a crowd needs: one room holding everyone, every client from 127.0.0.1. */
export function crowdServerEnv(
  clients: number,
  processes: number,
  sampleSize: number,
): Record<string, string> {
  return {
    MAX_PEERS_PER_ROOM: String(Math.max(clients, CROWD_ROOM_TARGET)),
    PEER_SAMPLE_SIZE: String(sampleSize),
    ...connectionCapFor(clients, processes).env,
  };
}

export interface CrowdServer {
  pid: number;
  clients: number;
  serverCountedClients: number | undefined;
  rssBaselineBytes: number;
  rssPeakBytes: number;
  /** CPU during the arrivals (until every join was answered), in percent of one core. */
  cpuPercent: number | undefined;
  /** The main thread during the arrivals: time on a core, and time runnable but waiting for one. */
  mainThreadCpuMs: number | undefined;
  mainThreadRunQueueWaitMs: number | undefined;
  /** Main-thread event-loop delay during the arrivals; only with BENCH_SERVER_PROBE_DIR. */
  loopDelayP99Ms: number | undefined;
}

export interface CrowdResult {
  name: CrowdSpec['name'];
  label: string;
  processes: number;
  clients: number;
  workers: number;
  ratePerSecond: number;
  sampleSize: number;
  serverEnv: Record<string, string>;
  ok: boolean;
  problems: string[];
  joined: number;
  failures: number;
  /** Planned arrival time, and from the first arrival to the last join answered. */
  plannedArrivalMs: number;
  settledMs: number;
  joinMs: LatencySummary | null;
  connectMs: LatencySummary | null;
  /** Everything received from the first arrival until SETTLE_MS after the last ack. */
  joinPhase: CrowdCounts | null;
  leaves: number;
  leaveMs: LatencySummary | null;
  /** What arrived during the leave phase only. */
  leavePhase: CrowdCounts | null;
  servers: CrowdServer[];
  clientEventLoopUtilization: number[];
  clientLoopDelayP99Ms: number[];
  /** Each client worker thread during the arrivals: time on a core, and runnable but waiting for one. */
  clientCpuMs: (number | undefined)[];
  clientRunQueueWaitMs: (number | undefined)[];
}

function ask<T extends FromWorker['type']>(
  worker: Worker,
  message: ToWorker,
  expect: T,
  timeoutMs: number,
): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: FromWorker) => {
      if (reply.type !== expect && reply.type !== 'failed') return;
      done();
      if (reply.type === 'failed') reject(new Error(`worker failed: ${reply.error}`));
      else resolve(reply as Extract<FromWorker, { type: T }>);
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`worker exited (${code}) before answering ${message.type}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`worker did not answer ${message.type} within ${timeoutMs} ms`));
    }, timeoutMs);
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage(message);
  });
}

const askAll = <T extends FromWorker['type']>(
  workers: Worker[],
  message: (i: number) => ToWorker,
  expect: T,
  timeoutMs: number,
) => Promise.all(workers.map((worker, i) => ask(worker, message(i), expect, timeoutMs)));

/** Reads every pid's RSS every RSS_POLL_MS and keeps the largest; stop() returns the peaks. */
function watchRss(pids: number[]): { stop(): number[] } {
  const peaks = pids.map(() => 0);
  const read = () => {
    pids.forEach((pid, i) => {
      readRssBytes(pid).then(
        (bytes) => {
          peaks[i] = Math.max(peaks[i] as number, bytes);
        },
        () => undefined,
      );
    });
  };
  read();
  const timer = setInterval(read, RSS_POLL_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return peaks;
    },
  };
}

const cpuOf = (pids: number[]) =>
  Promise.all(pids.map((pid) => readCpuMs(pid).catch(() => undefined)));

const mainThreadsOf = (pids: number[]) =>
  Promise.all(
    pids.map((pid) => readSchedstat(`/proc/${pid}/task/${pid}/schedstat`).catch(() => undefined)),
  );

const change = (
  before: Schedstat | undefined,
  after: Schedstat | undefined,
  field: keyof Schedstat,
) => (before && after ? after[field] - before[field] : undefined);

export async function runCrowd(
  spec: CrowdSpec,
  options: BenchOptions,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<CrowdResult> {
  const workerCount = Math.min(options.crowdWorkers, spec.clients);
  const plannedArrivalMs = (spec.clients / options.crowdRate) * 1000;
  const serverEnv = crowdServerEnv(spec.clients, spec.processes, options.sampleSize);
  const result: CrowdResult = {
    name: spec.name,
    label: spec.label,
    processes: spec.processes,
    clients: spec.clients,
    workers: workerCount,
    ratePerSecond: options.crowdRate,
    sampleSize: options.sampleSize,
    serverEnv,
    ok: false,
    problems: [],
    joined: 0,
    failures: 0,
    plannedArrivalMs,
    settledMs: 0,
    joinMs: null,
    connectMs: null,
    joinPhase: null,
    leaves: 0,
    leaveMs: null,
    leavePhase: null,
    servers: [],
    clientEventLoopUtilization: [],
    clientLoopDelayP99Ms: [],
    clientCpuMs: [],
    clientRunQueueWaitMs: [],
  };
  const workers: Worker[] = [];
  let stopServers: (() => Promise<void>) | undefined;
  let killServers: (() => void) | undefined;
  let rss: { stop(): number[] } | undefined;
  const onAbort = () => {
    for (const worker of workers) void worker.terminate();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    log(`starting ${spec.processes} server process(es)${spec.processes > 1 ? ' and Redis' : ''}`);
    const set = await startServers(spec.processes, serverEnv);
    stopServers = set.stop;
    killServers = () => {
      for (const server of set.servers) server.process.kill('SIGKILL');
    };
    const pids = set.servers.map((server) => server.process.pid as number);
    await sleep(BASELINE_SETTLE_MS, undefined, { signal });
    const baseline = await Promise.all(pids.map((pid) => readRssBytes(pid)));
    rss = watchRss(pids);

    const roomId = randomBytes(32).toString('base64url');
    const startAtEpochMs = Date.now() + 500;
    for (let i = 0; i < workerCount; i++) {
      const workerData: CrowdWorkerData = {
        urls: set.servers.map((server) => server.url),
        roomId,
        workerIndex: i,
        workers: workerCount,
        total: spec.clients,
        ratePerSecond: options.crowdRate,
        startAtEpochMs,
      };
      workers.push(new Worker(WORKER_BOOT, { eval: true, workerData }));
    }
    log(
      `${spec.clients} clients into one room at ${options.crowdRate}/s (${(plannedArrivalMs / 1000).toFixed(1)} s) from ${workerCount} worker thread(s); PEER_SAMPLE_SIZE=${options.sampleSize}`,
    );
    const cpuBefore = await cpuOf(pids);
    const threadsBefore = await mainThreadsOf(pids);
    const arrivedAt = Date.now();
    const arrived: Arrived[] = await askAll(
      workers,
      () => ({ type: 'arrive' }),
      'arrived',
      plannedArrivalMs * 3 + PHASE_SLACK_MS,
    );
    const cpuAfter = await cpuOf(pids);
    const threadsAfter = await mainThreadsOf(pids);
    const probes = await collectProbes(pids);
    const arrivalWallMs = Date.now() - arrivedAt;
    await sleep(SETTLE_MS, undefined, { signal });
    const afterJoins = mergeCounts(
      (await askAll(workers, () => ({ type: 'snapshot' }), 'snapshot', PHASE_SLACK_MS)).map(
        (s) => s.counts,
      ),
    );
    result.joinPhase = afterJoins;
    result.joined = sumOf(arrived.map((a) => a.joined));
    result.failures = sumOf(arrived.map((a) => a.failures));
    result.settledMs = Math.max(...arrived.map((a) => a.settledMs));
    result.joinMs = summarize(arrived.flatMap((a) => a.joinMs));
    result.connectMs = summarize(arrived.flatMap((a) => a.connectMs));
    result.clientEventLoopUtilization = arrived.map((a) => a.eventLoopUtilization);
    result.clientLoopDelayP99Ms = arrived.map((a) => a.loopDelayP99Ms);
    result.clientCpuMs = arrived.map((a) => a.cpuMs);
    result.clientRunQueueWaitMs = arrived.map((a) => a.runQueueWaitMs);
    for (const a of arrived) result.problems.push(...a.errors);
    const counted = await Promise.all(set.servers.map((server) => serverClientCount(server)));
    log(
      `joined ${result.joined} of ${spec.clients} in ${(result.settledMs / 1000).toFixed(1)} s; join p99 ${result.joinMs?.p99.toFixed(1) ?? '-'} ms`,
    );

    const leaves = Math.min(options.crowdLeaves, result.joined);
    if (leaves > 0) {
      log(`${leaves} clients leave at ${LEAVE_RATE_PER_SECOND}/s`);
      const per = (i: number) =>
        Math.floor(leaves / workerCount) + (i < leaves % workerCount ? 1 : 0);
      const left = await askAll(
        workers,
        (i) => ({
          type: 'leave',
          count: per(i),
          ratePerSecond: LEAVE_RATE_PER_SECOND / workerCount,
        }),
        'left',
        (leaves / LEAVE_RATE_PER_SECOND) * 1000 * 3 + PHASE_SLACK_MS,
      );
      await sleep(SETTLE_MS, undefined, { signal });
      const afterLeaves = mergeCounts(
        (await askAll(workers, () => ({ type: 'snapshot' }), 'snapshot', PHASE_SLACK_MS)).map(
          (s) => s.counts,
        ),
      );
      result.leaves = sumOf(left.map((l) => l.leaveMs.length));
      result.leaveMs = summarize(left.flatMap((l) => l.leaveMs));
      result.leavePhase = countsSince(afterLeaves, afterJoins);
      for (const l of left) result.problems.push(...l.errors);
    }
    const peaks = rss.stop();
    rss = undefined;
    result.servers = pids.map((pid, i) => {
      const before = cpuBefore[i];
      const end = cpuAfter[i];
      return {
        pid,
        clients: Math.floor(spec.clients / pids.length) + (i < spec.clients % pids.length ? 1 : 0),
        serverCountedClients: counted[i],
        rssBaselineBytes: baseline[i] as number,
        rssPeakBytes: peaks[i] as number,
        cpuPercent:
          before !== undefined && end !== undefined
            ? ((end - before) * 100) / arrivalWallMs
            : undefined,
        mainThreadCpuMs: change(threadsBefore[i], threadsAfter[i], 'cpuMs'),
        mainThreadRunQueueWaitMs: change(threadsBefore[i], threadsAfter[i], 'waitMs'),
        loopDelayP99Ms: probes[i]?.loopDelayP99Ms,
      };
    });
    const fixed = (value: number | undefined) => value?.toFixed(0) ?? '-';
    log(
      `during the arrivals: server main thread(s) ran ${result.servers.map((s) => fixed(s.mainThreadCpuMs)).join(' + ')} ms and waited ${result.servers.map((s) => fixed(s.mainThreadRunQueueWaitMs)).join(' + ')} ms for a core (loop delay p99 ${result.servers.map((s) => fixed(s.loopDelayP99Ms)).join(' + ')} ms); client workers ran ${result.clientCpuMs.map(fixed).join(' + ')} ms and waited ${result.clientRunQueueWaitMs.map(fixed).join(' + ')} ms (loop delay p99 ${result.clientLoopDelayP99Ms.map(fixed).join(' + ')} ms)`,
    );
    for (const server of result.servers) {
      if (server.serverCountedClients !== server.clients) {
        result.problems.push(
          `server ${server.pid} counts ${server.serverCountedClients ?? 'no'} clients, expected ${server.clients}`,
        );
      }
    }
    if (result.joined < spec.clients) {
      result.problems.push(`joined ${result.joined} of ${spec.clients} clients`);
    }
    for (const [code, count] of Object.entries(afterJoins.refused)) {
      result.problems.push(`${count} joins refused: ${code}`);
    }
    if (result.leavePhase) {
      for (const [code, count] of Object.entries(result.leavePhase.refused)) {
        result.problems.push(`${count} leaves refused: ${code}`);
      }
    }
  } catch (error) {
    result.problems.push(signal.aborted ? `stopped: ${String(signal.reason)}` : String(error));
  } finally {
    signal.removeEventListener('abort', onAbort);
    rss?.stop();
    // The servers go first: closing 10,000 sockets of one room one by one would
    // make the server announce each departure to the rest (O(n²) on a server that
    // tells the whole room), which is teardown, not the crowd.
    killServers?.();
    await Promise.all(
      workers.map((worker) =>
        ask(worker, { type: 'close' }, 'closed', CLOSE_TIMEOUT_MS).catch(() => undefined),
      ),
    );
    await Promise.all(workers.map((worker) => worker.terminate()));
    await stopServers?.();
  }
  result.ok = result.problems.length === 0;
  return result;
}
