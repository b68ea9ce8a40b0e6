// One client worker of the flash crowd (a worker_thread, so that 10,000 sockets
// are not all on the event loop that measures them). It opens its share of the
// crowd at its share of the arrival rate (connect, then join the one room right
// away), times each join from emit to ack, and counts every event the server
// sends. The parent drives the phases by message; every wait has a deadline.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';
import type { BenchSocket } from './clients.ts';
import { countAck, countEvent, emptyCounts } from './crowd-tally.ts';
import type { CrowdWorkerData, FromWorker, ToWorker } from './crowd-messages.ts';
import { dueCount } from './pacing.ts';
import { parseSchedstat, type Schedstat } from './proc.ts';

/**
 * This worker thread's scheduler statistics, or undefined where /proc has none.
 * Read synchronously: an asynchronous read would run on a libuv pool thread, and
 * thread-self would name that thread.
 */
function ownSchedstat(): Schedstat | undefined {
  try {
    return parseSchedstat(readFileSync('/proc/thread-self/schedstat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** How long a connection may take to receive `config`, and a join or leave its ack. */
const REQUEST_TIMEOUT_MS = 20_000;
/** Pause between arrival rounds; each round opens whatever the rate line says is due. */
const TICK_MS = 5;
/** A round opens at most this share of a second's arrivals, so a stall does not become a flood. */
const MAX_BURST_SECONDS = 0.05;
/** Error messages kept for the report. */
const MAX_KEPT_ERRORS = 5;

const data = workerData as CrowdWorkerData;
const port = parentPort;
if (!port) throw new Error('crowd-worker runs only as a worker thread');

const counts = emptyCounts();
const sockets: BenchSocket[] = [];
const joined: BenchSocket[] = [];
const errors: string[] = [];
let failures = 0;
const keep = (message: string) => {
  failures++;
  if (errors.length < MAX_KEPT_ERRORS) errors.push(message);
};

/** What lies under socket.io-client's "websocket error": the ws error or the HTTP answer. */
function describe(error: Error): string {
  const description = (error as { description?: unknown }).description;
  if (description instanceof Error) return ` (${description.message})`;
  const message = (description as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? ` (${message})` : '';
}

function awaitConfig(socket: BenchSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('config', onConfig);
      reject(new Error(`no config within ${REQUEST_TIMEOUT_MS} ms`));
    }, REQUEST_TIMEOUT_MS);
    const onConfig = () => {
      clearTimeout(timer);
      socket.off('connect_error', onError);
      resolve();
    };
    const onError = (error: Error) => {
      clearTimeout(timer);
      socket.off('config', onConfig);
      reject(new Error(`connect_error: ${error.message}${describe(error)}`));
    };
    socket.once('config', onConfig);
    socket.once('connect_error', onError);
  });
}

async function arrive(index: number, joinMs: number[], connectMs: number[]): Promise<void> {
  const begin = performance.now();
  const socket: BenchSocket = io(data.urls[index % data.urls.length] as string, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: REQUEST_TIMEOUT_MS,
  });
  sockets.push(socket);
  socket.onAny((event: string) => countEvent(counts, event));
  await awaitConfig(socket);
  const emitted = performance.now();
  connectMs.push(emitted - begin);
  const result = await socket
    .timeout(REQUEST_TIMEOUT_MS)
    .emitWithAck('join', { roomId: data.roomId });
  joinMs.push(performance.now() - emitted);
  if (result.ok) {
    countAck(counts, result.value.peers.length);
    joined.push(socket);
  } else {
    countAck(counts, undefined, result.error.code);
    throw new Error(`join refused: ${result.error.code}`);
  }
}

/** Opens this worker's share: global indices workerIndex, workerIndex + workers, ... */
async function arrivals(): Promise<FromWorker> {
  const mine: number[] = [];
  for (let i = data.workerIndex; i < data.total; i += data.workers) mine.push(i);
  const rate = data.ratePerSecond / data.workers;
  const deadline = (mine.length / rate) * 1000 * 3 + REQUEST_TIMEOUT_MS;
  const joinMs: number[] = [];
  const connectMs: number[] = [];
  const inFlight = new Set<Promise<void>>();
  await sleep(Math.max(0, data.startAtEpochMs - Date.now()));
  const schedStart = ownSchedstat();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const eluStart = performance.eventLoopUtilization();
  const started = performance.now();
  let opened = 0;
  while (opened < mine.length && performance.now() - started < deadline) {
    const due = dueCount(
      performance.now() - started,
      rate,
      opened,
      mine.length,
      Math.max(1, Math.ceil(rate * MAX_BURST_SECONDS)),
    );
    for (let n = 0; n < due; n++) {
      const index = mine[opened++] as number;
      const task: Promise<void> = arrive(index, joinMs, connectMs)
        .catch((error: unknown) => keep(`client ${index}: ${String(error)}`))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await sleep(TICK_MS);
  }
  const sentMs = performance.now() - started;
  if (opened < mine.length) keep(`opened only ${opened} of ${mine.length} before the deadline`);
  // Every arrival settles within REQUEST_TIMEOUT_MS twice (config, then join ack).
  await Promise.race([Promise.all(inFlight), sleep(2 * REQUEST_TIMEOUT_MS + 1_000)]);
  const elu = performance.eventLoopUtilization(eluStart);
  loop.disable();
  const schedEnd = ownSchedstat();
  return {
    type: 'arrived',
    joinMs,
    connectMs,
    joined: joined.length,
    failures,
    errors: errors.splice(0),
    arrivalMs: sentMs,
    settledMs: performance.now() - started,
    eventLoopUtilization: elu.utilization,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    cpuMs: schedStart && schedEnd ? schedEnd.cpuMs - schedStart.cpuMs : undefined,
    runQueueWaitMs: schedStart && schedEnd ? schedEnd.waitMs - schedStart.waitMs : undefined,
    counts: structuredClone(counts),
  };
}

/** The first `count` joined clients leave the room, paced at `ratePerSecond`. */
async function leaves(count: number, ratePerSecond: number): Promise<FromWorker> {
  const leaving = joined.slice(0, count);
  const leaveMs: number[] = [];
  const tasks: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < leaving.length; i++) {
    await sleep(Math.max(0, started + (i * 1000) / ratePerSecond - performance.now()));
    const socket = leaving[i] as BenchSocket;
    const emitted = performance.now();
    tasks.push(
      socket
        .timeout(REQUEST_TIMEOUT_MS)
        .emitWithAck('leave', { roomId: data.roomId })
        .then((result) => {
          leaveMs.push(performance.now() - emitted);
          countAck(counts, undefined, result.ok ? undefined : result.error.code);
        })
        .catch((error: unknown) => keep(`leave: ${String(error)}`)),
    );
  }
  await Promise.all(tasks);
  return { type: 'left', leaveMs, failures, errors: errors.splice(0) };
}

port.on('message', (message: ToWorker) => {
  const reply = (answer: Promise<FromWorker> | FromWorker) =>
    Promise.resolve(answer).then(
      (value) => port.postMessage(value),
      (error: unknown) => port.postMessage({ type: 'failed', error: String(error) }),
    );
  switch (message.type) {
    case 'arrive':
      void reply(arrivals());
      break;
    case 'snapshot':
      void reply({ type: 'snapshot', counts: structuredClone(counts) });
      break;
    case 'leave':
      void reply(leaves(message.count, message.ratePerSecond));
      break;
    case 'close':
      for (const socket of sockets.splice(0)) {
        socket.removeAllListeners();
        socket.offAny();
        socket.disconnect();
      }
      port.postMessage({ type: 'closed' });
      port.close();
      break;
  }
});
