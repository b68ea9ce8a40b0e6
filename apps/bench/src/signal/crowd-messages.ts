// What the flash-crowd parent and its client workers say to each other.
import type { CrowdCounts } from './crowd-tally.ts';

export interface CrowdWorkerData {
  urls: string[];
  roomId: string;
  workerIndex: number;
  workers: number;
  /** Clients in the whole crowd; this worker opens indices workerIndex + k * workers. */
  total: number;
  /** Arrivals per second of the whole crowd. */
  ratePerSecond: number;
  /** Wall-clock instant (Date.now()) at which every worker starts, so arrivals interleave. */
  startAtEpochMs: number;
}

export type ToWorker =
  | { type: 'arrive' }
  | { type: 'snapshot' }
  | { type: 'leave'; count: number; ratePerSecond: number }
  | { type: 'close' };

export interface Arrived {
  type: 'arrived';
  joinMs: number[];
  connectMs: number[];
  joined: number;
  failures: number;
  errors: string[];
  /** From the first arrival to the last one opened. */
  arrivalMs: number;
  /** From the first arrival until every join was answered (or timed out). */
  settledMs: number;
  /** Share of the arrival phase this worker's event loop was busy: near 1, the client is the bottleneck. */
  eventLoopUtilization: number;
  loopDelayP99Ms: number;
  /** This worker thread's CPU time during the arrivals, and its time runnable but waiting for a core. */
  cpuMs: number | undefined;
  runQueueWaitMs: number | undefined;
  counts: CrowdCounts;
}

export type FromWorker =
  | Arrived
  | { type: 'snapshot'; counts: CrowdCounts }
  | { type: 'left'; leaveMs: number[]; failures: number; errors: string[] }
  | { type: 'closed' }
  | { type: 'failed'; error: string };
